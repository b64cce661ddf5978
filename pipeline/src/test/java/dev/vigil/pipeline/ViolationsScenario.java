package dev.vigil.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.search.Hit;
import dev.vigil.elasticsearch.ElasticsearchClients;
import dev.vigil.elasticsearch.ElasticsearchServer;
import dev.vigil.elasticsearch.Indices;
import dev.vigil.kafka.CommittedRecords;
import dev.vigil.kafka.RegistryPublisher;
import dev.vigil.kafka.TopicAdmin;
import dev.vigil.kafka.Topics;
import dev.vigil.kafka.broker.KafkaBroker;
import dev.vigil.model.Alert;
import dev.vigil.model.DeadLetter;
import dev.vigil.model.RegistryReader;
import dev.vigil.model.Stat;
import dev.vigil.model.Violation;
import dev.vigil.model.VigilJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The seeded city corpus of the pipeline ITs, with what each part must produce. Expectations are
 * written from the contract (ids by its formula, statuses and reasons by its rules), never computed
 * by the code under test.
 */
final class ViolationsScenario {
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(20);
    static final Duration WAIT = Duration.ofSeconds(120);

    final Instant t0 = Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
    final Topics topics = Topics.withSuffix("." + UUID.randomUUID().toString().substring(0, 8));
    final Indices indices = new Indices("t" + UUID.randomUUID().toString().substring(0, 8) + "-");
    final Properties kafka = new Properties();
    final ElasticsearchClient es;
    final PipelineConfig config;
    final String lateEvent;

    /** What one violation must look like at the end. */
    record Expected(String id, String type, int revisions, String status, List<String> reasons, List<String> deviceIds) {}

    final List<Expected> expected = new ArrayList<>();

    ViolationsScenario() {
        kafka.put("bootstrap.servers", KafkaBroker.shared().bootstrapServers());
        es = ElasticsearchClients.create(ElasticsearchServer.shared().url());
        config = PipelineConfig.defaults()
                .withEndpoints(KafkaBroker.shared().bootstrapServers(), topics, ElasticsearchServer.shared().url(), indices.prefix())
                .withTiming(Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(1));
        TopicAdmin.createAll(kafka, topics);
        new RegistryPublisher(kafka, topics.registry()).publish(RegistryReader.read(CountySeat.REGISTRY, "county-seat"));
        lateEvent = Corpus.json("late-1", "EP-1", "VIOLATION", t(60), "苏L99999", 0.9, "\"violationCode\":\"1625\"", "l1", "l2", "l3");

        String red = "RED_LIGHT";
        expected.add(new Expected(CountySeat.violationId(red, "苏A11111", "J-1", t(0)), red, 2, "CONFIRMED", List.of(), List.of("EP-1", "EP-2")));
        expected.add(new Expected(CountySeat.violationId("WRONG_WAY", "苏B22222", "J-1", t(10)), "WRONG_WAY", 1, "CONFIRMED", List.of(), List.of("EP-1")));
        expected.add(new Expected(CountySeat.violationId("WRONG_WAY", "苏B22222", "J-1", t(370)), "WRONG_WAY", 1, "CONFIRMED", List.of(), List.of("EP-1")));
        expected.add(new Expected(CountySeat.violationId(red, "hik:c1", "J-1", t(20)), red, 1, "REVIEW", List.of("PLATE_UNREADABLE"), List.of("EP-1")));
        expected.add(new Expected(CountySeat.violationId(red, "hik:c2", "J-1", t(20)), red, 1, "REVIEW", List.of("PLATE_UNREADABLE"), List.of("EP-1")));
        expected.add(new Expected(CountySeat.violationId(red, "陕A1234警", "J-2", t(30)), red, 1, "REJECTED", List.of("EXEMPT_VEHICLE"), List.of("EP-3")));
        expected.add(new Expected(CountySeat.violationId("PROHIBITED_TURN", "苏E55555", "J-2", t(40)), "PROHIBITED_TURN", 1, "REVIEW",
                List.of("LOW_PLATE_CONFIDENCE", "LOW_RESOLUTION"), List.of("EP-3")));
        expected.add(new Expected(CountySeat.violationId("SPEEDING", "苏G77777", "J-2", t(50)), "SPEEDING", 1, "CONFIRMED", List.of(), List.of("EP-3")));
        expected.add(new Expected(CountySeat.violationId(red, "苏H88888", "J-4", t(3 * 3600)), red, 1, "CONFIRMED", List.of(), List.of("EP-4")));
        // one pass, two violations found by the PASS rules: 95 km/h where 60 is the limit, turning left on red
        expected.add(new Expected(CountySeat.violationId("SPEEDING", "苏P12345", "J-2", t(55)), "SPEEDING", 1, "CONFIRMED", List.of(), List.of("EP-3")));
        expected.add(new Expected(CountySeat.violationId(red, "苏P12345", "J-2", t(55)), red, 1, "CONFIRMED", List.of(), List.of("EP-3")));
        // 2 km between the checkpoints in 80 s: 90 km/h where 60 is the limit
        expected.add(new Expected(CountySeat.violationId("SECTION_SPEEDING", "苏S66666", "SEC-1", t(200)), "SECTION_SPEEDING", 1,
                "CONFIRMED", List.of(), List.of("CK-1", "CK-2")));
        // parked from T+100 s: a violation once the stay spans the zone's 300 s, then one more revision
        expected.add(new Expected(CountySeat.violationId("ILLEGAL_PARKING", "苏K77777", "Z-1", t(100)), "ILLEGAL_PARKING", 2,
                "CONFIRMED", List.of(), List.of("PK-1")));
    }

