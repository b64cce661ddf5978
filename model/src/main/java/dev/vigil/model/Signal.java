package dev.vigil.model;

/** The light governing a movement at the moment of the event. */
public enum Signal {
    RED,
    YELLOW,
    GREEN,
    OFF
}
