package dev.vigil.model;

import java.util.List;

/**
 * A lane of an approach.
 *
 * @param number 1 = leftmost in the direction of travel
 * @param direction where traffic in this lane legally heads, when known
 * @param movements the movements its guide arrows allow; empty means unrestricted
 */
public record Lane(int number, @Nullable Direction direction, List<Movement> movements) {
    public Lane {
        movements = movements == null ? List.of() : List.copyOf(movements);
    }
}
