package dev.vigil.model;

/** Every type of violation Vigil produces. */
public enum ViolationType {
    RED_LIGHT,
    WRONG_LANE,
    WRONG_WAY,
    PROHIBITED_TURN,
    SPEEDING,
    SECTION_SPEEDING,
    ILLEGAL_PARKING,
    NOT_YIELDING_TO_PEDESTRIAN,
    NON_MOTOR_RED_LIGHT,
    PEDESTRIAN_RED_LIGHT
}
