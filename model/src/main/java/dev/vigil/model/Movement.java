package dev.vigil.model;

/** What a road user does at a junction. */
public enum Movement {
    STRAIGHT,
    LEFT,
    RIGHT,
    U_TURN
}
