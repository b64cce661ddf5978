package dev.vigil.pipeline.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.model.CameraEvent;
import dev.vigil.model.EventKind;
import dev.vigil.model.Subject;
import dev.vigil.pipeline.source.Ingested;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class ExactDeduplicatorTest {
    @Test
    void passesTheFirstOfEachVendorAndEventIdOnlyUntilTheTtlExpires() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, Ingested, Ingested> harness = ProcessFunctionTestHarnesses
                .forKeyedProcessFunction(new ExactDeduplicator(Duration.ofHours(48)), ExactDeduplicator::key, Types.STRING)) {
            harness.setStateTtlProcessingTime(0);
            harness.processElement(new StreamRecord<>(event("hik", "e1"), 1));
            harness.processElement(new StreamRecord<>(event("hik", "e1"), 2));
            harness.processElement(new StreamRecord<>(event("dahua", "e1"), 3));
            harness.setStateTtlProcessingTime(Duration.ofHours(48).toMillis() + 1);
            harness.processElement(new StreamRecord<>(event("hik", "e1"), 4));

            assertThat(harness.extractOutputValues()).extracting(i -> i.event().sourceEventId())
                    .containsExactly("hik:e1", "dahua:e1", "hik:e1");
        }
    }

    private static Ingested event(String vendor, String id) {
        return new Ingested("EP-1", new byte[0], new CameraEvent(id, vendor, "EP-1", EventKind.PASS,
                Instant.parse("2026-11-23T02:00:00Z"), Subject.MOTOR_VEHICLE, null, null, null, null, null, null, null,
                null, null, List.of()), null, null, null);
    }
}
