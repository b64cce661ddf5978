package dev.vigil.rules;

import dev.vigil.model.CameraEvent;
import dev.vigil.model.Device;
import dev.vigil.model.Nullable;
import dev.vigil.model.Plates;
import dev.vigil.model.ViolationType;
import dev.vigil.model.Zone;

/**
 * Illegal parking: a PARKING capture of a readable plate in one of the device's zones is an
 * observation for that zone's episode. Captures of one plate in one zone form an episode while
 * each gap is at most {@link #MAX_GAP_SECONDS}; the violation exists once the episode spans the
 * zone's {@code minIntervalSeconds}. Captures without a readable plate form no episode.
 */
public final class ParkingRules {
    /** Longest gap between two captures of one parked vehicle. */
    public static final long MAX_GAP_SECONDS = 30 * 60;

    private ParkingRules() {}

    /** The observation of a capture, or null when its plate is unreadable or the table lacks the type. */
    @Nullable
    public static Observation observe(CameraEvent capture, Device device, Zone zone, CodeTable table, boolean exempt) {
        if (capture.plate() == null || Plates.normalize(capture.plate().number()) == null) {
            return null;
        }
        CodeTableVersion version = table.at(capture.eventTime());
        CodeEntry entry = version.forType(ViolationType.ILLEGAL_PARKING);
        if (entry == null) {
            return null;
        }
        String decision = "{\"sourceEventId\":" + CameraFlagged.quote(capture.sourceEventId())
                + ",\"rule\":\"ILLEGAL_PARKING\",\"zoneId\":" + CameraFlagged.quote(zone.id())
                + ",\"minIntervalSeconds\":" + zone.minIntervalSeconds() + "}";
        return Observations.placed(Observations.of(capture, device, entry, version.version(), null, null, decision, exempt),
                zone.id(), null, null);
    }
}
