package dev.vigil.rules;

import dev.vigil.model.Nullable;
import dev.vigil.model.ViolationType;
import java.math.BigDecimal;

/**
 * What a rule found in one event, and why.
 *
 * @param limitKmh the limit a speed type was judged against
 * @param over the exact over-percentage, for speed types
 * @param decision the inputs that decided it, as a JSON object text
 */
public record Finding(ViolationType type, @Nullable Double limitKmh, @Nullable BigDecimal over, String decision) {}
