package dev.vigil.rules;

import dev.vigil.model.CameraEvent;
import dev.vigil.model.Device;
import dev.vigil.model.Plates;
import dev.vigil.model.Section;
import dev.vigil.model.ViolationType;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;

/**
 * Section speed (区间测速): an exit pass is paired with the latest unpaired entry pass of the same
 * readable plate at least {@link #MIN_TRAVEL_MILLIS} and at most {@link #maxTravelMillis} before
 * it; the average speed over the section is banded like speeding. One violation per pair, never
 * merged: its first observation is the entry pass, its last the exit pass.
 */
public final class SectionSpeed {
    /** The shortest travel time considered: below it the pair is a clock or plate error. */
    public static final long MIN_TRAVEL_MILLIS = 1000;
    /** The slowest average considered: slower travellers stopped on the way. */
    public static final BigDecimal MIN_AVERAGE_KMH = BigDecimal.valueOf(5);

    private static final BigDecimal KMH_PER_M_PER_S = new BigDecimal("3.6");
    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);

    private SectionSpeed() {}

    /** The longest travel time paired: the section's length at 5 km/h. */
    public static long maxTravelMillis(Section section) {
        return BigDecimal.valueOf(section.lengthMeters()).multiply(KMH_PER_M_PER_S).multiply(THOUSAND)
                .divide(MIN_AVERAGE_KMH, MathContext.DECIMAL64).longValue();
    }

    /** lengthMeters / seconds × 3.6, in decimal. */
    public static BigDecimal averageKmh(Section section, long travelMillis) {
        return BigDecimal.valueOf(section.lengthMeters()).multiply(KMH_PER_M_PER_S).multiply(THOUSAND)
                .divide(BigDecimal.valueOf(travelMillis), MathContext.DECIMAL64);
    }

    /**
     * The observations of a pair, entry then exit, or an empty list when the average is not
     * speeding (or the table has no band for it). Both carry the average, the section's limit and
     * the section id, so the violation built from them is scoped by the section.
     */
    public static List<Observation> observe(Section section, CameraEvent entry, Device entryDevice, CameraEvent exit,
            Device exitDevice, CodeTable table, boolean exempt) {
        long travel = exit.eventTime().toEpochMilli() - entry.eventTime().toEpochMilli();
        BigDecimal average = averageKmh(section, travel);
        BigDecimal limit = BigDecimal.valueOf(section.speedLimitKmh());
        BigDecimal over = average.subtract(limit).multiply(BigDecimal.valueOf(100)).divide(limit, MathContext.DECIMAL64);
        CodeTableVersion version = table.at(entry.eventTime());
        CodeEntry band = version.band(ViolationType.SECTION_SPEEDING, over);
        if (band == null) {
            return List.of();
        }
        String decision = "{\"rule\":\"SECTION_SPEEDING\",\"sectionId\":" + CameraFlagged.quote(section.id())
                + ",\"lengthMeters\":" + section.lengthMeters() + ",\"travelMillis\":" + travel
                + ",\"averageKmh\":" + average.round(MathContext.DECIMAL32).toPlainString() + ",\"limitKmh\":" + section.speedLimitKmh()
                + ",\"entry\":" + CameraFlagged.quote(entry.sourceEventId()) + ",\"exit\":" + CameraFlagged.quote(exit.sourceEventId()) + "}";
        return List.of(
                observation(entry, entryDevice, section, band, version, average, over, decision, exempt),
                observation(exit, exitDevice, section, band, version, average, over, decision, exempt));
    }

    /** Whether a pass can take part in section speed: its plate is readable. */
    public static boolean pairable(CameraEvent pass) {
        return pass.plate() != null && Plates.normalize(pass.plate().number()) != null;
    }

    private static Observation observation(CameraEvent e, Device d, Section s, CodeEntry band, CodeTableVersion version,
            BigDecimal average, BigDecimal over, String decision, boolean exempt) {
        Observation o = Observations.of(e, d, band, version.version(), s.speedLimitKmh(), over, decision, exempt);
        return Observations.placed(o, null, s.id(), average.doubleValue());
    }
}
