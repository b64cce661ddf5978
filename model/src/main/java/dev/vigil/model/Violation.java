package dev.vigil.model;

import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.time.Instant;
import java.util.List;

/**
 * One revision of a violation (Kafka {@code vigil.violations}, Elasticsearch
 * {@code vigil-violations-YYYY.MM}); see {@code schema/violation.schema.json}. A violation's id is
 * deterministic, so a replay yields the same ids, and each merge of a new observation into it
 * yields a new revision.
 *
 * @param plate the normalised plate, null when no plate was read
 * @param deviceIds the devices that observed it, in observation order, never empty
 * @param siteId the registry site of the first device
 * @param eventTime the first observation
 * @param lastEventTime the latest observation
 * @param evidence images in observation order without duplicates
 * @param sourceEventIds {@code vendor:eventId} of every observation, in observation order
 * @param decision what the rules saw and decided, as a JSON object text (stored, not indexed)
 * @param tableVersion the version of the code table that classified it
 */
public record Violation(
        String violationId,
        int revision,
        ViolationType type,
        @Nullable String code,
        @Nullable String description,
        ViolationStatus status,
        List<Reason> reasons,
        @Nullable Plate plate,
        @Nullable Subject subject,
        List<String> deviceIds,
        String siteId,
        @Nullable String zoneId,
        @Nullable String sectionId,
        @Nullable String district,
        @Nullable String road,
        @Nullable GeoPoint location,
        Instant eventTime,
        Instant lastEventTime,
        @Nullable Double speedKmh,
        @Nullable Double limitKmh,
        @Nullable Double overPercent,
        @Nullable Integer fineYuan,
        @Nullable Integer points,
        List<Evidence> evidence,
        List<String> sourceEventIds,
        @JsonRawValue @JsonDeserialize(using = RawJsonDeserializer.class) @Nullable String decision,
        @Nullable String tableVersion,
        Instant detectedAt) {

    public Violation {
        if (reasons == null) {
            reasons = List.of();
        }
        if (evidence == null) {
            evidence = List.of();
        }
    }
}
