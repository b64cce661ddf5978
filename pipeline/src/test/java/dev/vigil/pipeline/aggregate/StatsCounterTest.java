package dev.vigil.pipeline.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.model.Plate;
import dev.vigil.model.Stat;
import dev.vigil.model.Violation;
import dev.vigil.model.ViolationStatus;
import dev.vigil.model.ViolationType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StatsCounterTest {
    private static final Instant T0 = Instant.parse("2026-11-24T02:00:00Z");

    private KeyedOneInputStreamOperatorTestHarness<String, Violation, Stat> harness;

    @BeforeEach
    void open() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(new StatsCounter(Duration.ofHours(26)), StatsCounter::key,
                Types.STRING);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    static Violation violation(String id, int revision, ViolationType type, String device, Instant eventTime) {
        return new Violation(id, revision, type, null, null, ViolationStatus.CONFIRMED, List.of(), new Plate("陕A1", null, null), null,
                List.of(device, "OTHER"), "SITE-" + device, null, null, "城关镇", null, null, eventTime, eventTime, null, null, null, null,
                null, List.of(), List.of(), null, null, eventTime);
    }

    private void add(String id, int revision, ViolationType type, String device, long seconds) throws Exception {
        harness.processElement(violation(id, revision, type, device, T0.plusSeconds(seconds)), 0);
    }

    @Test
    void aWindowIsEmittedWhenTheWatermarkPassesItsEndCountingFirstRevisionsPerTypeAndFirstDevice() throws Exception {
        add("a", 1, ViolationType.RED_LIGHT, "EP-1", 0);
        add("a", 2, ViolationType.RED_LIGHT, "EP-1", 0);        // a later revision counts nothing
        add("b", 1, ViolationType.RED_LIGHT, "EP-1", 59);
        add("c", 1, ViolationType.RED_LIGHT, "EP-1", 60);       // the next window
        add("d", 1, ViolationType.SPEEDING, "EP-1", 10);
        add("e", 1, ViolationType.RED_LIGHT, "EP-2", 10);
        harness.processWatermark(T0.plusSeconds(60).toEpochMilli() - 2);
        assertThat(harness.extractOutputValues()).isEmpty();

        harness.processWatermark(T0.plusSeconds(60).toEpochMilli() - 1);

        assertThat(harness.extractOutputValues()).extracting(s -> s.type() + " " + s.deviceId() + " " + s.count() + " " + s.windowStart()
                + " " + s.siteId() + " " + s.district()).containsExactlyInAnyOrder(
                        "RED_LIGHT EP-1 2 2026-11-24T02:00:00Z SITE-EP-1 城关镇",
                        "SPEEDING EP-1 1 2026-11-24T02:00:00Z SITE-EP-1 城关镇",
                        "RED_LIGHT EP-2 1 2026-11-24T02:00:00Z SITE-EP-2 城关镇");
        Stat redLight = harness.extractOutputValues().stream().filter(s -> s.deviceId().equals("EP-1") && s.type() == ViolationType.RED_LIGHT)
                .findFirst().orElseThrow();
        assertThat(redLight.statId()).isEqualTo(StatsCounter.statId("RED_LIGHT", "EP-1", T0.toEpochMilli())).hasSize(64);
        assertThat(redLight.windowEnd()).isEqualTo(T0.plusSeconds(60));
        assertThat(redLight.granularity()).isEqualTo("1m");
    }

    @Test
    void aLateFirstRevisionReEmitsItsWindowUnderTheSameIdAndBeyondTheLatenessIsOnlyCounted() throws Exception {
        add("a", 1, ViolationType.ILLEGAL_PARKING, "PK-1", 0);
        harness.processWatermark(T0.plusSeconds(600).toEpochMilli());
        add("b", 1, ViolationType.ILLEGAL_PARKING, "PK-1", 30);         // parking: born minutes after its event time
        add("c", 1, ViolationType.ILLEGAL_PARKING, "PK-1", 120);        // a window never emitted, already ended: emitted at once
        harness.processWatermark(T0.plus(Duration.ofHours(26)).plusSeconds(60).toEpochMilli() - 1);
        add("d", 1, ViolationType.ILLEGAL_PARKING, "PK-1", 0);          // lateness over: not counted in the window

        assertThat(harness.extractOutputValues()).extracting(s -> s.windowStart().getEpochSecond() - T0.getEpochSecond() + ":" + s.count())
                .containsExactly("0:1", "0:2", "120:1");
        assertThat(harness.extractOutputValues().get(0).statId()).isEqualTo(harness.extractOutputValues().get(1).statId());
        harness.processWatermark(T0.plus(Duration.ofHours(27)).toEpochMilli());
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }
}
