package dev.vigil.bench;

import dev.vigil.gateway.Gateway;
import dev.vigil.gateway.GatewayConfig;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The gateway against its limit: the corpus's first uploads sent over HTTP with HMAC signatures to
 * a gateway writing to Kafka with {@code acks=all} (each answer only after Kafka acknowledged every
 * event of the request), in NDJSON batches and one event per request, by several clients at once;
 * and the same records through a plain KafkaProducer with the gateway's producer settings, sent
 * as fast as it takes them and flushed at the end.
 */
final class GatewayComparison {
    static final int BATCH = 500;

    /** Events answered per second: in batches, one per request, and the raw producer's records per second. */
    record Outcome(long events, double batchPerSecond, double singlePerSecond, long singleEvents, double producerPerSecond) {}

    private GatewayComparison() {}

    static Outcome run(String bootstrapServers, String topic, String deadLetterTopic, List<Corpus.Upload> uploads, int clients,
            int singleEvents, Path evidence) throws Exception {
        java.util.Set<String> vendorNames = new java.util.LinkedHashSet<>();
        uploads.forEach(u -> vendorNames.add(u.vendor()));
        BenchGateway.Setup setup = BenchGateway.configure(vendorNames, bootstrapServers, topic, deadLetterTopic, evidence);
        Map<String, String> secrets = setup.secrets();
        double batchRate;
        double singleRate;
        int singles = Math.min(singleEvents, uploads.size());
        try (Gateway gateway = Gateway.start(setup.config())) {
            URI events = URI.create("http://127.0.0.1:" + gateway.port() + "/api/v1/events");
            HttpClient http = BenchGateway.client();
            // a short warm-up, so the first figure does not carry the JIT's first minutes alone
            send(http, events, secrets, uploads.subList(0, Math.min(2_000, uploads.size())), 1, clients);
            batchRate = send(http, events, secrets, uploads, BATCH, clients);
            singleRate = send(http, events, secrets, uploads.subList(0, singles), 1, clients);
        }
        return new Outcome(uploads.size(), batchRate, singleRate, singles, produce(setup.config().kafka(), topic, uploads));
    }

    /** Sends {@code uploads} in requests of up to {@code batch} events of one vendor, by {@code clients} threads; events per second. */
    private static double send(HttpClient http, URI events, Map<String, String> secrets, List<Corpus.Upload> uploads, int batch,
            int clients) throws Exception {
        List<List<Corpus.Upload>> requests = new ArrayList<>();
        Map<String, List<Corpus.Upload>> open = new LinkedHashMap<>();
        for (Corpus.Upload upload : uploads) {
            List<Corpus.Upload> request = open.computeIfAbsent(upload.vendor(), v -> new ArrayList<>(batch));
            request.add(upload);
            if (request.size() == batch) {
                requests.add(request);
                open.remove(upload.vendor());
            }
        }
        requests.addAll(open.values());
        // bodies and signatures are made before the clock starts, as the corpus is: the load generator's work is not measured
        List<byte[]> bodies = new ArrayList<>(requests.size());
        List<HttpRequest> signed = new ArrayList<>(requests.size());
        for (List<Corpus.Upload> request : requests) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            for (Corpus.Upload upload : request) {
                body.writeBytes(upload.payload());
                body.write('\n');
            }
            String vendor = request.get(0).vendor();
            bodies.add(body.toByteArray());
            signed.add(BenchGateway.upload(events, vendor, secrets.get(vendor), bodies.get(bodies.size() - 1)));
        }
        AtomicLong next = new AtomicLong();
        AtomicLong answered = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            long start = System.nanoTime();
            List<Future<?>> workers = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                workers.add(pool.submit(() -> {
                    for (int i = (int) next.getAndIncrement(); i < bodies.size(); i = (int) next.getAndIncrement()) {
                        String vendor = requests.get(i).get(0).vendor();
                        answered.addAndGet(post(http, signed.get(i), events, vendor, secrets.get(vendor), bodies.get(i),
                                requests.get(i).size()));
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
            long nanos = System.nanoTime() - start;
            return answered.get() / (nanos / 1e9);
        } finally {
            pool.shutdownNow();
        }
    }

    /** One signed request, retried (signed anew: a nonce is used once) while the gateway asks to wait; the events it answered. */
    private static int post(HttpClient http, HttpRequest request, URI events, String vendor, String secret, byte[] body, int count)
            throws Exception {
        HttpRequest attempt = request;
        while (true) {
            HttpResponse<String> answer = http.send(attempt, HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() == 200 || answer.statusCode() == 400) {
                return count; // every event answered: accepted, or rejected (malformed) and dead-lettered
            }
            // a request signed ahead may have outlived the gateway's 300 s window on a long run: once, it is signed anew
            boolean stale = answer.statusCode() == 401 && attempt == request;
            if (answer.statusCode() != 429 && answer.statusCode() != 503 && !stale) {
                throw new IllegalStateException("the gateway answered " + answer.statusCode() + ": " + answer.body());
            }
            if (!stale) {
                Thread.sleep(100);
            }
            attempt = BenchGateway.upload(events, vendor, secret, body);
        }
    }

    /** The same records through a plain producer with the gateway's producer settings; records per second. */
    private static double produce(GatewayConfig.Kafka kafka, String topic, List<Corpus.Upload> uploads) {
        Properties props = kafka.producerProperties();
        props.put("client.id", "vigil-bench-producer");
        // where the gateway answers 503 to a full buffer, the loop waits for room
        props.put("max.block.ms", "60000");
        AtomicLong failed = new AtomicLong();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            long start = System.nanoTime();
            for (Corpus.Upload upload : uploads) {
                producer.send(new ProducerRecord<>(topic, upload.deviceId(), upload.payload()), (metadata, error) -> {
                    if (error != null) {
                        failed.incrementAndGet();
                    }
                });
            }
            producer.flush();
            long nanos = System.nanoTime() - start;
            if (failed.get() > 0) {
                throw new IllegalStateException(failed.get() + " records failed in the raw producer loop");
            }
            return uploads.size() / (nanos / 1e9);
        }
    }
}
