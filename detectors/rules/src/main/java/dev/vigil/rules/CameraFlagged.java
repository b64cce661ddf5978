package dev.vigil.rules;

import dev.vigil.model.CameraEvent;
import dev.vigil.model.Device;
import dev.vigil.model.Nullable;
import dev.vigil.model.ViolationType;
import java.math.BigDecimal;
import java.math.MathContext;

/**
 * Camera-flagged violations (kind VIOLATION): the camera's code through the code table in force at
 * the event time to its type. A code the table lacks (or a section-speed code, which is only
 * derived) is no observation: the pipeline dead-letters it as UNKNOWN_VIOLATION_CODE.
 */
public final class CameraFlagged {
    private CameraFlagged() {}

    /**
     * The observation, or null when the code is not a camera code of the table.
     *
     * @param exempt whether the registry exempts the event's plate ({@link Exemption#isExempt})
     */
    @Nullable
    public static Observation observe(CameraEvent event, Device device, CodeTable table, boolean exempt) {
        CodeTableVersion version = table.at(event.eventTime());
        CodeEntry entry = version.forCameraCode(event.violationCode());
        if (entry == null) {
            return null;
        }
        BigDecimal over = null;
        Double limit = null;
        if (entry.type() == ViolationType.SPEEDING && event.speedKmh() != null && device.speedLimitKmh() != null) {
            limit = device.speedLimitKmh();
            over = overPercent(event.speedKmh(), limit);
        }
        String decision = "{\"sourceEventId\":" + quote(event.sourceEventId())
                + ",\"rule\":\"CAMERA_FLAGGED\",\"violationCode\":" + quote(event.violationCode()) + "}";
        return Observations.of(event, device, entry, version.version(), limit, over, decision, exempt);
    }

    /** (speed − limit) × 100 / limit in decimal arithmetic (DECIMAL64), never binary floating point. */
    public static BigDecimal overPercent(double speedKmh, double limitKmh) {
        BigDecimal limit = BigDecimal.valueOf(limitKmh);
        return BigDecimal.valueOf(speedKmh).subtract(limit).multiply(BigDecimal.valueOf(100))
                .divide(limit, MathContext.DECIMAL64);
    }

    static String quote(@Nullable String s) {
        return s == null ? "null" : dev.vigil.model.VigilJson.toJson(s);
    }

}
