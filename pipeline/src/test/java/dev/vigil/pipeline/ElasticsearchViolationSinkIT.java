package dev.vigil.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import dev.vigil.elasticsearch.ElasticsearchClients;
import dev.vigil.elasticsearch.ElasticsearchServer;
import dev.vigil.elasticsearch.IndexTemplates;
import dev.vigil.elasticsearch.Indices;
import dev.vigil.kafka.CommittedRecords;
import dev.vigil.kafka.TopicAdmin;
import dev.vigil.kafka.Topics;
import dev.vigil.kafka.broker.KafkaBroker;
import dev.vigil.model.DeadLetter;
import dev.vigil.model.DeadLetterReason;
import dev.vigil.model.GeoPoint;
import dev.vigil.model.Plate;
import dev.vigil.model.PlateColor;
import dev.vigil.model.Subject;
import dev.vigil.model.Violation;
import dev.vigil.model.ViolationStatus;
import dev.vigil.model.ViolationType;
import dev.vigil.model.VigilJson;
import dev.vigil.pipeline.sink.ElasticsearchSink;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Elasticsearch sink against the real server, in bounded jobs: a stale revision's 409 is
 * success, a 429 (an index blocked the way a full disk blocks it) is retried until it is taken,
 * any other refusal becomes an ES_REJECTED dead letter carrying the document. Also the
 * transaction-timeout preflight against the real broker.
 */
class ElasticsearchViolationSinkIT {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final Instant AT = Instant.parse("2026-11-20T02:00:00Z");

    private final Indices indices = new Indices("s" + UUID.randomUUID().toString().substring(0, 8) + "-");
    private final Topics topics = Topics.withSuffix("." + UUID.randomUUID().toString().substring(0, 8));
    private final Properties kafka = new Properties();
    private ElasticsearchClient es;

    @BeforeEach
    void setUp() {
        kafka.put("bootstrap.servers", KafkaBroker.shared().bootstrapServers());
        TopicAdmin.createAll(kafka, topics);
        es = ElasticsearchClients.create(ElasticsearchServer.shared().url());
        IndexTemplates.install(es, indices);
    }

    @AfterEach
    void tearDown() throws Exception {
        es._transport().close();
    }

    @Test
    void anOlderRevisionNeverOverwritesANewerOne() throws Exception {
        write(List.of(violation("a", 2)));
        write(List.of(violation("a", 1))); // as a replay after a restore would: Elasticsearch answers 409

        assertThat(stored("a").revision()).isEqualTo(2);
        assertThat(deadLetters()).isEmpty();
    }

    @Test
    void revisionsArrivingTogetherAreIndexedOnceAsTheNewest() throws Exception {
        write(List.of(violation("d", 1), violation("e", 1), violation("d", 2), violation("d", 4), violation("d", 3), violation("e", 2)));

        assertThat(stored("d").revision()).isEqualTo(4);
        assertThat(stored("e").revision()).isEqualTo(2);
        // one write per document reached Elasticsearch: the first operation on a shard has sequence number 0 or 1
        long d = es.get(g -> g.index(indices.violationsIndex(AT)).id(id("d")), Violation.class).seqNo();
        long e = es.get(g -> g.index(indices.violationsIndex(AT)).id(id("e")), Violation.class).seqNo();
        assertThat(List.of(d, e)).containsExactlyInAnyOrder(0L, 1L);
        assertThat(deadLetters()).isEmpty();
    }

    @Test
    void aBlockedIndexIsRetriedUntilItTakesTheDocument() throws Exception {
        String index = indices.violationsIndex(AT);
        es.indices().create(c -> c.index(index));
        block(index, "read_only_allow_delete", true); // answers 429, as a full disk does
        CompletableFuture<Void> unblock = CompletableFuture.runAsync(() -> {
            try {
                Thread.sleep(2000);
                block(index, "read_only_allow_delete", false);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        write(List.of(violation("b", 1)));
        unblock.get();

        assertThat(stored("b").revision()).isEqualTo(1);
        assertThat(deadLetters()).isEmpty();
    }

    @Test
    void aRefusedDocumentBecomesADeadLetterWithTheDocument() throws Exception {
        String index = indices.violationsIndex(AT);
        es.indices().create(c -> c.index(index));
        block(index, "write", true); // answers 403: not worth retrying

        write(List.of(violation("c", 1)));

        List<DeadLetter> letters = deadLetters();
        assertThat(letters).singleElement().satisfies(d -> {
            assertThat(d.reason()).isEqualTo(DeadLetterReason.ES_REJECTED);
            assertThat(d.detail()).startsWith("status 403 cluster_block_exception");
            assertThat(VigilJson.read(d.payload(), Violation.class).violationId()).isEqualTo(id("c"));
        });
        block(index, "write", false);
    }

    @Test
    void aTransactionTimeoutAboveTheBrokersMaximumIsRefusedBeforeStart() {
        assertThatThrownBy(() -> KafkaPreflight.checkTransactionTimeout(kafka, Duration.ofMinutes(20), Duration.ofSeconds(10)))
                .hasMessageContaining("exceeds transaction.max.timeout.ms (900000 ms)");
        assertThatThrownBy(() -> KafkaPreflight.checkTransactionTimeout(kafka, Duration.ofSeconds(5), Duration.ofSeconds(10)))
                .hasMessageContaining("must exceed pipeline.checkpoint.interval");
    }

    private void write(List<Violation> violations) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.fromData(TypeInformation.of(Violation.class), violations.toArray(Violation[]::new))
                .sinkTo(ElasticsearchSink.violations(ElasticsearchSink.Settings.of(ElasticsearchServer.shared().url(),
                        null, null, indices.prefix(), KafkaBroker.shared().bootstrapServers(), topics.deadLetters())));
        env.execute("es-sink-it");
    }

    private Violation stored(String seed) throws Exception {
        return es.get(g -> g.index(indices.violationsIndex(AT)).id(id(seed)), Violation.class).source();
    }

    private List<DeadLetter> deadLetters() {
        return CommittedRecords.read(kafka, topics.deadLetters(), Duration.ofSeconds(20)).stream().map(r -> VigilJson.read(r.value(), DeadLetter.class)).toList();
    }

    private void block(String index, String block, boolean on) throws Exception {
        es.indices().putSettings(s -> s.index(index).settings(x -> x.blocks(b -> {
            switch (block) {
                case "write" -> b.write(on);
                default -> b.readOnlyAllowDelete(on);
            }
            return b;
        })));
    }

    private static String id(String seed) {
        return CountySeat.violationId("RED_LIGHT", "苏A" + seed, "J-1", AT);
    }

    private static Violation violation(String seed, int revision) {
        return new Violation(id(seed), revision, ViolationType.RED_LIGHT, "1625", "驾驶机动车违反道路交通信号灯通行",
                ViolationStatus.CONFIRMED, List.of(), new Plate("苏A" + seed, PlateColor.BLUE, 0.9), Subject.MOTOR_VEHICLE,
                List.of("EP-1"), "J-1", null, null, "城关镇", "解放路", new GeoPoint(34.26, 108.94), AT, AT.plusSeconds(revision),
                null, null, null, 200, 6, List.of(), List.of("hik:" + seed + revision), "{}", "national-2022", AT.plusSeconds(9));
    }
}
