package dev.vigil.bench;

import dev.vigil.deploy.CityRegistry;
import dev.vigil.deploy.Directories;
import dev.vigil.deploy.demo.DemoHome;
import dev.vigil.elasticsearch.ElasticsearchServer;
import dev.vigil.kafka.RegistryPublisher;
import dev.vigil.kafka.TopicAdmin;
import dev.vigil.kafka.Topics;
import dev.vigil.kafka.broker.KafkaBroker;
import dev.vigil.model.Registry;
import dev.vigil.pipeline.PipelineConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./vigil bench}: every figure beside its limit, measured in one run on this machine with
 * the same data (DESIGN §13). Starts its own Kafka and Elasticsearch on free ports, makes the
 * corpus before any timing, then measures in turn: the source's limits, the job's drain, the
 * Elasticsearch sink against a raw BulkIngester, the gateway against a raw producer, latency under
 * open-loop load at half and four fifths of capacity, and JMH micro benchmarks. Prints one table
 * and writes it as JSON and Markdown.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measures throughput, the sinks, the gateway and latency against their limits in one run; writes bench.json and bench.md.")
public final class Bench implements Callable<Integer> {
    /** What to measure and how much. */
    record Settings(long events, int parallelism, Duration checkpointInterval, int gatewayEvents, int gatewaySingleEvents, int clients,
            Duration latencyWarmup, Duration latencyMeasure, Duration latencyTail, boolean latency, boolean micro, long seed,
            String stateBackend, long warmupEvents) {}

    /** The watermark bound the job runs with, and the tail of traffic after a measured window that carries the watermark past it. */
    static final Duration WATERMARK_BOUND = Duration.ofSeconds(30);

    @Option(names = "--events", description = "corpus size (default: ${DEFAULT-VALUE})", defaultValue = "2000000")
    long events;

    @Option(names = "--warmup-events", description = "events of another corpus the job, Elasticsearch and the parser warm up on before"
            + " anything is timed; 0 for none (default: ${DEFAULT-VALUE})", defaultValue = "100000")
    long warmupEvents;

    @Option(names = "--parallelism", description = "the job's parallelism (default: ${DEFAULT-VALUE})", defaultValue = "2")
    int parallelism;

    @Option(names = "--checkpoint-interval", description = "the job's checkpoint interval in seconds (default: ${DEFAULT-VALUE})",
            defaultValue = "10")
    int checkpointSeconds;

    @Option(names = "--gateway-events", description = "corpus events sent through the gateway in batches (default: ${DEFAULT-VALUE})",
            defaultValue = "200000")
    int gatewayEvents;

    @Option(names = "--gateway-single-events", description = "of those, sent one per request (default: ${DEFAULT-VALUE})",
            defaultValue = "20000")
    int gatewaySingleEvents;

    @Option(names = "--state-backend", description = "hashmap or rocksdb (incremental checkpoints) (default: ${DEFAULT-VALUE})",
            defaultValue = "hashmap")
    String stateBackend;

    @Option(names = "--clients", description = "concurrent HTTP clients (default: ${DEFAULT-VALUE})", defaultValue = "4")
    int clients;

    @Option(names = "--latency-seconds", description = "measured seconds per latency load (default: ${DEFAULT-VALUE})", defaultValue = "60")
    int latencySeconds;

    @Option(names = "--no-latency", description = "skip the latency measurement")
    boolean noLatency;

    @Option(names = "--no-micro", description = "skip the JMH micro benchmarks")
    boolean noMicro;

    @Option(names = "--seed", description = "the corpus's seed (default: ${DEFAULT-VALUE})", defaultValue = "20261124")
    long seed;

    @Option(names = "--out", description = "where bench.json and bench.md go (default: bench/target/results)")
    Path out;

