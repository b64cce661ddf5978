package dev.vigil.model;

/** Coarse vehicle class as the camera classified it. */
public enum VehicleClass {
    CAR,
    BUS,
    TRUCK,
    MOTORCYCLE,
    SPECIAL,
    OTHER
}
