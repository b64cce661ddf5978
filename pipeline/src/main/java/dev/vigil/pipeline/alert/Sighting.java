package dev.vigil.pipeline.alert;

import dev.vigil.model.Nullable;
import dev.vigil.pipeline.registry.Checked;

/**
 * A readable plate seen by a device at a time: what the plate-keyed alerts reason about.
 *
 * @param eventTime epoch millis
 */
public record Sighting(String plate, long eventTime, String deviceId, String siteId, @Nullable String district, double lat, double lon,
        String sourceEventId) {

    /** The sighting in an on-time event, or null when its plate is unreadable. */
    @Nullable
    public static Sighting of(Checked checked) {
        if (checked.plate() == null) {
            return null;
        }
        return new Sighting(checked.plate(), checked.event().eventTime().toEpochMilli(), checked.device().id(), checked.device().siteId(),
                checked.device().district(), checked.device().location().lat(), checked.device().location().lon(),
                checked.event().sourceEventId());
    }
}