    @Override
    public Integer call() throws Exception {
        Path home = Path.of(System.getProperty("vigil.home", ".")).toAbsolutePath().normalize();
        Path work = home.resolve("bench/target/run");
        Path results = out != null ? out : home.resolve("bench/target/results");
        Directories.deleteRecursively(work);
        Files.createDirectories(work);
        Path esWork = work;
        if (!ElasticsearchServer.canUse(work)) {
            esWork = Path.of("/var/lib/vigil-es", "bench-" + Integer.toHexString(work.toString().hashCode()));
            Directories.deleteRecursively(esWork);
            Files.createDirectories(esWork);
        }
        Settings settings = new Settings(events, parallelism, Duration.ofSeconds(checkpointSeconds), gatewayEvents, gatewaySingleEvents,
                clients, Duration.ofSeconds(10), Duration.ofSeconds(latencySeconds), WATERMARK_BOUND.plusSeconds(15), !noLatency, !noMicro,
                seed, stateBackend, warmupEvents);
        System.out.println("vigil bench: starting Kafka and Elasticsearch in " + work);
        try (KafkaBroker broker = KafkaBroker.start(work.resolve("kafka"), 0, Map.of());
                ElasticsearchServer elasticsearch = ElasticsearchServer.start(new ElasticsearchServer.Settings(DemoHome.elasticsearchZip(),
                        esWork.resolve("elasticsearch-home"), esWork.resolve("elasticsearch"), 0, "1g", true))) {
            Report report = run(settings, broker.bootstrapServers(), elasticsearch.url(), work, System.out);
            report.print(System.out);
            report.write(results);
            System.out.println("\nwritten: " + results.resolve("bench.json") + ", " + results.resolve("bench.md"));
        }
        return 0;
    }

