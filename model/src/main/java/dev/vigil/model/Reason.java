package dev.vigil.model;

/**
 * Why a violation is not simply CONFIRMED. Declaration order is the order in which a violation
 * lists its reasons.
 */
public enum Reason {
    EXEMPT_VEHICLE,
    PLATE_UNREADABLE,
    LOW_PLATE_CONFIDENCE,
    INSUFFICIENT_EVIDENCE,
    LOW_RESOLUTION,
    NO_AUTOMATIC_PENALTY
}
