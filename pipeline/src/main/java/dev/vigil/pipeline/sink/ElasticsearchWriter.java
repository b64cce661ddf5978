package dev.vigil.pipeline.sink;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._helpers.bulk.BulkIngester;
import co.elastic.clients.elasticsearch._helpers.bulk.BulkListener;
import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import dev.vigil.elasticsearch.ElasticsearchClients;
import dev.vigil.elasticsearch.Indices;
import dev.vigil.model.DeadLetter;
import dev.vigil.model.DeadLetterReason;
import dev.vigil.model.DeadLetterSource;
import dev.vigil.model.VigilJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The writer behind {@link ElasticsearchSink}, on the client's {@link BulkIngester}.
 *
 * <p>Documents wait in the writer for up to the flush interval or until a bulk's worth of distinct
 * ids is there. A document whose id is already waiting replaces the one waiting, unless its
 * version is lower (Elasticsearch would refuse it with 409 anyway): when the job catches up on a
 * backlog, a parking episode's revisions and a stat's re-emissions arrive within moments of each
 * other, and only the newest of each needs indexing. Each replaced document is counted in
 * {@code elasticsearch.coalesced}.
 *
 * <p>Per item of a bulk answer: 2xx is done; 409 (an equal or newer revision is already there) is
 * done and counted; 429 and 503 are retried with exponential backoff; anything else is written to
 * the dead-letter topic with reason {@code ES_REJECTED} and the document as payload. A request that
 * fails as a whole is retried the same way. {@link #flush} blocks until every document written so
 * far, retries included, has an outcome, so a checkpoint completes only over indexed documents;
 * exhausted retries fail the job, which then replays from its last checkpoint.
 */
final class ElasticsearchWriter<T> implements SinkWriter<T> {
    private final ElasticsearchSink.Settings settings;
    private final ElasticsearchSink.Documents<T> documents;
    private final Indices indices;
    private final ElasticsearchClient client;
    private final BulkIngester<Attempt<T>> ingester;
    private final ScheduledExecutorService retryScheduler;
    private final KafkaProducer<byte[], byte[]> deadLetters;
    private final Counter indexed;
    private final Counter conflicts;
    private final Counter retried;
    private final Counter rejected;
    private final Counter coalesced;
    private final ProcessingTimeService time;
    /** Documents not yet handed to the ingester, by id, in arrival order of their ids; task thread only. */
    private final LinkedHashMap<String, T> waiting = new LinkedHashMap<>();
    private boolean handOffScheduled;
    private boolean closed;

    private final Object lock = new Object();
    private long outstanding;
    private volatile Throwable fatal;

    /** A document and how often it was tried. */
    private record Attempt<T>(T record, int attempt) {}

    ElasticsearchWriter(ElasticsearchSink.Settings settings, ElasticsearchSink.Documents<T> documents, SinkWriterMetricGroup metrics,
            ProcessingTimeService time) {
        this.settings = settings;
        this.time = time;
        this.documents = documents;
        this.indices = new Indices(settings.indexPrefix());
        this.client = ElasticsearchClients.create(settings.url(), settings.username(), settings.password());
        this.retryScheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "es-retries");
            t.setDaemon(true);
            return t;
        });
        this.ingester = BulkIngester.<Attempt<T>>of(b -> b
                .client(client)
                .maxOperations(settings.maxOperations())
                .maxConcurrentRequests(1)
                .flushInterval(settings.flushInterval().toMillis(), TimeUnit.MILLISECONDS)
                .listener(new Listener()));
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.deadLetterBootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        this.deadLetters = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        this.indexed = metrics.counter("elasticsearch.indexed");
        this.conflicts = metrics.counter("elasticsearch.versionConflicts");
        this.retried = metrics.counter("elasticsearch.retries");
        this.rejected = metrics.counter("deadLetters.ES_REJECTED");
        this.coalesced = metrics.counter("elasticsearch.coalesced");
    }

    @Override
    public void write(T record, Context context) throws IOException {
        failIfBroken();
        String id = documents.id(record);
        T before = waiting.putIfAbsent(id, record);
        if (before != null) {
            coalesced.inc();
            Long newer = documents.version(record);
            Long older = documents.version(before);
            if (newer == null || older == null || newer >= older) {
                waiting.put(id, record);
            }
            return;
        }
        if (waiting.size() >= settings.maxOperations()) {
            handOff();
        } else if (!handOffScheduled) {
            handOffScheduled = true;
            time.registerTimer(time.getCurrentProcessingTime() + settings.flushInterval().toMillis(), at -> {
                handOffScheduled = false;
                if (!closed) {
                    handOff();
                }
            });
        }
    }

    /** Gives every waiting document to the ingester and sends them. */
    private void handOff() {
        if (waiting.isEmpty()) {
            return;
        }
        synchronized (lock) {
            outstanding += waiting.size();
        }
        for (T record : waiting.values()) {
            ingester.add(operation(record), new Attempt<>(record, 0));
        }
        waiting.clear();
        ingester.flush();
    }

    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
        handOff();
        ingester.flush();
        while (true) {
            synchronized (lock) {
                if (outstanding == 0 || fatal != null) {
                    break;
                }
                lock.wait(100);
                if (outstanding == 0 || fatal != null) {
                    break;
                }
            }
            // outside the lock: flushing may wait for a request in flight, whose listener takes the lock;
            // it also sends retries scheduled meanwhile without waiting for the flush interval
            ingester.flush();
        }
        deadLetters.flush();
        failIfBroken();
    }

    @Override
    public void close() throws Exception {
        closed = true;
        ingester.close();
        retryScheduler.shutdownNow();
        deadLetters.close();
        client._transport().close();
    }

    private BulkOperation operation(T record) {
        Long version = documents.version(record);
        return BulkOperation.of(op -> op.index(i -> {
            i.index(documents.index(record, indices)).id(documents.id(record)).document(record);
            if (version != null) {
                i.version(version).versionType(VersionType.External);
            }
            return i;
        }));
    }

    private void done() {
        synchronized (lock) {
            outstanding--;
            if (outstanding == 0) {
                lock.notifyAll();
            }
        }
    }

    private void retry(Attempt<T> attempt, String why) {
        if (attempt.attempt() + 1 >= settings.maxRetries()) {
            fail(new IOException("Elasticsearch did not take document " + documents.id(attempt.record()) + " after "
                    + settings.maxRetries() + " attempts: " + why));
            return;
        }
        retried.inc();
        long delay = Math.min(settings.initialBackoff().toMillis() << attempt.attempt(), 10_000L);
        retryScheduler.schedule(() -> ingester.add(operation(attempt.record()),
                new Attempt<>(attempt.record(), attempt.attempt() + 1)), delay, TimeUnit.MILLISECONDS);
    }

    private void deadLetter(T record, String detail) {
        rejected.inc();
        DeadLetter letter = DeadLetter.of(DeadLetterReason.ES_REJECTED, detail, null, DeadLetterSource.PIPELINE, null,
                Instant.now(), VigilJson.toBytes(record));
        deadLetters.send(new ProducerRecord<>(settings.deadLetterTopic(),
                documents.id(record).getBytes(StandardCharsets.UTF_8), VigilJson.toBytes(letter)), (meta, error) -> {
                    if (error != null) {
                        fail(error);
                    }
                });
    }

    private void fail(Throwable error) {
        if (fatal == null) {
            fatal = error;
        }
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    private void failIfBroken() throws IOException {
        Throwable error = fatal;
        if (error != null) {
            throw new IOException("indexing into Elasticsearch failed: " + error.getMessage(), error);
        }
    }

    private final class Listener implements BulkListener<Attempt<T>> {
        @Override
        public void beforeBulk(long executionId, BulkRequest request, List<Attempt<T>> contexts) {
            // nothing to prepare
        }

        @Override
        public void afterBulk(long executionId, BulkRequest request, List<Attempt<T>> contexts, BulkResponse response) {
            List<BulkResponseItem> items = response.items();
            for (int i = 0; i < items.size(); i++) {
                BulkResponseItem item = items.get(i);
                Attempt<T> attempt = contexts.get(i);
                int status = item.status();
                if (status == 429 || status == 503) {
                    retry(attempt, "status " + status);
                    continue;
                }
                if (status >= 200 && status < 300) {
                    indexed.inc();
                } else if (status == 409) {
                    conflicts.inc();
                } else {
                    String detail = item.error() == null ? "status " + status
                            : "status " + status + " " + item.error().type() + ": " + item.error().reason();
                    deadLetter(attempt.record(), detail);
                }
                done();
            }
        }

        @Override
        public void afterBulk(long executionId, BulkRequest request, List<Attempt<T>> contexts, Throwable failure) {
            for (Attempt<T> attempt : contexts) {
                retry(attempt, String.valueOf(failure));
            }
        }
    }
}