    Instant t(long seconds) {
        return t0.plusSeconds(seconds);
    }

    /** Phase 1, in event-time order except for one deliberate swap within half the disorder bound. */
    Corpus phaseOne() {
        return new Corpus()
                // arrives 4 s early: the episode must still open with the T+0 observation
                .violation("a2", "EP-2", t(4), "苏A11111", 0.9, "1625", "a3")
                .violation("a1", "EP-1", t(0), "苏A11111", 0.95, "1625", "a1::BEFORE_LINE", "a2::AFTER_LINE")
                .violation("b1", "EP-1", t(10), "苏B22222", 0.99, "1301", "b1", "b2")
                .raw("EP-1", "{not json", t(11))
                .raw("EP-1", Corpus.json("s1", "EP-1", "PASS", t(12), "苏S1", 0.9, "\"lane\":1.5"), t(12))
                .violation("u1", "EP-99", t(13), "苏U1", 0.9, "1625", "u1")
                .violation("k1", "EP-1", t(14), "苏K1", 0.9, "9999", "k1")
                .violation("k2", "EP-1", t(15), "苏K2", 0.9, "SECT-20", "k2")
                .parking("z1", "PK-1", t(16), "苏Z1", "Z-9")
                .violation("f1", "EP-1", Instant.now().plus(1, ChronoUnit.DAYS), "苏F1", 0.9, "1625", "f1")
                .violation("c1", "EP-1", t(20), "无牌", null, "1625", "c11", "c12", "c13")
                .violation("c2", "EP-1", t(20), "无牌", null, "1625", "c21", "c22", "c23")
                .violation("d1", "EP-3", t(30), "陕A1234警", 0.95, "1625", "d1", "d2", "d3")
                .violation("e1", "EP-3", t(40), "苏E55555", 0.5, "1344", "e1", "e2:640x480:PANORAMA")
                .speeding("g1", "EP-3", t(50), "苏G77777", 75, "SPEED-20", "g1", "g2")
                .pass("p1", "EP-3", t(55), "苏P12345", 95, "RED", "LEFT", "p1", "p2", "p3")
                .violation("h0", "EP-4", t(70), "苏H88888", 0.9, "1625", "h0")
                .parking("pk1", "PK-1", t(100), "苏K77777", "Z-1", "pk1:1920x1080:PANORAMA")
                .pass("s-in", "CK-1", t(200), "苏S66666", 50, "GREEN", "STRAIGHT", "s1")
                .parking("pk2", "PK-1", t(250), "苏K77777", "Z-1", "pk2:1920x1080:PANORAMA")
                .pass("s-out", "CK-2", t(280), "苏S66666", 50, "GREEN", "STRAIGHT", "s2")
                .violation("b2", "EP-1", t(370), "苏B22222", 0.99, "1301", "b3", "b4")
                .parking("pk3", "PK-1", t(400), "苏K77777", "Z-1", "pk3:1920x1080:PANORAMA")
                .parking("pk4", "PK-1", t(900), "苏K77777", "Z-1", "pk4:1920x1080:PANORAMA")
                // a vendor retry of a1 with other content: dropped by (vendor, eventId) before any later check
                .violation("a1", "EP-1", t(0), "苏A11111", 0.95, "1625", "zz1", "zz2", "zz3");
    }

    /** Flush passes far ahead on every partition, so every episode before them is decided. */
    Corpus flush(String name, long seconds) {
        Corpus c = new Corpus();
        for (int p = 0; p < 4; p++) {
            c.flush(name + "-" + p, t(seconds), p);
        }
        return c;
    }

    Corpus phaseTwo() {
        return new Corpus()
                .violation("h1", "EP-4", t(3 * 3600), "苏H88888", 0.9, "1625", "h1", "h2", "h3")
                .raw("EP-1", lateEvent, t(60));
    }

