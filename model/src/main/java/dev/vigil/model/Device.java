package dev.vigil.model;

import java.util.List;

/**
 * A camera in the registry.
 *
 * @param siteId the junction, checkpoint or street the camera belongs to; violations are merged
 *     per site
 * @param speedLimitKmh the limit SPEEDING is judged against, when the device measures speed
 * @param lanes the monitored lanes, for WRONG_WAY and WRONG_LANE
 * @param prohibitedMovements movements banned at this approach (禁左, 禁止调头)
 * @param rightTurnOnRedAllowed whether a right turn on red is legal here (default true)
 * @param zones the no-parking zones of a parking camera
 */
public record Device(
        String id,
        DeviceType type,
        String siteId,
        @Nullable String name,
        @Nullable String district,
        @Nullable String road,
        GeoPoint location,
        @Nullable Double speedLimitKmh,
        List<Lane> lanes,
        List<Movement> prohibitedMovements,
        boolean rightTurnOnRedAllowed,
        List<Zone> zones) {

    public Device {
        lanes = lanes == null ? List.of() : List.copyOf(lanes);
        prohibitedMovements = prohibitedMovements == null ? List.of() : List.copyOf(prohibitedMovements);
        zones = zones == null ? List.of() : List.copyOf(zones);
    }

    /** The lane numbered {@code number}, or null when the registry does not know it. */
    @Nullable
    public Lane lane(int number) {
        for (Lane lane : lanes) {
            if (lane.number() == number) {
                return lane;
            }
        }
        return null;
    }

    /** The zone with this id, or null when it is not one of this device's zones. */
    @Nullable
    public Zone zone(String zoneId) {
        for (Zone zone : zones) {
            if (zone.id().equals(zoneId)) {
                return zone;
            }
        }
        return null;
    }
}
