package dev.vigil.model;

/** Background colour of a Chinese licence plate (GREEN: new-energy vehicles). */
public enum PlateColor {
    BLUE,
    YELLOW,
    GREEN,
    WHITE,
    BLACK,
    OTHER
}
