package dev.vigil.pipeline.alert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.model.Alert;
import dev.vigil.model.AlertKind;
import dev.vigil.model.VigilJson;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ClonedPlateDetectorTest {
    private static final long T0 = Instant.parse("2026-11-24T02:00:00Z").toEpochMilli();
    /** Two sites 10 km apart along a meridian; 200 km/h covers them in exactly 180 s. */
    private static final double LAT_10_KM = 10_000 / (6_371_008.8 * Math.PI / 180);

    private KeyedOneInputStreamOperatorTestHarness<String, Sighting, Alert> harness;

    @BeforeEach
    void open() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(new ClonedPlateDetector(Duration.ofMinutes(30), 200),
                Sighting::plate, Types.STRING);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void seen(String id, String device, String site, double lat, long millis) throws Exception {
        harness.processElement(new Sighting("陕A12345", T0 + millis, device, site, "城关镇", lat, 108.9, "hik:" + id), 0);
    }

    @Test
    void justAbove200KmhIsSuspectAndJustBelowIsNot() throws Exception {
        double meters = ClonedPlateDetector.haversineMeters(new Sighting("p", 0, "a", "A", null, 0, 108.9, "x"),
                new Sighting("p", 0, "b", "B", null, LAT_10_KM, 108.9, "y"));
        long at200 = Math.round(meters * 18); // millis at exactly 200 km/h
        seen("1", "CK-A", "SITE-A", 0, 0);
        seen("2", "CK-B", "SITE-B", LAT_10_KM, at200 + 5);       // a little slower than 200 km/h: nothing
        seen("3", "CK-C", "SITE-C", 0, 2 * at200 - 5);           // from CK-B in just under at200: faster than 200 km/h
        harness.processWatermark(T0 + 3_600_000);

        assertThat(harness.extractOutputValues()).singleElement().satisfies(alert -> {
            assertThat(alert.kind()).isEqualTo(AlertKind.CLONED_PLATE_SUSPECT);
            assertThat(alert.plate()).isEqualTo("陕A12345");
            assertThat(alert.eventTime()).isEqualTo(Instant.ofEpochMilli(T0 + 2 * at200 - 5));
            assertThat(alert.alertId()).isEqualTo(Alerts.alertId(AlertKind.CLONED_PLATE_SUSPECT, "陕A12345", alert.eventTime()));
            JsonNode details = VigilJson.mapper().readTree(alert.details());
            assertThat(details.path("first").path("deviceId").asText()).isEqualTo("CK-B");
            assertThat(details.path("second").path("deviceId").asText()).isEqualTo("CK-C");
            assertThat(details.path("impliedSpeedKmh").asDouble()).isCloseTo(200, org.assertj.core.data.Offset.offset(0.1));
        });
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void theSameSiteUnderASecondOrBeyondTheWindowIsNotSuspectAndAPairAlertsOncePerWindow() throws Exception {
        seen("1", "EP-1", "SITE-A", 0, 0);
        seen("2", "EP-2", "SITE-A", LAT_10_KM, 1_000);            // same site: a junction's two cameras
        seen("3", "CK-B", "SITE-B", LAT_10_KM, 999);              // under a second after the first
        seen("4", "CK-C", "SITE-C", LAT_10_KM * 3, 31 * 60_000 + 2_000); // 30 km, but 31 min after anything but 3 and 4's pair
        harness.processWatermark(T0 + 2 * 3_600_000);
        assertThat(harness.extractOutputValues()).isEmpty();

        seen("5", "CK-B", "SITE-B", 0, 3 * 3_600_000);
        seen("6", "CK-D", "SITE-D", LAT_10_KM, 3 * 3_600_000 + 60_000);      // 600 km/h: alert
        seen("7", "CK-B", "SITE-B", 0, 3 * 3_600_000 + 120_000);              // the same pair again: no second alert
        seen("8", "CK-D", "SITE-D", LAT_10_KM, 3 * 3_600_000 + 31 * 60_000);  // 29 min after 7: slow
        seen("9", "CK-B", "SITE-B", 0, 3 * 3_600_000 + 32 * 60_000);          // a minute after 8, 31 min after the first alert: a new one
        harness.processWatermark(T0 + 3 * 3_600_000 + 32 * 60_000);
        assertThat(harness.numEventTimeTimers()).as("one cleanup timer for the plate, not one per sighting").isEqualTo(1);
        harness.processWatermark(T0 + 5 * 3_600_000);

        assertThat(harness.extractOutputValues()).extracting(a -> (a.eventTime().toEpochMilli() - T0) / 1000)
                .containsExactly(3L * 3600 + 60, 3L * 3600 + 32 * 60);
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }
}
