package dev.vigil.deploy.sim;

import dev.vigil.model.Device;
import dev.vigil.model.Direction;
import dev.vigil.model.Signal;

/**
 * Fixed-time traffic lights: a 90 s cycle per junction, east–west green 0–42 s, yellow to 45 s,
 * then red while north–south has its green and yellow. Junctions are offset by their east–west
 * position so that a vehicle at about 40 km/h meets green waves along the east–west arterials.
 */
final class SignalPlan {
    static final long CYCLE_MILLIS = 90_000;
    private static final long GREEN_END = 42_000;
    private static final long RED_START = 45_000;
    private static final double WAVE_METERS_PER_MILLI = 40 / 3.6 / 1000;
    private static final double METERS_PER_DEGREE = 111_320;

    private final double referenceLon;

    SignalPlan(double referenceLon) {
        this.referenceLon = referenceLon;
    }

    Signal state(Device device, Direction heading, long time) {
        long p = position(device, heading, time);
        return p < GREEN_END ? Signal.GREEN : p < RED_START ? Signal.YELLOW : Signal.RED;
    }

    /** {@code time} if the light shows green then, else when it next turns green. */
    long greenFrom(Device device, Direction heading, long time) {
        long p = position(device, heading, time);
        return p < GREEN_END ? time : time + (CYCLE_MILLIS - p);
    }

    /** {@code time} if the light shows red then, else when it next turns red. */
    long redFrom(Device device, Direction heading, long time) {
        long p = position(device, heading, time);
        return p >= RED_START ? time : time + (RED_START - p);
    }

    /** How long green lasts from its start. */
    static long greenMillis() {
        return GREEN_END;
    }

    /** How long red lasts from its start. */
    static long redMillis() {
        return CYCLE_MILLIS - RED_START;
    }

    private long position(Device device, Direction heading, long time) {
        double eastMeters = (device.location().lon() - referenceLon) * METERS_PER_DEGREE * Math.cos(Math.toRadians(device.location().lat()));
        long offset = (long) (eastMeters / WAVE_METERS_PER_MILLI);
        long shift = heading == Direction.N || heading == Direction.S ? RED_START : 0;
        return Math.floorMod(time - offset + shift, CYCLE_MILLIS);
    }
}
