package dev.vigil.pipeline.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.kafka.RegistryEntries;
import dev.vigil.model.CameraEvent;
import dev.vigil.model.DeadLetterReason;
import dev.vigil.model.Device;
import dev.vigil.model.EventKind;
import dev.vigil.model.Subject;
import dev.vigil.model.VigilJson;
import dev.vigil.pipeline.DeadLetters;
import dev.vigil.pipeline.TestDevices;
import dev.vigil.pipeline.dedup.ExactDeduplicator;
import dev.vigil.pipeline.source.Ingested;
import dev.vigil.pipeline.source.KeyedDeadLetter;
import dev.vigil.rules.CodeTable;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class RegistryGateTest {
    private static final Device CAMERA = TestDevices.JUNCTION_CAMERA;
    private static final Map<String, byte[]> REGISTRY = Map.of(RegistryEntries.DEVICE_PREFIX + "EP-1", VigilJson.toBytes(CAMERA));

    private static KeyedBroadcastOperatorTestHarness<String, Ingested, RegistryUpdate, Checked> harness() throws Exception {
        return ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                new RegistryGate(REGISTRY, CodeTable.defaults(), Duration.ofHours(48)), ExactDeduplicator::key, Types.STRING,
                RegistryGate.STATE);
    }

    @Test
    void passesTheFirstOfEachVendorAndEventIdOnlyUntilTheTtlExpires() throws Exception {
        try (KeyedBroadcastOperatorTestHarness<String, Ingested, RegistryUpdate, Checked> harness = harness()) {
            harness.setStateTtlProcessingTime(0);
            harness.processElement(new StreamRecord<>(event("hik", "e1", "EP-1"), 1));
            harness.processElement(new StreamRecord<>(event("hik", "e1", "EP-1"), 2));
            harness.processElement(new StreamRecord<>(event("dahua", "e1", "EP-1"), 3));
            harness.setStateTtlProcessingTime(Duration.ofHours(48).toMillis() + 1);
            harness.processElement(new StreamRecord<>(event("hik", "e1", "EP-1"), 4));

            assertThat(harness.extractOutputValues()).extracting(c -> c.event().sourceEventId() + " " + c.device().siteId())
                    .containsExactly("hik:e1 J-1", "dahua:e1 J-1", "hik:e1 J-1");
        }
    }

    @Test
    void expiredEventIdsAreRemovedFromStateAsLaterEventsPass() throws Exception {
        try (KeyedBroadcastOperatorTestHarness<String, Ingested, RegistryUpdate, Checked> harness = harness()) {
            harness.setStateTtlProcessingTime(0);
            for (int i = 0; i < 100; i++) {
                harness.processElement(new StreamRecord<>(event("hik", "old-" + i, "EP-1"), i));
            }
            assertThat(keyedStateEntries(harness)).isEqualTo(100);

            harness.setStateTtlProcessingTime(Duration.ofHours(48).toMillis() + 1);
            // each new event checks two entries and adds one: one sweep of the table at most
            for (int i = 0; i < 300; i++) {
                harness.processElement(new StreamRecord<>(event("hik", "new-" + i, "EP-1"), 1000 + i));
            }

            assertThat(keyedStateEntries(harness)).as("only the ids within the TTL are left").isEqualTo(300);
        }
    }

    private static int keyedStateEntries(KeyedBroadcastOperatorTestHarness<?, ?, ?, ?> harness) {
        return ((HeapKeyedStateBackend<?>) ((AbstractStreamOperator<?>) harness.getOperator()).getKeyedStateBackend())
                .numKeyValueStateEntries();
    }

    @Test
    void anUnknownDeviceIsADeadLetterOnceHoweverOftenTheEventIsRepeated() throws Exception {
        try (KeyedBroadcastOperatorTestHarness<String, Ingested, RegistryUpdate, Checked> harness = harness()) {
            harness.processElement(new StreamRecord<>(event("hik", "e2", "EP-404"), 1));
            harness.processElement(new StreamRecord<>(event("hik", "e2", "EP-404"), 2));

            assertThat(harness.extractOutputValues()).isEmpty();
            List<KeyedDeadLetter> letters = harness.getSideOutput(DeadLetters.TAG).stream().map(StreamRecord::getValue).toList();
            assertThat(letters).singleElement().satisfies(letter -> {
                assertThat(letter.deadLetter().reason()).isEqualTo(DeadLetterReason.UNKNOWN_DEVICE);
                assertThat(letter.deadLetter().field()).isEqualTo("/deviceId");
                assertThat(letter.key()).isEqualTo("EP-404");
            });
        }
    }

    private static Ingested event(String vendor, String id, String device) {
        return new Ingested(device, new byte[0], new CameraEvent(id, vendor, device, EventKind.PASS,
                Instant.parse("2026-11-23T02:00:00Z"), Subject.MOTOR_VEHICLE, null, null, null, null, null, null, null,
                null, null, List.of()), null, null, null);
    }
}
