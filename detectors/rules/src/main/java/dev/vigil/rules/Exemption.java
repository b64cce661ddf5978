package dev.vigil.rules;

import dev.vigil.model.Exemptions;
import dev.vigil.model.Nullable;
import dev.vigil.model.Plates;

/** Whether a plate is exempt from enforcement: listed, or ending with a listed suffix (e.g. 警). */
public final class Exemption {
    private Exemption() {}

    /** {@code plate} must already be normalised; registry plates are normalised here. */
    public static boolean isExempt(@Nullable String plate, Exemptions exemptions) {
        if (plate == null) {
            return false;
        }
        for (String listed : exemptions.plates()) {
            if (plate.equals(Plates.normalize(listed))) {
                return true;
            }
        }
        for (String suffix : exemptions.plateSuffixes()) {
            String normalized = Plates.normalize(suffix);
            if (normalized != null && plate.endsWith(normalized)) {
                return true;
            }
        }
        return false;
    }
}
