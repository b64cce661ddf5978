package dev.vigil.model;

/**
 * A no-parking zone watched by a parking camera.
 *
 * @param minIntervalSeconds how long a vehicle must be seen parked before it is a violation
 */
public record Zone(String id, int minIntervalSeconds) {
    public static final int DEFAULT_MIN_INTERVAL_SECONDS = 300;
}
