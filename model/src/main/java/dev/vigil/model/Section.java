package dev.vigil.model;

/**
 * A section-speed (区间测速) stretch between two checkpoints.
 *
 * @param entryDevice the device id where vehicles enter
 * @param exitDevice the device id where vehicles leave
 */
public record Section(String id, String entryDevice, String exitDevice, double lengthMeters, double speedLimitKmh) {}
