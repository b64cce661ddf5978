package dev.vigil.rules;

import dev.vigil.model.Nullable;
import dev.vigil.model.ViolationType;
import java.io.Serializable;

/**
 * One line of the code table.
 *
 * @param code the national or regional violation code; null for types without one
 * @param minOverPercent for speeding bands: the lowest over-percentage of the band
 */
public record CodeEntry(
        ViolationType type,
        @Nullable String code,
        @Nullable String description,
        @Nullable Integer fineYuan,
        @Nullable Integer points,
        @Nullable Integer minOverPercent) implements Serializable {}
