package dev.vigil.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.kafka.broker.KafkaBroker;
import dev.vigil.model.Device;
import dev.vigil.model.DeviceType;
import dev.vigil.model.GeoPoint;
import dev.vigil.model.Plate;
import dev.vigil.model.PlateColor;
import dev.vigil.model.ReadResult;
import dev.vigil.model.Registry;
import dev.vigil.model.Subject;
import dev.vigil.model.Violation;
import dev.vigil.model.ViolationStatus;
import dev.vigil.model.ViolationType;
import dev.vigil.model.VigilJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Topics, serdes and registry publishing against a real KRaft broker shared by this JVM. */
class KafkaRoundTripIT {
    private Properties client;
    private Topics topics;

    @BeforeEach
    void freshTopics() {
        client = new Properties();
        client.put("bootstrap.servers", KafkaBroker.shared().bootstrapServers());
        topics = Topics.withSuffix("." + UUID.randomUUID().toString().substring(0, 8));
    }

    @Test
    void createsEveryTopicOnceWithItsPartitionsAndCompaction() throws Exception {
        List<String> created = TopicAdmin.createAll(client, topics);
        List<String> again = TopicAdmin.createAll(client, topics);

        assertThat(created).containsExactlyInAnyOrder(topics.cameraEvents(), topics.registry(), topics.deadLetters(),
                topics.lateEvents(), topics.violations(), topics.stats(), topics.alerts());
        assertThat(again).isEmpty();
        try (Admin admin = Admin.create(client)) {
            Map<String, TopicDescription> described = admin.describeTopics(Set.of(topics.cameraEvents(),
                    topics.registry(), topics.violations())).allTopicNames().get();
            assertThat(described.get(topics.cameraEvents()).partitions()).hasSize(4);
            assertThat(described.get(topics.registry()).partitions()).hasSize(1);
            assertThat(described.get(topics.violations()).partitions()).hasSize(4);
            ConfigResource registry = new ConfigResource(ConfigResource.Type.TOPIC, topics.registry());
            ConfigResource events = new ConfigResource(ConfigResource.Type.TOPIC, topics.cameraEvents());
            Map<ConfigResource, Config> configs = admin.describeConfigs(List.of(registry, events)).all().get();
            assertThat(configs.get(registry).get("cleanup.policy").value()).isEqualTo("compact");
            assertThat(configs.get(events).get("cleanup.policy").value()).isEqualTo("delete");
        }
    }

    @Test
    void anIdempotentProducerWithAcksAllDeliversExactlyWhatWasSent() throws Exception {
        TopicAdmin.createAll(client, topics);
        JsonSerde<Violation> serde = new JsonSerde<>(Violation.class);
        Properties producerProps = new Properties();
        producerProps.putAll(client);
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        List<Violation> sent = new ArrayList<>();
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        try (KafkaProducer<String, Violation> producer = new KafkaProducer<>(producerProps, new StringSerializer(), serde)) {
            for (int i = 0; i < 500; i++) {
                Violation violation = violation(i);
                sent.add(violation);
                acks.add(producer.send(new ProducerRecord<>(topics.violations(), violation.violationId(), violation)));
            }
            for (Future<RecordMetadata> ack : acks) {
                assertThat(ack.get().hasOffset()).isTrue();
            }
        }

        List<ConsumerRecord<String, Violation>> received = readAll(topics.violations(), serde, sent.size());

        assertThat(received).extracting(ConsumerRecord::value).containsExactlyInAnyOrderElementsOf(sent);
        assertThat(received).allSatisfy(r -> assertThat(r.key()).isEqualTo(r.value().violationId()));
        // within a partition, records keep the order they were sent in
        for (int p = 0; p < 4; p++) {
            int partition = p;
            List<Violation> inPartition = received.stream().filter(r -> r.partition() == partition)
                    .map(ConsumerRecord::value).toList();
            assertThat(inPartition).isEqualTo(sent.stream().filter(inPartition::contains).toList());
        }
    }

    @Test
    void cameraEventsAreReadStrictlyWithoutThrowing() throws Exception {
        TopicAdmin.createAll(client, topics);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(client, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topics.cameraEvents(), "EP-1", ("{\"eventId\":\"e\",\"vendor\":\"v\","
                    + "\"deviceId\":\"EP-1\",\"kind\":\"PASS\",\"eventTime\":\"2026-11-23T10:15:00+08:00\"}")
                    .getBytes(StandardCharsets.UTF_8))).get();
            producer.send(new ProducerRecord<>(topics.cameraEvents(), "EP-1", "{not json".getBytes(StandardCharsets.UTF_8))).get();
        }

        List<ConsumerRecord<String, ReadResult>> received = readAll(topics.cameraEvents(), new CameraEventDeserializer(), 2);

        assertThat(received.get(0).value().event().deviceId()).isEqualTo("EP-1");
        assertThat(received.get(1).value().reason()).hasToString("MALFORMED_JSON");
    }

    @Test
    void publishingARegistryWritesChangesAndTombstonesWhatWasRemoved() {
        TopicAdmin.createAll(client, topics);
        RegistryPublisher publisher = new RegistryPublisher(client, topics.registry());
        Device a = device("EP-A");
        Device b = device("EP-B");

        RegistryPublisher.Result first = publisher.publish(new Registry(List.of(a, b), List.of(), null, List.of()));
        RegistryPublisher.Result second = publisher.publish(new Registry(List.of(a), List.of(), null, List.of()));

        assertThat(first.written()).containsExactly("device:EP-A", "device:EP-B", "exemptions", "hotlist");
        assertThat(second.written()).isEmpty();
        assertThat(second.deleted()).containsExactly("device:EP-B");
        assertThat(second.unchanged()).isEqualTo(3);
        Map<String, byte[]> live = publisher.readCurrent();
        assertThat(live).containsOnlyKeys("device:EP-A", "exemptions", "hotlist");
        assertThat(VigilJson.read(live.get("device:EP-A"), Device.class)).isEqualTo(a);
    }

    private <T> List<ConsumerRecord<String, T>> readAll(String topic, org.apache.kafka.common.serialization.Deserializer<T> values, int expected) {
        Properties props = new Properties();
        props.putAll(client);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, T>> records = new ArrayList<>();
        try (KafkaConsumer<String, T> consumer = new KafkaConsumer<>(props, new StringDeserializer(), values)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            // nothing beyond what was sent
            consumer.poll(Duration.ofMillis(500)).forEach(records::add);
        }
        assertThat(records).hasSize(expected);
        return records;
    }

    private static Violation violation(int i) {
        Instant t = Instant.parse("2026-11-23T02:00:00Z").plusSeconds(i);
        return new Violation(String.format("%064x", i), 1, ViolationType.SPEEDING, "SPEED-20", "超速",
                ViolationStatus.CONFIRMED, List.of(), new Plate("陕A" + (10000 + i), PlateColor.BLUE, 0.95),
                Subject.MOTOR_VEHICLE, List.of("CK-01"), "C-01", null, null, "城关镇", "解放路",
                new GeoPoint(34.2, 108.9), t, t, 75.0, 60.0, 25.0, 200, 3, List.of(), List.of("v:e" + i),
                "{\"band\":\"20-50\"}", "national-2022", t.plusSeconds(1));
    }

    private static Device device(String id) {
        return new Device(id, DeviceType.E_POLICE, "J-" + id, null, "城关镇", "解放路", new GeoPoint(34.2, 108.9),
                60.0, List.of(), List.of(), true, List.of());
    }
}
