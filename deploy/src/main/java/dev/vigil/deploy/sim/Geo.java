package dev.vigil.deploy.sim;

import dev.vigil.model.Device;

/** Great-circle distances between cameras. */
final class Geo {
    private static final double EARTH_RADIUS_METERS = 6_371_008.8;

    private Geo() {}

    static double meters(Device a, Device b) {
        double lat1 = Math.toRadians(a.location().lat());
        double lat2 = Math.toRadians(b.location().lat());
        double dLat = lat2 - lat1;
        double dLon = Math.toRadians(b.location().lon() - a.location().lon());
        double h = Math.sin(dLat / 2) * Math.sin(dLat / 2) + Math.cos(lat1) * Math.cos(lat2) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
        return 2 * EARTH_RADIUS_METERS * Math.asin(Math.min(1, Math.sqrt(h)));
    }
}
