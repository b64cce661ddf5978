package dev.vigil.pipeline.sink;

import dev.vigil.model.Nullable;
import dev.vigil.model.Violation;
import java.io.IOException;
import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Indexes violation revisions into {@code <prefix>violations-YYYY.MM} (by event time, UTC), with
 * {@code _id} = violationId and external versioning by revision, so a retried or replayed older
 * revision never overwrites a newer one. Idempotent writes make the sink exactly-once in effect:
 * everything buffered is indexed before a checkpoint completes, and what a restore replays is
 * written again harmlessly (its 409 counts as success). See {@link ElasticsearchViolationWriter}.
 */
public final class ElasticsearchViolationSink implements Sink<Violation> {
    private static final long serialVersionUID = 1L;

    private final Settings settings;

    public ElasticsearchViolationSink(Settings settings) {
        this.settings = settings;
    }

    /**
     * @param deadLetterBootstrapServers where documents Elasticsearch refuses are dead-lettered
     * @param maxRetries attempts for a document refused with 429 or 503 (or a failed request)
     *     before the job fails and restarts from its last checkpoint
     */
    public record Settings(
            String url,
            @Nullable String username,
            @Nullable String password,
            String indexPrefix,
            int maxOperations,
            Duration flushInterval,
            int maxRetries,
            Duration initialBackoff,
            String deadLetterBootstrapServers,
            String deadLetterTopic) implements Serializable {

        public static Settings of(String url, @Nullable String username, @Nullable String password, String indexPrefix,
                String deadLetterBootstrapServers, String deadLetterTopic) {
            return new Settings(url, username, password, indexPrefix, 1000, Duration.ofMillis(500), 10,
                    Duration.ofMillis(100), deadLetterBootstrapServers, deadLetterTopic);
        }
    }

    @Override
    public SinkWriter<Violation> createWriter(WriterInitContext context) throws IOException {
        return new ElasticsearchViolationWriter(settings, context.metricGroup());
    }
}
