package dev.vigil.pipeline.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.model.Alert;
import dev.vigil.model.AlertKind;
import dev.vigil.model.CameraEvent;
import dev.vigil.model.EventKind;
import dev.vigil.model.Plate;
import dev.vigil.model.Subject;
import dev.vigil.model.VigilJson;
import dev.vigil.pipeline.TestDevices;
import dev.vigil.pipeline.registry.Checked;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.junit.jupiter.api.Test;

class HotlistAlertsTest {
    @Test
    void aHotlistedPlateRaisesAnAlertPerPassWithTheNote() throws Exception {
        Instant at = Instant.parse("2026-11-24T02:00:00Z");
        CameraEvent pass = new CameraEvent("e1", "hik", "EP-1", EventKind.PASS, at, Subject.MOTOR_VEHICLE, new Plate("陕A8K123", null, 0.9),
                null, null, null, null, 42.0, null, null, null, List.of());
        List<Alert> alerts = new ArrayList<>();
        HotlistAlerts function = new HotlistAlerts();

        function.flatMap(new Checked("EP-1", new byte[0], pass, TestDevices.JUNCTION_CAMERA, "陕A8K123", false, "盗抢车辆", List.of()),
                new ListCollector<>(alerts));
        function.flatMap(new Checked("EP-1", new byte[0], pass, TestDevices.JUNCTION_CAMERA, "陕A8K123", false, null, List.of()),
                new ListCollector<>(alerts));

        assertThat(alerts).singleElement().satisfies(alert -> {
            assertThat(alert.kind()).isEqualTo(AlertKind.HOTLIST_HIT);
            assertThat(alert.alertId()).isEqualTo(Alerts.alertId(AlertKind.HOTLIST_HIT, "陕A8K123", at));
            assertThat(alert.deviceId()).isEqualTo("EP-1");
            assertThat(alert.district()).isEqualTo("城关镇");
            assertThat(VigilJson.mapper().readTree(alert.details()).path("note").asText()).isEqualTo("盗抢车辆");
            assertThat(VigilJson.mapper().readTree(alert.details()).path("sourceEventId").asText()).isEqualTo("hik:e1");
        });
    }
}
