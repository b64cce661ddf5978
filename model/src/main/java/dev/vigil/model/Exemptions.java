package dev.vigil.model;

import java.util.List;

/**
 * Vehicles whose violations are rejected for audit rather than enforced.
 *
 * @param plates exempt plate numbers
 * @param plateSuffixes exempt suffixes, such as 警 for police vehicles
 */
public record Exemptions(List<String> plates, List<String> plateSuffixes) {
    public static final Exemptions NONE = new Exemptions(List.of(), List.of());

    public Exemptions {
        plates = plates == null ? List.of() : List.copyOf(plates);
        plateSuffixes = plateSuffixes == null ? List.of() : List.copyOf(plateSuffixes);
    }
}
