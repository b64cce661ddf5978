package dev.vigil.model;

/** The kind of road user an event is about. */
public enum Subject {
    MOTOR_VEHICLE,
    NON_MOTOR_VEHICLE,
    PEDESTRIAN
}
