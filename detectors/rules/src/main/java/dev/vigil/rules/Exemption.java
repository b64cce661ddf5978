package dev.vigil.rules;

import dev.vigil.model.Exemptions;
import dev.vigil.model.Nullable;
import dev.vigil.model.Plates;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Whether a plate is exempt from enforcement: listed, or ending with a listed suffix (e.g. 警).
 * The registry's plates and suffixes are normalised once, when the exemptions are built.
 */
public final class Exemption {
    public static final Exemption NONE = new Exemption(Set.of(), List.of());

    private final Set<String> plates;
    private final List<String> suffixes;

    private Exemption(Set<String> plates, List<String> suffixes) {
        this.plates = plates;
        this.suffixes = suffixes;
    }

    /** The registry's exemptions, normalised like the plates they are compared with. */
    public static Exemption of(Exemptions exemptions) {
        Set<String> plates = new HashSet<>();
        for (String listed : exemptions.plates()) {
            String normalized = Plates.normalize(listed);
            if (normalized != null) {
                plates.add(normalized);
            }
        }
        List<String> suffixes = new ArrayList<>();
        for (String suffix : exemptions.plateSuffixes()) {
            String normalized = Plates.normalize(suffix);
            if (normalized != null) {
                suffixes.add(normalized);
            }
        }
        return new Exemption(Set.copyOf(plates), List.copyOf(suffixes));
    }

    /** {@code plate} must already be normalised. */
    public boolean covers(@Nullable String plate) {
        if (plate == null) {
            return false;
        }
        if (plates.contains(plate)) {
            return true;
        }
        for (String suffix : suffixes) {
            if (plate.endsWith(suffix)) {
                return true;
            }
        }
        return false;
    }

    /** One-off check; callers on a hot path keep an {@link #of} instance instead. */
    public static boolean isExempt(@Nullable String plate, Exemptions exemptions) {
        return of(exemptions).covers(plate);
    }
}