    /** Measures everything on the given servers; progress goes to {@code log}. */
    static Report run(Settings settings, String kafka, String elasticsearchUrl, Path work, PrintStream log) throws Exception {
        Report report = new Report();
        Runtime runtime = Runtime.getRuntime();
        report.setup("date", Instant.now().toString());
        report.setup("machine", runtime.availableProcessors() + " cores, " + (osMemory() >> 20) + " MiB, " + System.getProperty("os.name")
                + " " + System.getProperty("os.arch"));
        report.setup("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + ", max heap "
                + (runtime.maxMemory() >> 20) + " MiB");
        report.setup("job", "parallelism " + settings.parallelism() + ", checkpoint interval " + settings.checkpointInterval().toSeconds()
                + " s, state backend " + settings.stateBackend() + (settings.stateBackend().equals("rocksdb") ? " (incremental)" : "")
                + ", watermark bound 30 s, exactly-once Kafka sinks");
        report.setup("servers", "one Kafka broker (KRaft, in this JVM) and one Elasticsearch (1 GiB heap), on this machine");
        Registry registry = CityRegistry.load(null);
        String suffix = ".bench" + Long.toString(System.nanoTime(), 36);
        Topics topics = Topics.withSuffix(suffix);
        Properties client = new Properties();
        client.put("bootstrap.servers", kafka);
        TopicAdmin.createAll(client, topics);
        new RegistryPublisher(client, topics.registry()).publish(registry);

        step(log, String.format("corpus: %,d events into %s", settings.events(), topics.cameraEvents()));
        Corpus corpus = Corpus.produce(kafka, topics.cameraEvents(), registry, settings.events(), settings.gatewayEvents(), settings.seed(),
                work);
        report.setup("corpus", String.format("%,d events, mean %d bytes, %d s of simulated traffic (seed %d)", corpus.events(),
                corpus.bytes() / corpus.events(), corpus.spanSeconds(), settings.seed()));

        if (settings.warmupEvents() > 0) {
            // the JIT of this JVM and of Elasticsearch: the first drain would otherwise pay for both
            Topics warm = Topics.withSuffix(suffix + "warm");
            TopicAdmin.createAll(client, warm);
            new RegistryPublisher(client, warm.registry()).publish(registry);
            step(log, String.format("warm-up: the raw loops and the job on %,d other events", settings.warmupEvents()));
            report.setup("warm-up", String.format("the raw loops and the whole job on %,d events of another seed, before anything is timed",
                    settings.warmupEvents()));
            Corpus.produce(kafka, warm.cameraEvents(), registry, settings.warmupEvents(), 0, settings.seed() + 1, work);
            ConsumeLoops.run(kafka, warm.cameraEvents(), settings.parallelism(), true);
            PipelineDrain.run(pipelineConfig(settings, kafka, elasticsearchUrl, warm, "bench-warm-"), work.resolve("checkpoints-warm"),
                    settings.stateBackend(), true);
        }

        step(log, "raw consume loops");
        ConsumeLoops.Outcome raw = ConsumeLoops.run(kafka, topics.cameraEvents(), settings.parallelism(), false);
        ConsumeLoops.Outcome parsed = ConsumeLoops.run(kafka, topics.cameraEvents(), settings.parallelism(), true);
        check(raw.records() == corpus.events(), "the raw loop read " + raw.records() + " of " + corpus.events());
        report.add("raw consume (poll and discard)", raw.perSecond(), "events/s", settings.parallelism() + " consumer threads");
        report.compare("raw consume + parse", parsed.perSecond(), "events/s", "raw consume", raw.perSecond(), null,
                String.format("%,d of %,d parsed as valid events", parsed.accepted(), parsed.records()));

        step(log, "pipeline drain");
        PipelineConfig config = pipelineConfig(settings, kafka, elasticsearchUrl, topics, "bench-");
        PipelineDrain.Outcome drain = PipelineDrain.run(config, work.resolve("checkpoints"), settings.stateBackend(), true);
        double drainRate = corpus.events() / (drain.nanos() / 1e9);
        TopicCounts revisions = TopicCounts.of(kafka, topics.violations());
        TopicCounts stats = TopicCounts.of(kafka, topics.stats());
        TopicCounts alerts = TopicCounts.of(kafka, topics.alerts());
        check(revisions.records() > 0, "the drain wrote no violations");
        report.compare("pipeline drain", drainRate, "events/s", "raw consume + parse", parsed.perSecond(), 0.5,
                String.format("the whole job, from its tasks running to its end (its last checkpoint committed); it wrote %,d revisions"
                        + " of %,d violations, %,d stats of %,d windows, %,d alerts", revisions.records(), revisions.keys(),
                        stats.records(), stats.keys(), alerts.records()));
        step(log, "pipeline drain, Elasticsearch sinks discarding");
        // the same input, its own outputs: the sink comparison below reads the first drain's violations alone
        Topics other = Topics.withSuffix(suffix + "noes");
        Topics noIndexing = new Topics(topics.cameraEvents(), topics.registry(), other.deadLetters(), other.lateEvents(), other.violations(),
                other.stats(), other.alerts());
        PipelineDrain.Outcome withoutIndexing = PipelineDrain.run(pipelineConfig(settings, kafka, elasticsearchUrl, noIndexing, "bench-noes-"),
                work.resolve("checkpoints-noes"), settings.stateBackend(), false);
        report.compare("pipeline drain, Elasticsearch sinks discarding", corpus.events() / (withoutIndexing.nanos() / 1e9), "events/s",
                "raw consume + parse", parsed.perSecond(), null, "the same job with its Kafka sinks only: what indexing costs the drain");

        step(log, "Elasticsearch sink");
        SinkComparison.Outcome sink = SinkComparison.run(kafka, topics.violations(), elasticsearchUrl, topics.deadLetters(),
                settings.parallelism(), "bench-");
        check(sink.documents() > 0, "the drain wrote no violations");
        report.compare("job indexing (ElasticsearchSink)", sink.jobPerSecond(), "docs/s", "raw BulkIngester", sink.rawPerSecond(), 0.8,
                String.format("%,d violation revisions; bulks of 1000, %d concurrent", sink.documents(), settings.parallelism()));

        step(log, "gateway");
        Topics gatewayTopics = Topics.withSuffix(suffix + "gw");
        TopicAdmin.createAll(client, gatewayTopics);
        GatewayComparison.Outcome gateway = GatewayComparison.run(kafka, gatewayTopics.cameraEvents(), gatewayTopics.deadLetters(),
                corpus.kept(), settings.clients(), settings.gatewaySingleEvents(), work.resolve("evidence"));
        report.compare("gateway, NDJSON batches of " + GatewayComparison.BATCH, gateway.batchPerSecond(), "events/s", "raw producer",
                gateway.producerPerSecond(), 0.5, String.format("%,d events, %d clients, HMAC-signed, acks=all", gateway.events(),
                        settings.clients()));
        report.compare("gateway, one event per request", gateway.singlePerSecond(), "events/s", "raw producer", gateway.producerPerSecond(),
                null, String.format("%,d events, %d clients", gateway.singleEvents(), settings.clients()));

        if (settings.latency()) {
            // the gateway and the job share the machine's cores, each using them fully at its own rate, so an
            // event through both costs the time of each: the end-to-end capacity is the combined rate
            double capacity = endToEndCapacity(drainRate, gateway.batchPerSecond());
            report.setup("capacity", String.format("%,.0f events/s end to end: the gateway (%,.0f/s) and the job (%,.0f/s) on the "
                    + "same cores, 1 / (1/gateway + 1/job); the latency loads are fractions of it", capacity, gateway.batchPerSecond(),
                    drainRate));
            step(log, String.format("latency at 50%% and 80%% of %,.0f events/s", capacity));
            Topics latencyTopics = Topics.withSuffix(suffix + "lat");
            LatencyProbe probe = new LatencyProbe(pipelineConfig(settings, kafka, elasticsearchUrl, latencyTopics, "bench-lat-"), registry,
                    work, settings.clients(), settings.stateBackend());
            List<LatencyProbe.Outcome> outcomes = probe.run(List.of(0.5 * capacity, 0.8 * capacity), settings.latencyWarmup(),
                    settings.latencyMeasure(), settings.latencyTail(), settings.seed());
            String[] loads = {"50 %", "80 %"};
            for (int i = 0; i < outcomes.size(); i++) {
                latency(report, loads[i], outcomes.get(i));
            }
        }

        if (settings.micro()) {
            step(log, "micro benchmarks (JMH)");
            for (Micro.Result result : Micro.run()) {
                report.add("micro: " + result.name(), result.nanosPerOp(), "ns/event",
                        String.format("%.0f bytes allocated per event", result.bytesPerOp()));
            }
        }
        return report;
    }