    void send(Corpus corpus) throws Exception {
        Properties props = new Properties();
        props.putAll(kafka);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            for (Corpus.Send s : corpus.sends()) {
                producer.send(new ProducerRecord<>(topics.cameraEvents(), s.partition(), s.key(), s.payload())).get();
            }
        }
    }

    /** Builds the production job for this scenario's topics and indices and submits it. */
    JobClient startJob(String name) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        ViolationsJob.prepareAndBuild(env, config);
        return env.executeAsync(name);
    }

    /** Phase one's corpus and its flush, then waits for its results. */
    void runPhaseOne() throws Exception {
        send(phaseOne());
        sendFlush("flush-1", 2 * 3600);
        awaitPhaseOne();
    }

    /**
     * Lets the partitions that just received events become active before the flush jumps far
     * ahead on every partition. An event that leaves an idle partition before that partition's
     * first watermark can otherwise be overtaken by the other partitions' watermarks and be late:
     * Flink's idleness trade-off, which the contract's advice on disorder (within half the bound,
     * or ten times beyond it) keeps tests clear of.
     */
    void sendFlush(String name, long seconds) throws Exception {
        Thread.sleep(5000); // 1.5 s was once too short on a busy CI machine: one event went late
        send(flush(name, seconds));
    }

    /** An unknown device becomes known while the job runs, then phase two's events and flush; waits for the results. */
    void runPhaseTwo() throws Exception {
        publishRegistryWithEp4();
        Thread.sleep(3000);
        send(phaseTwo());
        sendFlush("flush-2", 4 * 3600);
        awaitPhaseTwo();
    }

    void publishRegistryWithEp4() {
        new RegistryPublisher(kafka, topics.registry()).publish(RegistryReader.read(CountySeat.REGISTRY_WITH_EP4, "with EP-4"));
    }

    // --- reading results ---------------------------------------------------------------------

    List<ConsumerRecord<byte[], byte[]>> readCommitted(String topic) {
        return CommittedRecords.read(kafka, topic, READ_TIMEOUT);
    }

    List<Violation> violationRecords() {
        return readCommitted(topics.violations()).stream().map(r -> VigilJson.read(r.value(), Violation.class)).toList();
    }

    List<DeadLetter> deadLetters() {
        return readCommitted(topics.deadLetters()).stream().map(r -> VigilJson.read(r.value(), DeadLetter.class)).toList();
    }

    List<Violation> indexed() throws Exception {
        if (!es.indices().existsAlias(a -> a.name(indices.violationsAlias())).value()) {
            return List.of();
        }
        es.indices().refresh(r -> r.index(indices.violationsAlias()));
        return es.search(s -> s.index(indices.violationsAlias()).size(1000), Violation.class)
                .hits().hits().stream().map(Hit::source).toList();
    }

    List<Stat> statRecords() {
        return readCommitted(topics.stats()).stream().map(r -> VigilJson.read(r.value(), Stat.class)).toList();
    }

    List<Alert> alertRecords() {
        return readCommitted(topics.alerts()).stream().map(r -> VigilJson.read(r.value(), Alert.class)).toList();
    }

    List<Stat> statDocs() throws Exception {
        return documents(indices.stats(), Stat.class);
    }

    List<Alert> alertDocs() throws Exception {
        return documents(indices.alerts(), Alert.class);
    }

    private <T> List<T> documents(String index, Class<T> type) throws Exception {
        if (!es.indices().exists(e -> e.index(index)).value()) {
            return List.of();
        }
        es.indices().refresh(r -> r.index(index));
        return es.search(s -> s.index(index).size(5000), type).hits().hits().stream().map(Hit::source).toList();
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        await(what, condition, () -> "");
    }

    static void await(String what, BooleanSupplier condition, java.util.function.Supplier<String> state) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + ": " + state.get());
            }
            Thread.sleep(250);
        }
    }

    void awaitPhaseOne() throws InterruptedException {
        await("phase one's violations and dead letters", () -> violationRecords().size() >= 14 && deadLetters().size() >= 8,
                this::outputs);
    }

    /** What the output topics hold now, for a failure message. */
    String outputs() {
        return "violations " + violationRecords().stream().map(v -> v.type() + "/" + v.deviceIds() + "/r" + v.revision()).toList()
                + "; dead letters " + deadLetters().stream().map(d -> d.reason() + ":" + d.detail()).toList()
                + "; late " + readCommitted(topics.lateEvents()).size();
    }

    void awaitPhaseTwo() throws InterruptedException {
        await("phase two's violation and late event", () -> violationRecords().size() >= 15 && readCommitted(topics.lateEvents()).size() >= 1,
                this::outputs);
        Thread.sleep(3000); // a few more checkpoints: anything extra would show now
    }

    /** The exact outcome, in Kafka (read_committed) and in Elasticsearch. */
    void assertExactResults() throws Exception {
        List<Violation> records = violationRecords();
        Map<String, List<Integer>> revisions = records.stream().collect(Collectors.groupingBy(Violation::violationId,
                Collectors.mapping(Violation::revision, Collectors.toList())));
        Map<String, List<Integer>> expectedRevisions = new HashMap<>();
        for (Expected e : expected) {
            List<Integer> all = new ArrayList<>();
            for (int r = 1; r <= e.revisions(); r++) {
                all.add(r);
            }
            expectedRevisions.put(e.id(), all);
        }
        revisions.values().forEach(list -> list.sort(Comparator.naturalOrder()));
        assertThat(revisions).as("every revision exactly once on Kafka").isEqualTo(expectedRevisions);

        Map<String, Violation> latest = new HashMap<>();
        for (Violation v : records) {
            latest.merge(v.violationId(), v, (a, b) -> a.revision() >= b.revision() ? a : b);
        }
        List<Violation> indexed = indexed();
        assertThat(indexed).extracting(Violation::violationId).as("documents in Elasticsearch")
                .containsExactlyInAnyOrderElementsOf(expectedRevisions.keySet());
        for (Violation doc : indexed) {
            Expected e = expected.stream().filter(x -> x.id().equals(doc.violationId())).findFirst().orElseThrow();
            assertThat(doc.type().name()).as(e.id()).isEqualTo(e.type());
            assertThat(doc.revision()).as(e.id()).isEqualTo(e.revisions());
            assertThat(doc.status().name()).as(e.id()).isEqualTo(e.status());
            assertThat(doc.reasons()).extracting(Enum::name).as(e.id()).containsExactlyElementsOf(e.reasons());
            assertThat(doc.deviceIds()).as(e.id()).containsExactlyElementsOf(e.deviceIds());
            // detectedAt is processing time: after a restore, Kafka holds the re-detected revision while
            // Elasticsearch keeps the one indexed before the failure (the replay's 409 counts as success)
            assertThat(latest.get(doc.violationId())).as("latest Kafka revision = indexed document")
                    .usingRecursiveComparison().ignoringFields("detectedAt").isEqualTo(doc);
        }
        Violation speeding = latest.get(CountySeat.violationId("SPEEDING", "苏G77777", "J-2", t(50)));
        assertThat(List.of(speeding.code(), speeding.speedKmh(), speeding.limitKmh(), speeding.overPercent(), speeding.fineYuan(), speeding.points()))
                .containsExactly("SPEED-20", 75.0, 60.0, 25.0, 200, 6);
        Violation fast = latest.get(CountySeat.violationId("SPEEDING", "苏P12345", "J-2", t(55)));
        assertThat(List.of(fast.code(), fast.speedKmh(), fast.limitKmh(), fast.overPercent(), fast.points()))
                .containsExactly("SPEED-50", 95.0, 60.0, 58.3, 12);
        assertThat(fast.decision()).contains("\"rule\":\"SPEEDING\"");
        Violation redLight = latest.get(expected.get(0).id());
        assertThat(redLight.sourceEventIds()).containsExactly("hik:a1", "hik:a2");
        assertThat(redLight.evidence()).extracting(ev -> ev.uri().replace("file:///evidence/", ""))
                .containsExactly("a1.jpg", "a2.jpg", "a3.jpg");

        List<DeadLetter> letters = deadLetters();
        assertThat(letters.stream().collect(Collectors.groupingBy(d -> d.reason().name(), Collectors.counting())))
                .isEqualTo(Map.of("MALFORMED_JSON", 1L, "SCHEMA_VIOLATION", 1L, "UNKNOWN_DEVICE", 2L,
                        "UNKNOWN_VIOLATION_CODE", 2L, "UNKNOWN_ZONE", 1L, "FUTURE_EVENT_TIME", 1L));
        assertThat(letters).filteredOn(d -> d.reason().name().equals("MALFORMED_JSON")).singleElement()
                .satisfies(d -> assertThat(d.payload()).isEqualTo("{not json"));
        assertThat(letters).filteredOn(d -> d.reason().name().equals("SCHEMA_VIOLATION")).singleElement()
                .satisfies(d -> assertThat(d.field()).isEqualTo("/lane"));
        assertThat(letters).filteredOn(d -> d.reason().name().equals("UNKNOWN_DEVICE"))
                .extracting(d -> d.payload().contains("\"EP-99\"") ? "EP-99" : d.payload().contains("\"EP-4\"") ? "EP-4" : "?")
                .containsExactlyInAnyOrder("EP-99", "EP-4");

        List<ConsumerRecord<byte[], byte[]>> late = readCommitted(topics.lateEvents());
        assertThat(late).hasSize(1);
        assertThat(new String(late.get(0).value(), StandardCharsets.UTF_8)).isEqualTo(lateEvent);
    }

    void close() throws Exception {
        es._transport().close();
    }
}
