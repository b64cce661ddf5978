package dev.vigil.pipeline.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.model.Alert;
import dev.vigil.model.CameraEvent;
import dev.vigil.model.EventKind;
import dev.vigil.model.Subject;
import dev.vigil.pipeline.TestDevices;
import dev.vigil.pipeline.registry.Checked;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeviceSilenceDetectorTest {
    private static final long T0 = Instant.parse("2026-11-24T02:00:00Z").toEpochMilli();
    private static final long MINUTE = 60_000;

    private KeyedOneInputStreamOperatorTestHarness<String, DeviceBeat, Alert> harness;

    @BeforeEach
    void open() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(new DeviceSilenceDetector(Duration.ofMinutes(10)),
                DeviceBeat::deviceId, Types.STRING);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    static DeviceBeat event(String id, long millis) {
        CameraEvent event = new CameraEvent(id, "hik", "EP-1", EventKind.PASS, Instant.ofEpochMilli(T0 + millis), Subject.MOTOR_VEHICLE,
                null, null, null, null, null, null, null, null, null, List.of());
        return DeviceBeat.of(new Checked("EP-1", new byte[0], event, TestDevices.JUNCTION_CAMERA, null, false, null, List.of()));
    }

    @Test
    void tenMinutesWithoutEventsWhileTheWatermarkAdvancesIsSilenceAndTheNextEventIsRecovery() throws Exception {
        harness.processElement(event("1", 0), 0);
        harness.processElement(event("2", 5 * MINUTE), 0);
        harness.processWatermark(T0 + 15 * MINUTE - 1);
        assertThat(harness.extractOutputValues()).isEmpty();

        harness.processWatermark(T0 + 15 * MINUTE);                 // 10 min after the newest event
        harness.processWatermark(T0 + 40 * MINUTE);                 // still silent: raised once
        harness.processElement(event("3", 41 * MINUTE), 0);

        assertThat(harness.extractOutputValues()).extracting(a -> a.kind() + " " + a.deviceId() + " " + a.siteId() + " "
                + (a.eventTime().toEpochMilli() - T0) / MINUTE).containsExactly("DEVICE_SILENT EP-1 J-1 15", "DEVICE_RECOVERED EP-1 J-1 41");
    }

    @Test
    void aBusyDeviceKeepsOneTimerAndIsSilentTenMinutesAfterItsLastEvent() throws Exception {
        for (int second = 0; second < 600; second++) {
            harness.processElement(event("e" + second, second * 1000L), 0);
        }
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);

        harness.processWatermark(T0 + 10 * MINUTE);                 // the first deadline: moved on, nothing raised
        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
        harness.processWatermark(T0 + 599_000 + 10 * MINUTE - 1);
        assertThat(harness.extractOutputValues()).isEmpty();
        harness.processWatermark(T0 + 599_000 + 10 * MINUTE);

        assertThat(harness.extractOutputValues()).extracting(a -> a.kind() + " " + (a.eventTime().toEpochMilli() - T0))
                .containsExactly("DEVICE_SILENT " + (599_000 + 10 * MINUTE));
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void aDeviceMovedToAnotherSiteIsSilentAtItsNewSite() throws Exception {
        harness.processElement(event("1", 0), 0);
        harness.processElement(new DeviceBeat("EP-1", T0 + MINUTE, "J-2", null, "hik:2"), 0);
        harness.processWatermark(T0 + 11 * MINUTE);

        assertThat(harness.extractOutputValues()).extracting(a -> a.kind() + " " + a.siteId() + " " + a.district())
                .containsExactly("DEVICE_SILENT J-2 null");
    }

    @Test
    void samePlaceComparesTheSiteAndTheDistrict() {
        DeviceBeat beat = new DeviceBeat("EP-1", 0, "J-1", "城关镇", "hik:1");
        DeviceBeat noDistrict = new DeviceBeat("EP-1", 0, "J-1", null, "hik:1");
        assertThat(DeviceSilenceDetector.samePlace("J-1|城关镇", beat)).isTrue();
        assertThat(DeviceSilenceDetector.samePlace("J-1|", noDistrict)).isTrue();
        assertThat(DeviceSilenceDetector.samePlace(null, beat)).isFalse();
        assertThat(DeviceSilenceDetector.samePlace("J-1|", beat)).isFalse();
        assertThat(DeviceSilenceDetector.samePlace("J-1|城关镇", noDistrict)).isFalse();
        assertThat(DeviceSilenceDetector.samePlace("J-12|城关镇", beat)).isFalse();
        assertThat(DeviceSilenceDetector.samePlace("J-2|城关镇", beat)).isFalse();
    }

    @Test
    void aWatermarkThatDoesNotAdvanceRaisesNothing() throws Exception {
        harness.processElement(event("1", 0), 0);
        harness.processWatermark(T0 + 9 * MINUTE);
        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
    }
}
