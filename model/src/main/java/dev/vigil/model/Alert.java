package dev.vigil.model;

import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.time.Instant;

/**
 * Something a duty officer should look at now (Kafka {@code vigil.alerts}, Elasticsearch
 * {@code vigil-alerts}); see {@code schema/alert.schema.json}.
 *
 * @param eventTime the moment that triggered the alert
 * @param details kind-specific details (the sightings, violations or silence interval that raised
 *     it) as a JSON object text
 */
public record Alert(
        String alertId,
        AlertKind kind,
        Instant eventTime,
        @Nullable String plate,
        @Nullable String deviceId,
        @Nullable String siteId,
        @Nullable String district,
        @JsonRawValue @JsonDeserialize(using = RawJsonDeserializer.class) String details,
        @Nullable Instant detectedAt) {}
