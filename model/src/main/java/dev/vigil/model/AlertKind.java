package dev.vigil.model;

/** Kinds of alert raised for command centres. */
public enum AlertKind {
    HOTLIST_HIT,
    REPEAT_OFFENDER,
    CLONED_PLATE_SUSPECT,
    DEVICE_SILENT,
    DEVICE_RECOVERED
}
