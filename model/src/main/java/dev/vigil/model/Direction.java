package dev.vigil.model;

/** Compass heading of a road user or a lane: where it is going, not where it comes from. */
public enum Direction {
    N,
    E,
    S,
    W;

    /** The heading a wrong-way driver has relative to this one (N and S, E and W). */
    public Direction opposite() {
        return switch (this) {
            case N -> S;
            case S -> N;
            case E -> W;
            case W -> E;
        };
    }
}
