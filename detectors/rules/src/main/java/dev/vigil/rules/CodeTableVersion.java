package dev.vigil.rules;

import dev.vigil.model.Nullable;
import dev.vigil.model.ViolationType;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The code table in force from {@code effectiveFrom} until the next version. */
public final class CodeTableVersion implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String version;
    private final Instant effectiveFrom;
    private final List<CodeEntry> entries;
    private final Map<String, CodeEntry> byCode = new HashMap<>();
    private final Map<ViolationType, CodeEntry> byType = new HashMap<>();

    public CodeTableVersion(String version, Instant effectiveFrom, List<CodeEntry> entries) {
        this.version = version;
        this.effectiveFrom = effectiveFrom;
        this.entries = List.copyOf(entries);
        for (CodeEntry entry : entries) {
            if (entry.code() != null && byCode.put(entry.code(), entry) != null) {
                throw new IllegalArgumentException("code table " + version + ": code " + entry.code() + " listed twice");
            }
            if (entry.minOverPercent() == null && byType.put(entry.type(), entry) != null) {
                throw new IllegalArgumentException("code table " + version + ": type " + entry.type() + " listed twice");
            }
        }
    }

    public String version() {
        return version;
    }

    public Instant effectiveFrom() {
        return effectiveFrom;
    }

    public List<CodeEntry> entries() {
        return entries;
    }

    /**
     * The entry a camera may flag with {@code code}: any code of the table except section-speed
     * codes, which are only ever derived. Null when the code is null or not such a code.
     */
    @Nullable
    public CodeEntry forCameraCode(@Nullable String code) {
        if (code == null) {
            return null;
        }
        CodeEntry entry = byCode.get(code);
        return entry == null || entry.type() == ViolationType.SECTION_SPEEDING ? null : entry;
    }

    /** The entry of a type without bands, or null when the table lacks it. */
    @Nullable
    public CodeEntry forType(ViolationType type) {
        return byType.get(type);
    }

    /**
     * The band of {@code type} (SPEEDING or SECTION_SPEEDING) for an exact over-percentage: the
     * band with the highest {@code minOverPercent} not above {@code over}; null below every band.
     */
    @Nullable
    public CodeEntry band(ViolationType type, BigDecimal over) {
        CodeEntry best = null;
        for (CodeEntry entry : entries) {
            if (entry.type() == type && entry.minOverPercent() != null
                    && over.compareTo(BigDecimal.valueOf(entry.minOverPercent())) >= 0
                    && (best == null || entry.minOverPercent() > best.minOverPercent())) {
                best = entry;
            }
        }
        return best;
    }
}
