package dev.vigil.pipeline.episode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.model.CameraEvent;
import dev.vigil.model.Device;
import dev.vigil.model.DeviceType;
import dev.vigil.model.EventKind;
import dev.vigil.model.GeoPoint;
import dev.vigil.model.Image;
import dev.vigil.model.Plate;
import dev.vigil.model.Section;
import dev.vigil.model.Subject;
import dev.vigil.model.Violation;
import dev.vigil.rules.CodeTable;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SectionSpeedPairerTest {
    private static final Section SEC = new Section("SEC-1", "CK-1", "CK-2", 2000, 60); // 24 min at 5 km/h
    private static final Device CK1 = device("CK-1");
    private static final Device CK2 = device("CK-2");
    private static final Instant T0 = Instant.parse("2026-11-23T02:00:00Z");

    private KeyedOneInputStreamOperatorTestHarness<String, SectionPass, Violation> harness;

    @BeforeEach
    void open() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(new SectionSpeedPairer(CodeTable.defaults()),
                SectionPass::key, Types.STRING);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void theExitMayArriveBeforeTheEntry() throws Exception {
        pass("out", false, 80);
        pass("in", true, 0);
        harness.processWatermark(T0.plusSeconds(100).toEpochMilli());

        assertThat(harness.extractOutputValues()).singleElement().satisfies(v -> {
            assertThat(v.sourceEventIds()).containsExactly("hik:in", "hik:out");
            assertThat(v.code()).isEqualTo("SECT-50");
            assertThat(v.eventTime()).isEqualTo(T0);
            assertThat(v.lastEventTime()).isEqualTo(T0.plusSeconds(80));
        });
    }

    @Test
    void anExitPairsWithTheLatestUnpairedEntryAndAnEntryPairsOnce() throws Exception {
        pass("in-1", true, 0);
        pass("in-2", true, 20);
        pass("out-1", false, 100);  // pairs with in-2: 80 s, 90 km/h
        pass("out-2", false, 120);  // pairs with in-1: 120 s, 60 km/h, not speeding
        pass("out-3", false, 130);  // nothing left to pair with
        harness.processWatermark(T0.plusSeconds(200).toEpochMilli());

        assertThat(harness.extractOutputValues()).extracting(Violation::sourceEventIds)
                .containsExactly(List.of("hik:in-2", "hik:out-1"));
    }

    @Test
    void entriesFartherThanTheLongestTravelTimeAreForgottenAndStateIsCleared() throws Exception {
        pass("in", true, 0);
        pass("out", false, 24 * 60 + 1);
        harness.processWatermark(T0.plusSeconds(3600).toEpochMilli());

        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    private void pass(String id, boolean entry, long seconds) throws Exception {
        Instant at = T0.plusSeconds(seconds);
        CameraEvent e = new CameraEvent(id, "hik", entry ? "CK-1" : "CK-2", EventKind.PASS, at, Subject.MOTOR_VEHICLE,
                new Plate("苏S66666", null, 0.95), null, null, null, null, null, null, null, null,
                List.of(new Image("PANORAMA", "u-" + id, null, 1920, 1080, null)));
        harness.processElement(new StreamRecord<>(new SectionPass(SEC, entry, e, entry ? CK1 : CK2, false), at.toEpochMilli()));
    }

    private static Device device(String id) {
        return new Device(id, DeviceType.CHECKPOINT, "C-" + id, null, "城关镇", "迎宾大道", new GeoPoint(34.2, 108.9),
                null, null, null, true, null);
    }
}
