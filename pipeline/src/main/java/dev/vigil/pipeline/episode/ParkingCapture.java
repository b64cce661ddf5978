package dev.vigil.pipeline.episode;

import dev.vigil.rules.Observation;

/** A capture in a no-parking zone, with how long the zone tolerates a stop before it is a violation. */
public record ParkingCapture(Observation observation, int minIntervalSeconds) {}
