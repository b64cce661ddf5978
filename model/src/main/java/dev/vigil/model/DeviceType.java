package dev.vigil.model;

/** Kind of camera in the registry. */
public enum DeviceType {
    /** Junction enforcement camera (电子警察). */
    E_POLICE,
    /** Road checkpoint (卡口), also the ends of speed sections. */
    CHECKPOINT,
    /** Illegal-parking camera watching no-parking zones. */
    PARKING
}