    /** Events per second through a gateway and a job that share the cores: each event costs the time of both. */
    static double endToEndCapacity(double jobRate, double gatewayRate) {
        return 1 / (1 / jobRate + 1 / gatewayRate);
    }

    private static void latency(Report report, String load, LatencyProbe.Outcome outcome) {
        Histogram ack = outcome.fromAck();
        Histogram intended = outcome.fromIntended();
        String note = String.format("%,.0f events/s offered (%,.0f asked), %,d violations measured; the job holds violations until the "
                + "watermark (30 s behind the newest event) passes them", outcome.rate(), outcome.asked(), ack.getTotalCount());
        report.add("latency at " + load + ": 2xx → searchable p50", ack.getValueAtPercentile(50), "ms", note);
        Histogram drifting = outcome.drifting();
        report.bound("latency at " + load + ": 2xx → searchable p99", ack.getValueAtPercentile(99), "ms",
                WATERMARK_BOUND.plusSeconds(2).toMillis(), String.format("DESIGN §13: at most the watermark bound + 2 s. Apart: %,d "
                        + "violations of the camera whose clock runs up to 8 s ahead (p99 %,d ms), which wait for event time to "
                        + "catch up with its clock", drifting.getTotalCount(), drifting.getValueAtPercentile(99)));
        report.add("latency at " + load + ": 2xx → searchable p99.9", ack.getValueAtPercentile(99.9), "ms", null);
        report.add("latency at " + load + ": intended send → searchable p99", intended.getValueAtPercentile(99), "ms",
                "coordinated-omission corrected: from when the event was due, not when the gateway answered");
        Histogram hotlist = outcome.hotlist();
        String hotNote = String.format("%,d alerts measured; one readable pass in %d carries a hotlisted plate", hotlist.getTotalCount(),
                LatencyProbe.HOTLIST_EVERY);
        report.add("latency at " + load + ": 2xx → HOTLIST_HIT searchable p50", hotlist.getValueAtPercentile(50), "ms", hotNote);
        report.bound("latency at " + load + ": 2xx → HOTLIST_HIT searchable p99", hotlist.getValueAtPercentile(99), "ms",
                2_000, "DESIGN §13: hotlist hits do not wait for the watermark");
    }

    static PipelineConfig pipelineConfig(Settings settings, String kafka, String elasticsearchUrl, Topics topics, String indexPrefix) {
        List<String> args = new ArrayList<>(List.of(
                "--pipeline.kafka.bootstrap-servers", kafka,
                "--pipeline.kafka.group-id", "vigil-bench-" + System.nanoTime(),
                "--pipeline.elasticsearch.url", elasticsearchUrl,
                "--pipeline.elasticsearch.index-prefix", indexPrefix,
                "--pipeline.parallelism", Integer.toString(settings.parallelism()),
                "--pipeline.checkpoint.interval", settings.checkpointInterval().toSeconds() + " s",
                "--pipeline.topics.camera-events", topics.cameraEvents(),
                "--pipeline.topics.registry", topics.registry(),
                "--pipeline.topics.dead-letters", topics.deadLetters(),
                "--pipeline.topics.late-events", topics.lateEvents(),
                "--pipeline.topics.violations", topics.violations(),
                "--pipeline.topics.stats", topics.stats(),
                "--pipeline.topics.alerts", topics.alerts(),
                // the corpus is hours old: every event is in the past, none is dead-lettered as from the future
                "--pipeline.future-tolerance", "10 min"));
        return PipelineConfig.fromArgs(args.toArray(String[]::new));
    }

    /** A progress line with the time of day, so a profile of the run can be cut by step. */
    private static void step(PrintStream log, String what) {
        log.println(java.time.LocalTime.now().withNano(0) + " " + what);
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }

    private static long osMemory() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getTotalMemorySize() : 0;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Bench()).execute(args));
    }
}
