package dev.vigil.model;

/** Where a violation stands: REJECTED outranks REVIEW, which outranks CONFIRMED. */
public enum ViolationStatus {
    CONFIRMED,
    REVIEW,
    REJECTED
}
