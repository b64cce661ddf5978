package dev.vigil.pipeline.alert;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.model.Alert;
import dev.vigil.model.AlertKind;
import dev.vigil.model.Nullable;
import dev.vigil.model.VigilJson;
import dev.vigil.rules.ViolationIds;
import java.time.Instant;

/** Building alerts: the deterministic id of DESIGN §9 and the details object. */
final class Alerts {
    private Alerts() {}

    /** Hex SHA-256 of {@code kind|subject|eventTime epoch millis}, subject being the plate or the device. */
    static String alertId(AlertKind kind, String subject, Instant eventTime) {
        return ViolationIds.sha256Hex(kind.name() + '|' + subject + '|' + eventTime.toEpochMilli());
    }

    static ObjectNode details() {
        return VigilJson.mapper().createObjectNode();
    }

    static Alert alert(AlertKind kind, Instant eventTime, @Nullable String plate, @Nullable String deviceId, @Nullable String siteId,
            @Nullable String district, ObjectNode details) {
        return new Alert(alertId(kind, plate != null ? plate : deviceId, eventTime), kind, eventTime, plate, deviceId, siteId, district,
                details.toString(), Instant.now());
    }

    /** Times in details as the documents write them: UTC with milliseconds. */
    static String time(long epochMillis) {
        return VigilJson.OUTPUT_TIME.format(Instant.ofEpochMilli(epochMillis));
    }
}
