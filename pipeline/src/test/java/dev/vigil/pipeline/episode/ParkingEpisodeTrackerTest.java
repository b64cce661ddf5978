package dev.vigil.pipeline.episode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.model.Evidence;
import dev.vigil.model.GeoPoint;
import dev.vigil.model.Image;
import dev.vigil.model.PlateColor;
import dev.vigil.model.Subject;
import dev.vigil.model.Violation;
import dev.vigil.model.ViolationType;
import dev.vigil.rules.Observation;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ParkingEpisodeTrackerTest {
    private static final Instant T0 = Instant.parse("2026-11-23T02:00:00Z");

    private KeyedOneInputStreamOperatorTestHarness<String, ParkingCapture, Violation> harness;

    @BeforeEach
    void open() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(new ParkingEpisodeTracker(),
                c -> c.observation().episodeKey(), Types.STRING);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void theViolationIsBornAtTheMinimumIntervalNamingEveryCaptureAndLaterOnesAreRevisions() throws Exception {
        capture("k1", 0);
        capture("k2", 120);
        harness.processWatermark(T0.plusSeconds(200).toEpochMilli());
        assertThat(harness.extractOutputValues()).as("spans 120 s of 300").isEmpty();

        capture("k3", 300);
        capture("k4", 1500);
        capture("k5", 3000); // 25 min after the previous capture: the same stay
        harness.processWatermark(T0.plusSeconds(3000).toEpochMilli());

        List<Violation> out = harness.extractOutputValues();
        assertThat(out).extracting(Violation::revision).containsExactly(1, 2, 3);
        assertThat(out.get(0).sourceEventIds()).containsExactly("hik:k1", "hik:k2", "hik:k3");
        assertThat(out.get(0).eventTime()).isEqualTo(T0);
        assertThat(out.get(0).zoneId()).isEqualTo("Z-1");
        assertThat(out).extracting(Violation::violationId).containsOnly(out.get(0).violationId());
        assertThat(out.get(2).lastEventTime()).isEqualTo(T0.plusSeconds(3000));
        assertThat(out.get(2).sourceEventIds()).containsExactly("hik:k1", "hik:k2", "hik:k3", "hik:k4", "hik:k5");
        assertThat(out).as("evidence: the first capture and the latest").extracting(v -> v.evidence().stream().map(Evidence::uri).toList())
                .containsExactly(List.of("u-k1", "u-k3"), List.of("u-k1", "u-k4"), List.of("u-k1", "u-k5"));
    }

    @Test
    void aGapOfMoreThanThirtyMinutesStartsANewEpisodeAndStateIsClearedAfterwards() throws Exception {
        capture("a", 0);
        capture("b", 300);
        capture("c", 300 + 1801);
        capture("d", 300 + 1801 + 299);
        harness.processWatermark(T0.plusSeconds(300 + 1801 + 299).toEpochMilli());

        assertThat(harness.extractOutputValues()).extracting(Violation::revision).as("the second stay spans only 299 s")
                .containsExactly(1);

        harness.processWatermark(T0.plusSeconds(10_000).toEpochMilli());
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    private void capture(String id, long seconds) throws Exception {
        Instant at = T0.plusSeconds(seconds);
        Observation o = new Observation(ViolationType.ILLEGAL_PARKING, "1039", "机动车违反规定停放", 200, 0, "national-2022",
                "hik:" + id, at, "苏K77777", PlateColor.BLUE, 0.9, Subject.MOTOR_VEHICLE, "PK-1", "S-1", "城关镇", "北大街",
                new GeoPoint(34.28, 108.94), "Z-1", null, null, null, null,
                List.of(new Image("PANORAMA", "u-" + id, null, 1920, 1080, null)), "{}", false);
        harness.processElement(new StreamRecord<>(new ParkingCapture(o, 300), at.toEpochMilli()));
    }
}
