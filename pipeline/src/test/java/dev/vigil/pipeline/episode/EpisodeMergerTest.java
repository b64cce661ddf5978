package dev.vigil.pipeline.episode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.model.GeoPoint;
import dev.vigil.model.Image;
import dev.vigil.model.PlateColor;
import dev.vigil.model.Subject;
import dev.vigil.model.Violation;
import dev.vigil.model.ViolationType;
import dev.vigil.rules.Observation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EpisodeMergerTest {
    private static final Instant T0 = Instant.parse("2026-11-23T02:00:00Z");

    private KeyedOneInputStreamOperatorTestHarness<String, Observation, Violation> harness;

    @BeforeEach
    void open() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(new EpisodeMerger(Duration.ofMinutes(5)),
                Observation::episodeKey, Types.STRING);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void waitsForTheWatermarkAndMergesInEventTimeOrder() throws Exception {
        add(observation("hik:b", 30));
        add(observation("hik:a", 0));
        assertThat(harness.extractOutputValues()).as("nothing before the watermark passes").isEmpty();

        harness.processWatermark(T0.plusSeconds(60).toEpochMilli());

        List<Violation> out = harness.extractOutputValues();
        assertThat(out).extracting(Violation::revision).containsExactly(1, 2);
        assertThat(out.get(1).sourceEventIds()).containsExactly("hik:a", "hik:b");
        assertThat(out.get(0).eventTime()).isEqualTo(T0);
    }

    @Test
    void equalEventTimesAreTakenByVendorThenEventId() throws Exception {
        add(observation("hik:2", 0));
        add(observation("dahua:9", 0));
        add(observation("hik:10", 0));

        harness.processWatermark(T0.toEpochMilli());

        assertThat(harness.extractOutputValues().get(2).sourceEventIds()).containsExactly("dahua:9", "hik:10", "hik:2");
    }

    @Test
    void anObservationPastTheWindowOpensANewViolationAndStateIsClearedAfterwards() throws Exception {
        add(observation("hik:a", 0));
        add(observation("hik:b", 300)); // exactly 5 min after the first: still the same episode
        add(observation("hik:c", 301));
        harness.processWatermark(T0.plusSeconds(301).toEpochMilli());

        List<Violation> out = harness.extractOutputValues();
        assertThat(out).extracting(Violation::revision).containsExactly(1, 2, 1);
        assertThat(out.get(2).violationId()).isNotEqualTo(out.get(0).violationId());
        assertThat(out.get(2).eventTime()).isEqualTo(T0.plusSeconds(301));

        harness.processWatermark(T0.plusSeconds(301 + 301).toEpochMilli());
        assertThat(harness.numKeyedStateEntries()).as("episode and pending state cleared").isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void anObservationArrivingBehindTheWatermarkIsDecidedAtOnce() throws Exception {
        harness.processWatermark(T0.plusSeconds(100).toEpochMilli());

        add(observation("hik:a", 50));

        assertThat(harness.extractOutputValues()).extracting(Violation::revision).containsExactly(1);
        assertThat(harness.numKeyedStateEntries()).as("only the open episode is kept").isEqualTo(1);
    }

    private void add(Observation o) throws Exception {
        harness.processElement(new StreamRecord<>(o, o.eventTime().toEpochMilli()));
    }

    private static Observation observation(String source, long secondsAfterT0) {
        return new Observation(ViolationType.WRONG_WAY, "1301", "机动车逆向行驶", 200, 3, "national-2022", source,
                T0.plusSeconds(secondsAfterT0), "苏A12345", PlateColor.BLUE, 0.9, Subject.MOTOR_VEHICLE, "EP-1", "J-1",
                "城关镇", "解放路", new GeoPoint(34.2, 108.9), null, null, null, null, null,
                List.of(new Image("PANORAMA", "u-" + source, null, 1920, 1080, null)), "{\"sourceEventId\":\"" + source + "\"}", false);
    }
}
