package dev.vigil.rules;

import dev.vigil.model.GeoPoint;
import dev.vigil.model.Image;
import dev.vigil.model.Nullable;
import dev.vigil.model.PlateColor;
import dev.vigil.model.Subject;
import dev.vigil.model.ViolationType;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * What one camera event contributes to one violation: found by a rule (or flagged by the camera),
 * classified through the code table, placed by the registry. Episodes merge observations into
 * violations.
 *
 * @param plate the normalised plate number, null when unreadable
 * @param sourceEventId {@code vendor:eventId}
 * @param over the exact over-percentage for speed types, else null
 * @param decision what the rule saw and decided, as a JSON object text
 * @param exempt whether the registry exempts the plate
 */
public record Observation(
        ViolationType type,
        @Nullable String code,
        @Nullable String description,
        @Nullable Integer fineYuan,
        @Nullable Integer points,
        String tableVersion,
        String sourceEventId,
        Instant eventTime,
        @Nullable String plate,
        @Nullable PlateColor plateColor,
        @Nullable Double plateConfidence,
        Subject subject,
        String deviceId,
        String siteId,
        @Nullable String district,
        @Nullable String road,
        @Nullable GeoPoint location,
        @Nullable String zoneId,
        @Nullable String sectionId,
        @Nullable Double speedKmh,
        @Nullable Double limitKmh,
        @Nullable BigDecimal over,
        List<Image> images,
        String decision,
        boolean exempt) {

    /**
     * The key of the episode this observation belongs to: {@code type|plate|where}, where is the
     * zone for parking, the section for section speed, else the site; an observation without a
     * readable plate is an episode of its own.
     */
    public String episodeKey() {
        return type.name() + '|' + (plate != null ? plate : "#" + sourceEventId) + '|' + where();
    }

    /** What the violation id is scoped by: the zone, else the section, else the site. */
    public String where() {
        if (zoneId != null) {
            return zoneId;
        }
        return sectionId != null ? sectionId : siteId;
    }
}
