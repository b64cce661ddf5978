package dev.vigil.pipeline.alert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.model.Alert;
import dev.vigil.model.AlertKind;
import dev.vigil.model.Plate;
import dev.vigil.model.Violation;
import dev.vigil.model.ViolationStatus;
import dev.vigil.model.ViolationType;
import dev.vigil.model.VigilJson;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RepeatOffenderDetectorTest {
    /** 01:00 in Shanghai. */
    private static final Instant T0 = Instant.parse("2026-11-23T17:00:00Z");
    private static final long HOUR = 3_600_000;

    private KeyedOneInputStreamOperatorTestHarness<String, Violation, Alert> harness;

    @BeforeEach
    void open() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new RepeatOffenderDetector(3, Duration.ofHours(24), ZoneId.of("Asia/Shanghai")), v -> v.plate().number(), Types.STRING);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    static Violation violation(String id, int revision, ViolationStatus status, long millisAfterT0) {
        Instant at = T0.plusMillis(millisAfterT0);
        return new Violation(id, revision, ViolationType.SPEEDING, null, null, status, List.of(), new Plate("陕A12345", null, null), null,
                List.of("EP-" + id), "SITE-" + id, null, null, "城关镇", null, null, at, at, null, null, null, null, null, List.of(),
                List.of(), null, null, at);
    }

    private void add(String id, long millis) throws Exception {
        harness.processElement(violation(id, 1, ViolationStatus.CONFIRMED, millis), 0);
    }

    @Test
    void theThirdViolationWithin24HoursRaisesItOnceThatDayAndAgainTheNextDay() throws Exception {
        add("a", 0);
        add("b", HOUR);
        harness.processElement(violation("b", 2, ViolationStatus.CONFIRMED, HOUR), 0); // a revision is not another violation
        harness.processWatermark(T0.toEpochMilli() + 2 * HOUR);
        assertThat(harness.extractOutputValues()).isEmpty();

        add("c", 24 * HOUR);              // exactly 24 h after the first: still within
        add("d", 25 * HOUR);              // the same calendar day (Shanghai): no second alert
        add("e", 47 * HOUR);              // the next day, with d and e... and c within 24 h
        harness.processWatermark(T0.toEpochMilli() + 48 * HOUR);

        assertThat(harness.extractOutputValues()).extracting(a -> (a.eventTime().toEpochMilli() - T0.toEpochMilli()) / HOUR)
                .containsExactly(24L, 47L);
        Alert first = harness.extractOutputValues().get(0);
        assertThat(first.kind()).isEqualTo(AlertKind.REPEAT_OFFENDER);
        assertThat(first.plate()).isEqualTo("陕A12345");
        JsonNode details = VigilJson.mapper().readTree(first.details());
        assertThat(details.path("violations").findValuesAsText("violationId")).containsExactly("a", "b", "c");

        harness.processWatermark(T0.toEpochMilli() + 80 * HOUR);
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void twoWithin24HoursOrAThirdJustLaterIsNotARepeatOffenderAndRejectedViolationsDoNotCount() throws Exception {
        add("a", 0);
        add("b", HOUR);
        add("c", 24 * HOUR + 1);          // a is now more than 24 h ago
        harness.processWatermark(T0.toEpochMilli() + 30 * HOUR);

        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(RepeatOffenderDetector.counts(violation("x", 1, ViolationStatus.REJECTED, 0))).isFalse();
        assertThat(RepeatOffenderDetector.counts(violation("x", 1, ViolationStatus.REVIEW, 0))).isTrue();
    }
}
