package dev.vigil.pipeline;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import dev.vigil.elasticsearch.ElasticsearchClients;
import dev.vigil.elasticsearch.IndexTemplates;
import dev.vigil.elasticsearch.Indices;
import dev.vigil.kafka.RegistrySnapshot;
import dev.vigil.kafka.TopicAdmin;
import dev.vigil.model.Alert;
import dev.vigil.model.Stat;
import dev.vigil.model.Violation;
import dev.vigil.pipeline.aggregate.StatsCounter;
import dev.vigil.pipeline.alert.ClonedPlateDetector;
import dev.vigil.pipeline.alert.DeviceBeat;
import dev.vigil.pipeline.alert.DeviceSilenceDetector;
import dev.vigil.pipeline.alert.HotlistAlerts;
import dev.vigil.pipeline.alert.RepeatOffenderDetector;
import dev.vigil.pipeline.alert.Sighting;
import dev.vigil.pipeline.dedup.ExactDeduplicator;
import dev.vigil.pipeline.episode.EpisodeMerger;
import dev.vigil.pipeline.episode.ParkingEpisodeTracker;
import dev.vigil.pipeline.episode.SectionPass;
import dev.vigil.pipeline.episode.SectionSpeedPairer;
import dev.vigil.pipeline.episode.RuleEvaluator;
import dev.vigil.pipeline.registry.Checked;
import dev.vigil.pipeline.registry.LateEventFilter;
import dev.vigil.pipeline.registry.RegistryGate;
import dev.vigil.pipeline.registry.RegistryUpdate;
import dev.vigil.pipeline.registry.RegistryUpdateDeserializer;
import dev.vigil.pipeline.sink.ElasticsearchSink;
import dev.vigil.pipeline.sink.KafkaSinks;
import dev.vigil.pipeline.source.CameraEventDeserializer;
import dev.vigil.pipeline.source.Ingested;
import dev.vigil.pipeline.source.KeyedDeadLetter;
import dev.vigil.pipeline.source.RejectionRouter;
import dev.vigil.pipeline.source.ValidEventWatermarks;
import dev.vigil.pipeline.state.BufferedTypeInfo;
import dev.vigil.rules.CodeTable;
import dev.vigil.rules.Observation;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The "violations" job: camera events in, violations, dead letters and late events out.
 *
 * <pre>
 * camera-events ─▶ reject-unreadable ─▶ dedup, registry-checks ─▶ late-events ─▶ rules ─▶ episodes / parking-episodes / section-speed ─▶ violations (Kafka, Elasticsearch)
 *                       │ dead letters         │ dead letters        │ late events
 * registry ───────────────────────────────────▶┘ (broadcast)
 * </pre>
 *
 * {@link #build} wires the graph from injected sources and sinks; production ({@link #main}) and
 * tests call it alike.
 */
public final class ViolationsJob {
    private static final Logger LOG = LoggerFactory.getLogger(ViolationsJob.class);

    private ViolationsJob() {}

    /**
     * Where the job reads from.
     *
     * @param registrySnapshot the registry's live entries when the job was built; the registry
     *     source continues after them
     */
    public record Sources(Source<Ingested, ?, ?> events, Source<RegistryUpdate, ?, ?> registry, Map<String, byte[]> registrySnapshot) {}

    /** Where the job writes to. */
    public record Sinks(Sink<Violation> violations, Sink<Violation> violationIndex, Sink<KeyedDeadLetter> deadLetters,
            Sink<LateEvent> lateEvents, Sink<Stat> stats, Sink<Stat> statIndex, Sink<Alert> alerts, Sink<Alert> alertIndex) {}

    /** Adds the job's graph to {@code env}. */
    public static void build(StreamExecutionEnvironment env, Sources sources, Sinks sinks, PipelineConfig config, CodeTable codeTable) {
        env.setParallelism(config.parallelism());
        env.enableCheckpointing(config.checkpointInterval().toMillis(), CheckpointingMode.EXACTLY_ONCE);
        // operators keep no reference to records they pass on, and records are immutable
        env.getConfig().enableObjectReuse();
        // DESIGN's latency goal leaves 2 s beyond the watermark for everything after it, Elasticsearch's
        // refresh included, and a violation crosses three network exchanges on its way to the index:
        // a record waits at most 25 ms in a half-full network buffer (a backlog fills them first), and
        // the sources tell how far event time has come every 50 ms
        env.setBufferTimeout(25);
        env.getConfig().setAutoWatermarkInterval(50);

        SingleOutputStreamOperator<Ingested> read = env
                .fromSource(sources.events(), ValidEventWatermarks.strategy(config.outOfOrderness(), config.idleness()), "camera-events")
                .uid("camera-events");
        SingleOutputStreamOperator<Ingested> readable = read.process(new RejectionRouter())
                .name("reject-unreadable").uid("reject-unreadable");
        BroadcastStream<RegistryUpdate> registry = env
                .fromSource(sources.registry(), registryWatermarks(), "registry")
                .uid("registry").setParallelism(1)
                .broadcast(RegistryGate.STATE);
        // deduplication runs in the registry checks' keyed operator: one network hop for every event, not two
        SingleOutputStreamOperator<Checked> checked = readable.keyBy(ExactDeduplicator::key, BufferedTypeInfo.STRING).connect(registry)
                .process(new RegistryGate(sources.registrySnapshot(), codeTable, config.dedupTtl()))
                .name("registry-checks").uid("registry-checks");
        SingleOutputStreamOperator<Checked> onTime = checked
                .transform("late-events", TypeInformation.of(Checked.class), new LateEventFilter())
                .uid("late-events");
        SingleOutputStreamOperator<Observation> observations = onTime.process(new RuleEvaluator(codeTable))
                .name("rules").uid("rules");
        SingleOutputStreamOperator<Violation> episodes = observations.keyBy(Observation::episodeKey, BufferedTypeInfo.STRING)
                .process(new EpisodeMerger(config.episodeWindow()))
                .name("episodes").uid("episodes");
        SingleOutputStreamOperator<Violation> parking = observations.getSideOutput(RuleEvaluator.PARKING)
                .keyBy(capture -> capture.observation().episodeKey(), BufferedTypeInfo.STRING)
                .process(new ParkingEpisodeTracker())
                .name("parking-episodes").uid("parking-episodes");
        SingleOutputStreamOperator<Violation> sections = observations.getSideOutput(RuleEvaluator.SECTIONS)
                .keyBy(SectionPass::key, BufferedTypeInfo.STRING)
                .process(new SectionSpeedPairer(codeTable))
                .name("section-speed").uid("section-speed");
        // one operator after the union, so the sinks and filters below chain to it: each violation
        // crosses the network once here, rather than once to every consumer of a union
        DataStream<Violation> violations = episodes.union(parking, sections).map(v -> v).returns(Violation.class)
                .name("violations").uid("violations");

        violations.sinkTo(sinks.violations()).name("violations-to-kafka").uid("violations-to-kafka");
        violations.sinkTo(sinks.violationIndex()).name("violations-to-elasticsearch").uid("violations-to-elasticsearch");
        readable.getSideOutput(DeadLetters.TAG).union(checked.getSideOutput(DeadLetters.TAG))
                .sinkTo(sinks.deadLetters()).name("dead-letters-to-kafka").uid("dead-letters-to-kafka");
        onTime.getSideOutput(DeadLetters.LATE)
                .sinkTo(sinks.lateEvents()).name("late-events-to-kafka").uid("late-events-to-kafka");

        PipelineConfig.Aggregates aggregates = config.aggregates();
        // only first revisions count, so only they cross the network to the counter
        SingleOutputStreamOperator<Stat> stats = violations.filter(StatsCounter::counts).name("first-revisions").uid("first-revisions")
                .keyBy(StatsCounter::key, BufferedTypeInfo.STRING)
                .process(new StatsCounter(aggregates.statsLateness()))
                .name("stats").uid("stats");
        stats.sinkTo(sinks.stats()).name("stats-to-kafka").uid("stats-to-kafka");
        stats.sinkTo(sinks.statIndex()).name("stats-to-elasticsearch").uid("stats-to-elasticsearch");

        // hotlist hits do not wait for the watermark: they come straight from the registry checks
        DataStream<Alert> hotlist = checked.flatMap(new HotlistAlerts()).name("hotlist-alerts").uid("hotlist-alerts");
        DataStream<Alert> cloned = onTime
                .flatMap((Checked c, Collector<Sighting> out) -> {
                    Sighting sighting = Sighting.of(c);
                    if (sighting != null) {
                        out.collect(sighting);
                    }
                }).returns(TypeInformation.of(Sighting.class)).name("sightings").uid("sightings")
                .keyBy(Sighting::plate, BufferedTypeInfo.STRING)
                .process(new ClonedPlateDetector(aggregates.clonedPlateWindow(), aggregates.clonedPlateSpeedKmh()))
                .name("cloned-plate-alerts").uid("cloned-plate-alerts");
        DataStream<Alert> repeat = violations.filter(RepeatOffenderDetector::counts).name("counted-violations").uid("counted-violations")
                .keyBy(v -> v.plate().number(), BufferedTypeInfo.STRING)
                .process(new RepeatOffenderDetector(aggregates.repeatOffenderCount(), aggregates.repeatOffenderWindow(),
                        ZoneId.of(aggregates.timeZone())))
                .name("repeat-offender-alerts").uid("repeat-offender-alerts");
        DataStream<Alert> silence = onTime.map(DeviceBeat::of).name("device-beats").uid("device-beats")
                .keyBy(DeviceBeat::deviceId, BufferedTypeInfo.STRING)
                .process(new DeviceSilenceDetector(aggregates.deviceSilence()))
                .name("device-silence-alerts").uid("device-silence-alerts");
        DataStream<Alert> alerts = hotlist.union(cloned, repeat, silence).map(a -> a).returns(Alert.class).name("alerts").uid("alerts");
        alerts.sinkTo(sinks.alerts()).name("alerts-to-kafka").uid("alerts-to-kafka");
        alerts.sinkTo(sinks.alertIndex()).name("alerts-to-elasticsearch").uid("alerts-to-elasticsearch");
    }

    /** The production sources: the camera-event topic, and the registry topic after {@code snapshot}. */
    public static Sources kafkaSources(PipelineConfig config, RegistrySnapshot snapshot) {
        return kafkaSources(config, snapshot, false);
    }

    /**
     * The production sources; {@code bounded}: both end at the offsets the topics have when the job
     * starts, so the job finishes once it has processed everything there was (the bench's drain).
     */
    public static Sources kafkaSources(PipelineConfig config, RegistrySnapshot snapshot, boolean bounded) {
        KafkaSourceBuilder<Ingested> events = KafkaSource.<Ingested>builder()
                .setBootstrapServers(config.bootstrapServers())
                .setTopics(config.topics().cameraEvents())
                .setGroupId(config.groupId())
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(new CameraEventDeserializer(config.futureTolerance()))
                .setProperty("isolation.level", "read_committed");
        Map<TopicPartition, Long> after = new HashMap<>();
        snapshot.endOffsets().forEach((partition, offset) -> after.put(new TopicPartition(config.topics().registry(), partition), offset));
        KafkaSourceBuilder<RegistryUpdate> registry = KafkaSource.<RegistryUpdate>builder()
                .setBootstrapServers(config.bootstrapServers())
                .setTopics(config.topics().registry())
                .setGroupId(config.groupId() + "-registry")
                .setStartingOffsets(OffsetsInitializer.offsets(after))
                .setDeserializer(new RegistryUpdateDeserializer())
                .setProperty("isolation.level", "read_committed");
        if (bounded) {
            events.setBounded(OffsetsInitializer.latest());
            registry.setBounded(OffsetsInitializer.latest());
        }
        return new Sources(events.build(), registry.build(), snapshot.entries());
    }

    /** The production sinks: exactly-once Kafka topics and the Elasticsearch index. */
    public static Sinks productionSinks(PipelineConfig config) {
        ElasticsearchSink.Settings elasticsearch = ElasticsearchSink.Settings.of(config.elasticsearchUrl(),
                config.elasticsearchUsername(), config.elasticsearchPassword(), config.indexPrefix(),
                config.bootstrapServers(), config.topics().deadLetters());
        return new Sinks(
                KafkaSinks.violations(config.bootstrapServers(), config.topics().violations(), config.transactionTimeout()),
                ElasticsearchSink.violations(elasticsearch),
                KafkaSinks.deadLetters(config.bootstrapServers(), config.topics().deadLetters(), config.transactionTimeout()),
                KafkaSinks.lateEvents(config.bootstrapServers(), config.topics().lateEvents(), config.transactionTimeout()),
                KafkaSinks.stats(config.bootstrapServers(), config.topics().stats(), config.transactionTimeout()),
                ElasticsearchSink.stats(elasticsearch),
                KafkaSinks.alerts(config.bootstrapServers(), config.topics().alerts(), config.transactionTimeout()),
                ElasticsearchSink.alerts(elasticsearch));
    }

    /**
     * Prepares Kafka and Elasticsearch (topics, transaction timeout check, index templates), reads
     * the registry and builds the job on {@code env}.
     */
    public static void prepareAndBuild(StreamExecutionEnvironment env, PipelineConfig config) throws Exception {
        CodeTable codeTable = config.codeTable() == null ? CodeTable.defaults() : CodeTable.load(Path.of(config.codeTable()));
        Properties kafka = new Properties();
        kafka.put("bootstrap.servers", config.bootstrapServers());
        TopicAdmin.createAll(kafka, config.topics());
        KafkaPreflight.checkTransactionTimeout(kafka, config.transactionTimeout(), config.checkpointInterval());
        ElasticsearchClient client = ElasticsearchClients.create(config.elasticsearchUrl(),
                config.elasticsearchUsername(), config.elasticsearchPassword());
        try {
            IndexTemplates.install(client, new Indices(config.indexPrefix()));
        } finally {
            client._transport().close();
        }
        RegistrySnapshot snapshot = RegistrySnapshot.read(kafka, config.topics().registry());
        LOG.info("registry {} read: {} entries", config.topics().registry(), snapshot.entries().size());
        build(env, kafkaSources(config, snapshot), productionSinks(config), config, codeTable);
    }

    /** Runs the job; see {@link PipelineConfig#KEYS} for the {@code --key value} options. */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.println("vigil violations job. Options (--key value):");
            new java.util.TreeMap<>(PipelineConfig.KEYS).forEach((key, v) ->
                    System.out.printf("  --%-40s %s (default: %s)%n", key, v[1], v[0].isEmpty() ? "none" : v[0]));
            return;
        }
        PipelineConfig config = PipelineConfig.fromArgs(args);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        prepareAndBuild(env, config);
        env.execute("vigil-violations");
    }

    /**
     * The registry carries no event time. Its input must not decide the watermark of the events it
     * meets: it is idle whenever it has nothing to say (an input at the maximum watermark instead
     * would become the operator's watermark whenever the event partitions are idle, making every
     * later event late and firing every episode timer). After an update it holds the watermark back
     * for about a second.
     */
    private static WatermarkStrategy<RegistryUpdate> registryWatermarks() {
        return WatermarkStrategy.<RegistryUpdate>noWatermarks().withIdleness(Duration.ofSeconds(1));
    }
}
