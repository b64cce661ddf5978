package dev.vigil.rules;

import dev.vigil.model.CameraEvent;
import dev.vigil.model.Device;
import dev.vigil.model.Nullable;
import dev.vigil.model.Plates;
import java.math.BigDecimal;

/** Builds observations from an event, its device and a code-table entry. */
public final class Observations {
    private Observations() {}

    /** The observation of {@code event} at {@code device} classified as {@code entry}. */
    public static Observation of(CameraEvent event, Device device, CodeEntry entry, String tableVersion,
            @Nullable Double limitKmh, @Nullable BigDecimal over, String decision, boolean exempt) {
        String plate = event.plate() == null ? null : Plates.normalize(event.plate().number());
        return new Observation(entry.type(), entry.code(), entry.description(), entry.fineYuan(), entry.points(),
                tableVersion, event.sourceEventId(), event.eventTime(), plate,
                event.plate() == null ? null : event.plate().color(),
                event.plate() == null ? null : event.plate().confidence(),
                event.subject(), device.id(), device.siteId(), device.district(), device.road(), device.location(),
                null, null, over == null ? null : event.speedKmh(), limitKmh, over, event.images(), decision,
                exempt);
    }

    /**
     * {@code o} placed in a no-parking zone or on a speed section, with the speed it is judged by
     * (a section's average); the place scopes the violation's id.
     */
    public static Observation placed(Observation o, @Nullable String zoneId, @Nullable String sectionId,
            @Nullable Double speedKmh) {
        return new Observation(o.type(), o.code(), o.description(), o.fineYuan(), o.points(), o.tableVersion(),
                o.sourceEventId(), o.eventTime(), o.plate(), o.plateColor(), o.plateConfidence(), o.subject(), o.deviceId(),
                o.siteId(), o.district(), o.road(), o.location(), zoneId, sectionId, speedKmh, o.limitKmh(), o.over(),
                o.images(), o.decision(), o.exempt());
    }
}
