package dev.vigil.bench;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.json.JsonData;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.deploy.sim.Simulator;
import dev.vigil.deploy.sim.SimulatorSettings;
import dev.vigil.elasticsearch.ElasticsearchClients;
import dev.vigil.elasticsearch.IndexTemplates;
import dev.vigil.elasticsearch.Indices;
import dev.vigil.gateway.Gateway;
import dev.vigil.kafka.RegistryPublisher;
import dev.vigil.kafka.RegistrySnapshot;
import dev.vigil.kafka.TopicAdmin;
import dev.vigil.model.HotlistEntry;
import dev.vigil.model.Registry;
import dev.vigil.model.VigilJson;
import dev.vigil.pipeline.PipelineConfig;
import dev.vigil.pipeline.ViolationsJob;
import dev.vigil.rules.CodeTable;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Latency from the gateway's answer to the violation being searchable, under open-loop load. The
 * running violations job (unbounded, as in production) reads what a gateway writes; the simulator
 * drives real-time traffic at a chosen rate through the gateway, primed so that its trips are
 * already under way and the rate is the one asked from the first second (batches of up to
 * {@value #BATCH} events of one vendor, every {@value #TICK_MILLIS} ms, sent whatever the answers
 * take: open loop). For each event the probe notes when it was handed over (its intended send
 * time) and when the gateway's 2xx came. A poller searches Elasticsearch every
 * {@value #POLL_MILLIS} ms for violations first seen; a violation's latency is the poll that found
 * it minus the 2xx of its latest source event. The same from the intended send time is the
 * coordinated-omission corrected figure: a gateway that stalls makes it grow, where the figure from
 * the 2xx would hide the stall. Violations are counted when their sources were acknowledged in the
 * measured window; traffic goes on after it, so the watermark passes everything measured.
 *
 * <p>The simulator's one drifting camera reports times up to 8 s ahead of the true time. Its
 * violations are in event-time order only once the other cameras' times catch up with its clock:
 * they wait that much longer by design, so they are measured apart.
 *
 * <p>{@code HOTLIST_HIT} alerts do not wait for the watermark. One readable pass in
 * {@value #HOTLIST_EVERY} is sent with one of the registry's hotlisted plates instead of its own, and
 * a second poller finds their alerts in the alert index: the time from that pass's 2xx is the
 * hotlist latency.
 */
final class LatencyProbe {
    static final int BATCH = 500;
    static final long TICK_MILLIS = 20;
    static final long POLL_MILLIS = 100;
    static final int HOTLIST_EVERY = 100;
    /** Longer than the simulator's longest trips: primed this far back, it sends at the rate asked from the start. */
    static final Duration PRIME_SPAN = Duration.ofMinutes(7);
    /** Events planned per second while priming, a low estimate: the time given to prime before the phase begins. */
    static final double PRIME_EVENTS_PER_SECOND = 50_000;

    /**
     * Histograms in milliseconds: violations from the 2xx and from the intended send time,
     * {@code HOTLIST_HIT} alerts from the 2xx, and apart from the others the violations of the
     * camera whose clock runs ahead, from the 2xx.
     */
    record Outcome(double asked, double rate, Histogram fromAck, Histogram fromIntended, Histogram hotlist, Histogram drifting) {}

    private final PipelineConfig config;
    private final Registry registry;
    private final Path work;
    private final int clients;
    private final String stateBackend;

    LatencyProbe(PipelineConfig config, Registry registry, Path work, int clients, String stateBackend) {
        this.stateBackend = stateBackend;
        this.config = config;
        this.registry = registry;
        this.work = work;
        this.clients = clients;
    }

    /** One measurement per rate (events per second), each {@code warmup + measure + tail} long. */
    List<Outcome> run(List<Double> rates, Duration warmup, Duration measure, Duration tail, long seed) throws Exception {
        Properties kafka = new Properties();
        kafka.put("bootstrap.servers", config.bootstrapServers());
        TopicAdmin.createAll(kafka, config.topics());
        new RegistryPublisher(kafka, config.topics().registry()).publish(registry);
        Indices indices = new Indices(config.indexPrefix());
        ElasticsearchClient es = ElasticsearchClients.create(config.elasticsearchUrl());
        IndexTemplates.install(es, indices);
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, work.resolve("latency-checkpoints").toUri().toString());
        PipelineDrain.stateBackend(conf, stateBackend);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(config.parallelism(), conf);
        ViolationsJob.build(env, ViolationsJob.kafkaSources(config, RegistrySnapshot.read(kafka, config.topics().registry()), false),
                ViolationsJob.productionSinks(config), config, CodeTable.defaults());
        JobClient job = env.executeAsync("vigil-bench-latency");
        BenchGateway.Setup setup = BenchGateway.configure(List.of("hikvision", "dahua", "uniview"), config.bootstrapServers(),
                config.topics().cameraEvents(), config.topics().deadLetters(), work.resolve("latency-evidence"));
        Map<String, String> secrets = setup.secrets();
        List<Outcome> outcomes = new ArrayList<>();
        try (Gateway gateway = Gateway.start(setup.config())) {
            while (job.getJobStatus().get() != JobStatus.RUNNING) {
                Thread.sleep(20);
            }
            URI events = URI.create("http://127.0.0.1:" + gateway.port() + "/api/v1/events");
            int phase = 0;
            for (double rate : rates) {
                outcomes.add(phase(es, indices, events, secrets, rate, warmup, measure, tail, seed + phase, phase));
                phase++;
            }
        } finally {
            job.cancel().get(1, TimeUnit.MINUTES);
            es._transport().close();
        }
        return outcomes;
    }

    private Outcome phase(ElasticsearchClient es, Indices indices, URI events, Map<String, String> secrets, double rate, Duration warmup,
            Duration measure, Duration tail, long seed, int phase) throws Exception {
        SimulatorSettings settings = SimulatorSettings.defaults().withSeed(seed)
                .withRate(rate / Simulator.dayFactor(ZoneId.of("Asia/Shanghai"), System.currentTimeMillis()));
        List<String> hotPlates = registry.hotlist().stream().map(HotlistEntry::plate).toList();
        TimedSink sink = new TimedSink(events, secrets, clients, hotPlates);
        Simulator simulator = new Simulator(registry, settings, work.resolve("latency-simulator-" + phase), sink);
        // the city under way from the first upload, so the load is the rate asked from the start
        long lead = Math.max(5_000, Math.round(rate * PRIME_SPAN.toSeconds() / PRIME_EVENTS_PER_SECOND * 1000));
        long begin = System.currentTimeMillis() + lead;
        simulator.prime(begin, PRIME_SPAN);
        if (System.currentTimeMillis() > begin) {
            System.err.printf("latency: planning the city under way overran its lead by %,d ms; that traffic goes at once%n",
                    System.currentTimeMillis() - begin);
        }
        Thread.sleep(Math.max(0, begin - System.currentTimeMillis()));
        long from = begin + warmup.toMillis();
        long to = from + measure.toMillis();
        long end = to + tail.toMillis();
        Histogram fromAck = new Histogram(TimeUnit.MINUTES.toMillis(10), 3);
        Histogram fromIntended = new Histogram(TimeUnit.MINUTES.toMillis(10), 3);
        Histogram hotlist = new Histogram(TimeUnit.MINUTES.toMillis(10), 3);
        Histogram drifting = new Histogram(TimeUnit.MINUTES.toMillis(10), 3);
        sink.driftingDevice = simulator.driftingCamera();
        Set<String> alerted = new HashSet<>();
        Thread traffic = new Thread(() -> {
            try (simulator) {
                simulator.runUntil(end);
            }
        }, "bench-traffic");
        traffic.start();
        Set<String> seen = new HashSet<>();
        List<FieldValue> after = null;
        while (System.currentTimeMillis() < end + POLL_MILLIS) {
            long polledAt = System.currentTimeMillis();
            final List<FieldValue> cursor = after;
            SearchResponse<JsonNode> page;
            try {
                page = es.search(s -> {
                // until the first violation is indexed there is no index behind the alias: an empty answer
                s.index(indices.violationsAlias()).ignoreUnavailable(true).allowNoIndices(true).size(1000)
                        .query(q -> q.range(r -> r.untyped(u -> u.field("detectedAt").gte(JsonData.of(begin)))))
                        .sort(o -> o.field(f -> f.field("detectedAt").order(SortOrder.Asc)))
                        .sort(o -> o.field(f -> f.field("violationId").order(SortOrder.Asc)))
                        .source(x -> x.filter(f -> f.includes("violationId", "sourceEventIds")));
                if (cursor != null) {
                    s.searchAfter(cursor);
                }
                return s;
                }, JsonNode.class);
            } catch (Exception e) {
                // a new index whose shard is not yet active answers 503: poll again; the wait counts as latency
                Thread.sleep(POLL_MILLIS);
                continue;
            }
            for (Hit<JsonNode> hit : page.hits().hits()) {
                after = hit.sort();
                if (!seen.add(hit.source().path("violationId").asText())) {
                    continue;
                }
                long acked = 0;
                long intended = 0;
                boolean drifted = false;
                for (JsonNode id : hit.source().path("sourceEventIds")) {
                    drifted |= sink.drifted.contains(id.asText());
                    long[] times = sink.times.get(id.asText());
                    if (times != null && times[1] > 0) {
                        acked = Math.max(acked, times[1]);
                        intended = Math.max(intended, times[0]);
                    }
                }
                if (acked >= from && acked < to && drifted) {
                    drifting.recordValue(Math.max(0, polledAt - acked));
                } else if (acked >= from && acked < to) {
                    fromAck.recordValue(Math.max(0, polledAt - acked));
                    fromIntended.recordValue(Math.max(0, polledAt - intended));
                }
            }
            hotlistHits(es, indices, begin, sink, alerted, from, to, hotlist);
            if (page.hits().hits().size() < 1000) {
                Thread.sleep(Math.max(1, POLL_MILLIS - (System.currentTimeMillis() - polledAt)));
            }
        }
        traffic.join();
        sink.close();
        if (sink.failures() > 0) {
            throw new IllegalStateException(sink.failures() + " uploads failed during the latency measurement at " + rate + "/s");
        }
        return new Outcome(rate, sink.sent.get() / ((end - begin) / 1000.0), fromAck, fromIntended, hotlist, drifting);
    }

    /** Records the latency of every {@code HOTLIST_HIT} first found now whose pass was acknowledged in the measured window. */
    private static void hotlistHits(ElasticsearchClient es, Indices indices, long begin, TimedSink sink, Set<String> alerted, long from,
            long to, Histogram hotlist) {
        long polledAt = System.currentTimeMillis();
        SearchResponse<JsonNode> page;
        try {
            // newest first: the ones not yet seen are among the newest
            page = es.search(s -> s.index(indices.alerts()).ignoreUnavailable(true).allowNoIndices(true).size(1000)
                    .query(q -> q.bool(b -> b
                            .filter(f -> f.term(t -> t.field("kind").value("HOTLIST_HIT")))
                            .filter(f -> f.range(r -> r.untyped(u -> u.field("eventTime").gte(JsonData.of(begin - 60_000)))))))
                    .sort(o -> o.field(f -> f.field("eventTime").order(SortOrder.Desc)))
                    .source(x -> x.filter(f -> f.includes("alertId", "details.sourceEventId"))), JsonNode.class);
        } catch (Exception e) {
            return; // no alert index yet, or its shard not yet active: the next poll finds them, and the wait counts
        }
        for (Hit<JsonNode> hit : page.hits().hits()) {
            String source = hit.source().path("details").path("sourceEventId").asText();
            if (!sink.hot.contains(source) || !alerted.add(hit.source().path("alertId").asText())) {
                continue;
            }
            long[] times = sink.times.get(source);
            if (times != null && times[1] >= from && times[1] < to) {
                hotlist.recordValue(Math.max(0, polledAt - times[1]));
            }
        }
    }

    /**
     * Hands the simulator's uploads to the gateway in open loop: each tick takes what is queued and
     * posts it on a pool of clients without waiting for earlier answers. Notes per event (by
     * vendor:eventId) when it was handed over and when its 2xx came.
     */
    private static final class TimedSink implements Simulator.EventSink {
        final Map<String, long[]> times = new ConcurrentHashMap<>();
        final AtomicLong sent = new AtomicLong();
        /** The events sent with a hotlisted plate, by vendor:eventId. */
        final Set<String> hot = ConcurrentHashMap.newKeySet();
        /** The events of the camera whose clock drifts, by vendor:eventId. */
        final Set<String> drifted = ConcurrentHashMap.newKeySet();
        volatile String driftingDevice = "";
        private final List<String> hotPlates;
        private final AtomicLong untilHot = new AtomicLong(HOTLIST_EVERY);
        private final AtomicLong failures = new AtomicLong();
        private final Map<String, ArrayDeque<Pending>> queues = new HashMap<>();
        private final URI events;
        private final Map<String, String> secrets;
        private final HttpClient http = BenchGateway.client();
        private final ExecutorService posts;
        private final java.util.concurrent.ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor();

        private record Pending(String id, byte[] payload) {}

        TimedSink(URI events, Map<String, String> secrets, int clients, List<String> hotPlates) {
            this.events = events;
            this.hotPlates = hotPlates;
            this.secrets = secrets;
            this.posts = Executors.newFixedThreadPool(clients);
            ticks.scheduleAtFixedRate(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
        }

        @Override
        public void send(String vendor, String deviceId, byte[] payload) {
            String id = vendor + ':' + eventId(payload);
            if (!hotPlates.isEmpty() && untilHot.decrementAndGet() <= 0) {
                byte[] hotPass = withPlate(payload, hotPlates.get(hot.size() % hotPlates.size()));
                if (hotPass != null) {
                    payload = hotPass;
                    hot.add(id);
                    untilHot.set(HOTLIST_EVERY);
                }
            }
            if (deviceId.equals(driftingDevice)) {
                drifted.add(id);
            }
            times.put(id, new long[] {System.currentTimeMillis(), 0});
            synchronized (queues) {
                queues.computeIfAbsent(vendor, v -> new ArrayDeque<>()).add(new Pending(id, payload));
            }
            sent.incrementAndGet();
        }

        private void tick() {
            synchronized (queues) {
                queues.forEach((vendor, queue) -> {
                    while (!queue.isEmpty()) {
                        List<Pending> batch = new ArrayList<>(Math.min(BATCH, queue.size()));
                        while (!queue.isEmpty() && batch.size() < BATCH) {
                            batch.add(queue.poll());
                        }
                        posts.submit(() -> post(vendor, batch));
                    }
                });
            }
        }

        private void post(String vendor, List<Pending> batch) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            for (Pending p : batch) {
                body.writeBytes(p.payload());
                body.write('\n');
            }
            byte[] bytes = body.toByteArray();
            try {
                while (true) {
                    HttpResponse<String> answer = http.send(BenchGateway.upload(events, vendor, secrets.get(vendor), bytes),
                            HttpResponse.BodyHandlers.ofString());
                    if (answer.statusCode() == 200 || answer.statusCode() == 400) {
                        long now = System.currentTimeMillis();
                        for (Pending p : batch) {
                            long[] t = times.get(p.id());
                            if (t != null && t[1] == 0) {
                                t[1] = now;
                            }
                        }
                        return;
                    }
                    if (answer.statusCode() != 429 && answer.statusCode() != 503) {
                        failures.addAndGet(batch.size());
                        return;
                    }
                    Thread.sleep(50);
                }
            } catch (Exception e) {
                failures.addAndGet(batch.size());
            }
        }

        /** A readable pass with {@code plate} instead of its own; null for any other event. */
        static byte[] withPlate(byte[] payload, String plate) {
            try {
                JsonNode event = VigilJson.mapper().readTree(payload);
                if (!"PASS".equals(event.path("kind").asText()) || !(event.path("plate") instanceof ObjectNode seen)
                        || seen.path("number").asText("").isEmpty() || seen.path("number").asText().equals("未识别")) {
                    return null;
                }
                seen.put("number", plate);
                seen.put("confidence", 0.95);
                return VigilJson.mapper().writeValueAsBytes(event);
            } catch (IOException e) {
                return null;
            }
        }

        /** The eventId of a canonical payload, found without parsing the whole event. */
        static String eventId(byte[] payload) {
            String text = new String(payload, StandardCharsets.UTF_8);
            int key = text.indexOf("\"eventId\"");
            if (key < 0) {
                return "";
            }
            int open = text.indexOf('"', text.indexOf(':', key) + 1);
            int close = text.indexOf('"', open + 1);
            return open < 0 || close < 0 ? "" : text.substring(open + 1, close);
        }

        @Override
        public long failures() {
            return failures.get();
        }

        @Override
        public void close() {
            ticks.shutdown();
            try {
                ticks.awaitTermination(5, TimeUnit.SECONDS);
                tick();
                posts.shutdown();
                posts.awaitTermination(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
