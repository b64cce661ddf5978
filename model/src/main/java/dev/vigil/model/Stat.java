package dev.vigil.model;

import java.time.Instant;

/**
 * A one-minute count of first-revision violations of one type at one device (Kafka
 * {@code vigil.stats}, Elasticsearch {@code vigil-stats}); see {@code schema/stat.schema.json}.
 * A late violation re-emits its window's stat with the new count under the same {@code statId}.
 *
 * @param granularity always {@value #ONE_MINUTE}
 * @param deviceId the violation's first device
 */
public record Stat(
        String statId,
        String granularity,
        Instant windowStart,
        Instant windowEnd,
        ViolationType type,
        String deviceId,
        @Nullable String siteId,
        @Nullable String district,
        long count,
        @Nullable Instant updatedAt) {

    public static final String ONE_MINUTE = "1m";
}
