package dev.vigil.bench;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._helpers.bulk.BulkIngester;
import co.elastic.clients.elasticsearch._helpers.bulk.BulkListener;
import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import dev.vigil.elasticsearch.ElasticsearchClients;
import dev.vigil.elasticsearch.IndexTemplates;
import dev.vigil.elasticsearch.Indices;
import dev.vigil.kafka.CommittedRecords;
import dev.vigil.model.VigilJson;
import dev.vigil.model.Violation;
import dev.vigil.pipeline.sink.ElasticsearchSink;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.AbstractDeserializationSchema;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The Elasticsearch sink against its limit. The violations the drain wrote to Kafka are indexed
 * twice into fresh indices: by a Flink job of the violations topic into the job's own
 * {@link ElasticsearchSink} at the job's parallelism, and by a plain {@link BulkIngester} loop with
 * the same documents, the same bulk size and flush interval, external versions, and as many
 * concurrent requests as the job has sink writers.
 */
final class SinkComparison {
    /** Documents indexed and the time it took, for the job and for the raw loop. */
    record Outcome(long documents, long jobNanos, long rawNanos) {
        double jobPerSecond() {
            return documents / (jobNanos / 1e9);
        }

        double rawPerSecond() {
            return documents / (rawNanos / 1e9);
        }
    }

    private SinkComparison() {}

    static Outcome run(String bootstrapServers, String violationsTopic, String elasticsearchUrl, String deadLetterTopic, int parallelism,
            String prefix) throws Exception {
        List<Violation> violations = read(bootstrapServers, violationsTopic);
        Indices jobIndices = new Indices(prefix + "sinkjob-");
        Indices rawIndices = new Indices(prefix + "sinkraw-");
        try (ElasticsearchClientHolder holder = new ElasticsearchClientHolder(elasticsearchUrl)) {
            IndexTemplates.install(holder.client, jobIndices);
            IndexTemplates.install(holder.client, rawIndices);
        }
        ElasticsearchSink.Settings settings = ElasticsearchSink.Settings.of(elasticsearchUrl, null, null, jobIndices.prefix(),
                bootstrapServers, deadLetterTopic);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism);
        env.getConfig().enableObjectReuse();
        KafkaSource<Violation> source = KafkaSource.<Violation>builder()
                .setBootstrapServers(bootstrapServers)
                .setTopics(violationsTopic)
                .setGroupId("vigil-bench-sink-" + System.nanoTime())
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setBounded(OffsetsInitializer.latest())
                .setProperty("isolation.level", "read_committed")
                .setValueOnlyDeserializer(new ViolationSchema())
                .build();
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "violations").sinkTo(ElasticsearchSink.violations(settings))
                .name("violations-to-elasticsearch");
        long jobNanos = FlinkJobs.runToEnd(env, "vigil-bench-sink");

        long rawNanos = bulkIngest(elasticsearchUrl, rawIndices, violations, settings, parallelism);
        return new Outcome(violations.size(), jobNanos, rawNanos);
    }

    /** The plain loop: every violation through one BulkIngester, waiting for every answer. */
    private static long bulkIngest(String url, Indices indices, List<Violation> violations, ElasticsearchSink.Settings settings,
            int concurrency) throws Exception {
        AtomicLong failed = new AtomicLong();
        try (ElasticsearchClientHolder holder = new ElasticsearchClientHolder(url)) {
            long start = System.nanoTime();
            BulkIngester<Void> ingester = BulkIngester.of(b -> b.client(holder.client)
                    .maxOperations(settings.maxOperations())
                    .maxConcurrentRequests(concurrency)
                    .flushInterval(settings.flushInterval().toMillis(), TimeUnit.MILLISECONDS)
                    .listener(new BulkListener<Void>() {
                        @Override
                        public void beforeBulk(long executionId, BulkRequest request, List<Void> contexts) {}

                        @Override
                        public void afterBulk(long executionId, BulkRequest request, List<Void> contexts, BulkResponse response) {
                            for (BulkResponseItem item : response.items()) {
                                if (item.error() != null && item.status() != 409) {
                                    failed.incrementAndGet();
                                }
                            }
                        }

                        @Override
                        public void afterBulk(long executionId, BulkRequest request, List<Void> contexts, Throwable failure) {
                            failed.addAndGet(request.operations().size());
                        }
                    }));
            for (Violation v : violations) {
                ingester.add(op -> op.index(i -> i.index(indices.violationsIndex(v.eventTime())).id(v.violationId()).document(v)
                        .version((long) v.revision()).versionType(VersionType.External)));
            }
            ingester.close(); // flushes and waits for every request in flight
            long nanos = System.nanoTime() - start;
            if (failed.get() > 0) {
                throw new IllegalStateException(failed.get() + " documents failed in the raw BulkIngester loop");
            }
            return nanos;
        }
    }

    /** Every violation revision on the topic, read_committed. */
    static List<Violation> read(String bootstrapServers, String topic) {
        List<Violation> violations = new ArrayList<>();
        CommittedRecords.readToEnd(bootstrapServers, topic, TopicCounts.READ_TIMEOUT,
                record -> violations.add(VigilJson.read(record.value(), Violation.class)));
        return violations;
    }

    /** Violations from the topic's JSON. */
    private static final class ViolationSchema extends AbstractDeserializationSchema<Violation> {
        private static final long serialVersionUID = 1L;

        @Override
        public Violation deserialize(byte[] message) {
            return VigilJson.read(message, Violation.class);
        }
    }

    /** A client that closes its transport. */
    private static final class ElasticsearchClientHolder implements AutoCloseable {
        final ElasticsearchClient client;

        ElasticsearchClientHolder(String url) {
            this.client = ElasticsearchClients.create(url);
        }

        @Override
        public void close() throws IOException {
            client._transport().close();
        }
    }
}
