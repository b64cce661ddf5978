package dev.vigil.pipeline.sink;

import dev.vigil.elasticsearch.Indices;
import dev.vigil.model.Alert;
import dev.vigil.model.Nullable;
import dev.vigil.model.Stat;
import dev.vigil.model.Violation;
import java.io.IOException;
import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Indexes the job's records into Elasticsearch with {@code _id} = the record's id, so every write
 * is idempotent: violations into {@code <prefix>violations-YYYY.MM} (by event time, UTC) versioned
 * externally by revision, stats into {@code <prefix>stats} versioned by their count (which only
 * grows), alerts into {@code <prefix>alerts}. A retried or replayed older version never overwrites
 * a newer one (its 409 counts as success), so the sink is exactly-once in effect: everything
 * buffered is indexed before a checkpoint completes, and what a restore replays is written again
 * harmlessly. See {@link ElasticsearchWriter}.
 */
public final class ElasticsearchSink<T> implements Sink<T> {
    private static final long serialVersionUID = 1L;

    /** Where and how one kind of record is indexed. */
    public interface Documents<T> extends Serializable {
        String index(T record, Indices indices);

        String id(T record);

        /** The external version, or null to index without one. */
        @Nullable
        Long version(T record);
    }

    private static final Duration ALERT_FLUSH = Duration.ofMillis(100);

    private final Settings settings;
    private final Documents<T> documents;

    private ElasticsearchSink(Settings settings, Documents<T> documents) {
        this.settings = settings;
        this.documents = documents;
    }

    /** Violation revisions into the monthly violation indices. */
    public static ElasticsearchSink<Violation> violations(Settings settings) {
        return new ElasticsearchSink<>(settings, new ViolationDocuments());
    }

    /** One-minute stats into the stats index, versioned by count. */
    public static ElasticsearchSink<Stat> stats(Settings settings) {
        return new ElasticsearchSink<>(settings, new StatDocuments());
    }

    /**
     * Alerts into the alerts index. They are few, and a duty officer waits for them (a hotlist hit
     * should be searchable within 2 s of its event's arrival): they wait at most 100 ms for a bulk.
     */
    public static ElasticsearchSink<Alert> alerts(Settings settings) {
        Duration flush = settings.flushInterval().compareTo(ALERT_FLUSH) < 0 ? settings.flushInterval() : ALERT_FLUSH;
        return new ElasticsearchSink<>(settings.withFlushInterval(flush), new AlertDocuments());
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

        /** The same settings with another flush interval. */
        public Settings withFlushInterval(Duration interval) {
            return new Settings(url, username, password, indexPrefix, maxOperations, interval, maxRetries, initialBackoff,
                    deadLetterBootstrapServers, deadLetterTopic);
        }

        public static Settings of(String url, @Nullable String username, @Nullable String password, String indexPrefix,
                String deadLetterBootstrapServers, String deadLetterTopic) {
            return new Settings(url, username, password, indexPrefix, 1000, Duration.ofMillis(500), 10,
                    Duration.ofMillis(100), deadLetterBootstrapServers, deadLetterTopic);
        }
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
        return new ElasticsearchWriter<>(settings, documents, context.metricGroup(), context.getProcessingTimeService());
    }

    private static final class ViolationDocuments implements Documents<Violation> {
        private static final long serialVersionUID = 1L;

        @Override
        public String index(Violation v, Indices indices) {
            return indices.violationsIndex(v.eventTime());
        }

        @Override
        public String id(Violation v) {
            return v.violationId();
        }

        @Override
        public Long version(Violation v) {
            return (long) v.revision();
        }
    }

    private static final class StatDocuments implements Documents<Stat> {
        private static final long serialVersionUID = 1L;

        @Override
        public String index(Stat s, Indices indices) {
            return indices.stats();
        }

        @Override
        public String id(Stat s) {
            return s.statId();
        }

        @Override
        public Long version(Stat s) {
            return s.count();
        }
    }

    private static final class AlertDocuments implements Documents<Alert> {
        private static final long serialVersionUID = 1L;

        @Override
        public String index(Alert a, Indices indices) {
            return indices.alerts();
        }

        @Override
        public String id(Alert a) {
            return a.alertId();
        }

        @Override
        public Long version(Alert a) {
            return null;
        }
    }
}
