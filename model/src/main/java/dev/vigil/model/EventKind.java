package dev.vigil.model;

/** What a camera event reports: a pass, a violation the camera flagged itself, or a parked vehicle. */
public enum EventKind {
    /** A road user passed a checkpoint or e-police camera. */
    PASS,
    /** The camera flagged a violation itself; {@code violationCode} says which. */
    VIOLATION,
    /** A stationary vehicle captured in a no-parking zone; {@code zoneId} says which. */
    PARKING
}
