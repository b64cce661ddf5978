package dev.vigil.pipeline;

import dev.vigil.kafka.Topics;
import dev.vigil.model.Nullable;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.util.ParameterTool;
import org.apache.flink.util.TimeUtils;

/**
 * The violations job's configuration, parsed once at the edge from {@code --key value} arguments.
 * Every key has a default and is validated here; {@link #KEYS} documents them (also in
 * {@code docs/pipeline.md}). Durations read like {@code 30 s}, {@code 5 min}, {@code 48 h}.
 */
public record PipelineConfig(
        String bootstrapServers,
        Topics topics,
        String groupId,
        Duration transactionTimeout,
        String elasticsearchUrl,
        @Nullable String elasticsearchUsername,
        @Nullable String elasticsearchPassword,
        String indexPrefix,
        int parallelism,
        Duration checkpointInterval,
        Duration outOfOrderness,
        Duration idleness,
        Duration dedupTtl,
        Duration episodeWindow,
        Duration futureTolerance,
        @Nullable String codeTable,
        Aggregates aggregates) implements Serializable {

    /**
     * The stats and alerts settings (DESIGN §8, §9).
     *
     * @param statsLateness how long after its end a one-minute window still takes late first revisions
     * @param deviceSilence event time without events after which a device is reported silent
     * @param clonedPlateWindow how far apart two sightings of a plate may be to suggest a cloned plate
     * @param clonedPlateSpeedKmh the implied speed above which they do
     * @param repeatOffenderCount violations of one plate that make a repeat offender
     * @param repeatOffenderWindow within how long
     * @param timeZone where calendar days are ("once per plate per day")
     */
    public record Aggregates(Duration statsLateness, Duration deviceSilence, Duration clonedPlateWindow, double clonedPlateSpeedKmh,
            int repeatOffenderCount, Duration repeatOffenderWindow, String timeZone) implements Serializable {}

    /** Every key with its default and meaning. */
    public static final Map<String, String[]> KEYS = keys();

    private static Map<String, String[]> keys() {
        Map<String, String[]> k = new LinkedHashMap<>();
        k.put("pipeline.kafka.bootstrap-servers", new String[] {"localhost:9092", "Kafka brokers"});
        k.put("pipeline.kafka.group-id", new String[] {"vigil-violations", "consumer group of the job's sources"});
        k.put("pipeline.kafka.transaction-timeout", new String[] {"10 min", "transaction timeout of the exactly-once sinks; above the checkpoint interval, at most the broker's transaction.max.timeout.ms"});
        k.put("pipeline.topics.camera-events", new String[] {Topics.DEFAULT.cameraEvents(), "input events"});
        k.put("pipeline.topics.registry", new String[] {Topics.DEFAULT.registry(), "compacted registry topic"});
        k.put("pipeline.topics.dead-letters", new String[] {Topics.DEFAULT.deadLetters(), "rejected records"});
        k.put("pipeline.topics.late-events", new String[] {Topics.DEFAULT.lateEvents(), "events behind the watermark"});
        k.put("pipeline.topics.violations", new String[] {Topics.DEFAULT.violations(), "violation revisions"});
        k.put("pipeline.topics.stats", new String[] {Topics.DEFAULT.stats(), "one-minute counts"});
        k.put("pipeline.topics.alerts", new String[] {Topics.DEFAULT.alerts(), "alerts"});
        k.put("pipeline.elasticsearch.url", new String[] {"http://localhost:9200", "Elasticsearch"});
        k.put("pipeline.elasticsearch.username", new String[] {"", "basic-auth user (empty: none)"});
        k.put("pipeline.elasticsearch.password", new String[] {"", "basic-auth password"});
        k.put("pipeline.elasticsearch.index-prefix", new String[] {"vigil-", "prefix of every index and alias"});
        k.put("pipeline.parallelism", new String[] {"2", "parallelism of every operator"});
        k.put("pipeline.checkpoint.interval", new String[] {"10 s", "exactly-once checkpoint interval; results appear when a checkpoint commits"});
        k.put("pipeline.watermark.out-of-orderness", new String[] {"30 s", "how far behind the newest event an event may arrive and still count"});
        k.put("pipeline.watermark.idleness", new String[] {"60 s", "after this long without events a partition stops holding the watermark back"});
        k.put("pipeline.dedup.ttl", new String[] {"48 h", "how long a (vendor, eventId) is remembered to drop retries"});
        k.put("pipeline.episode.window", new String[] {"5 min", "observations of one (type, plate, site) this close to the first are one violation"});
        k.put("pipeline.future-tolerance", new String[] {"10 min", "events further ahead of the clock are dead-lettered as FUTURE_EVENT_TIME"});
        k.put("pipeline.code-table", new String[] {"", "YAML code table file (empty: the shipped national table)"});
        k.put("pipeline.stats.allowed-lateness", new String[] {"26 h", "how long after its end a one-minute stats window still counts late first revisions"});
        k.put("pipeline.alerts.device-silence", new String[] {"10 min", "event time without events after which a device is reported silent"});
        k.put("pipeline.alerts.cloned-plate.window", new String[] {"30 min", "how far apart two sightings of a plate at different sites are compared"});
        k.put("pipeline.alerts.cloned-plate.speed-kmh", new String[] {"200", "implied speed above which two sightings suggest a cloned plate"});
        k.put("pipeline.alerts.repeat-offender.count", new String[] {"3", "distinct non-rejected violations of one plate that make a repeat offender"});
        k.put("pipeline.alerts.repeat-offender.window", new String[] {"24 h", "within how long"});
        k.put("pipeline.time-zone", new String[] {"Asia/Shanghai", "where calendar days are"});
        return Map.copyOf(k);
    }

    public PipelineConfig {
        List<String> problems = new ArrayList<>();
        if (parallelism < 1) {
            problems.add("pipeline.parallelism must be at least 1, was " + parallelism);
        }
        for (Map.Entry<String, Duration> d : Map.of(
                "pipeline.checkpoint.interval", checkpointInterval,
                "pipeline.watermark.idleness", idleness,
                "pipeline.dedup.ttl", dedupTtl,
                "pipeline.episode.window", episodeWindow,
                "pipeline.kafka.transaction-timeout", transactionTimeout).entrySet()) {
            if (d.getValue().isNegative() || d.getValue().isZero()) {
                problems.add(d.getKey() + " must be positive, was " + d.getValue());
            }
        }
        if (outOfOrderness.isNegative()) {
            problems.add("pipeline.watermark.out-of-orderness must not be negative");
        }
        if (transactionTimeout.compareTo(checkpointInterval) <= 0) {
            problems.add("pipeline.kafka.transaction-timeout (" + transactionTimeout + ") must exceed pipeline.checkpoint.interval ("
                    + checkpointInterval + "), or transactions expire before their checkpoint commits them");
        }
        if (aggregates.repeatOffenderCount() < 1) {
            problems.add("pipeline.alerts.repeat-offender.count must be at least 1, was " + aggregates.repeatOffenderCount());
        }
        if (!(aggregates.clonedPlateSpeedKmh() > 0)) {
            problems.add("pipeline.alerts.cloned-plate.speed-kmh must be positive, was " + aggregates.clonedPlateSpeedKmh());
        }
        for (Map.Entry<String, Duration> d : Map.of(
                "pipeline.stats.allowed-lateness", aggregates.statsLateness(),
                "pipeline.alerts.device-silence", aggregates.deviceSilence(),
                "pipeline.alerts.cloned-plate.window", aggregates.clonedPlateWindow(),
                "pipeline.alerts.repeat-offender.window", aggregates.repeatOffenderWindow()).entrySet()) {
            if (d.getValue().isNegative() || d.getValue().isZero()) {
                problems.add(d.getKey() + " must be positive, was " + d.getValue());
            }
        }
        try {
            java.time.ZoneId.of(aggregates.timeZone());
        } catch (java.time.DateTimeException e) {
            problems.add("pipeline.time-zone: unknown time zone " + aggregates.timeZone());
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid configuration:\n  " + String.join("\n  ", problems));
        }
    }

    /** Parses {@code --key value} arguments; unknown keys are refused. */
    public static PipelineConfig fromArgs(String[] args) {
        ParameterTool params = ParameterTool.fromArgs(args);
        for (String key : params.toMap().keySet()) {
            if (!KEYS.containsKey(key)) {
                throw new IllegalArgumentException("unknown option --" + key + "; known: " + String.join(", ", new java.util.TreeSet<>(KEYS.keySet())));
            }
        }
        return new PipelineConfig(
                get(params, "pipeline.kafka.bootstrap-servers"),
                new Topics(get(params, "pipeline.topics.camera-events"), get(params, "pipeline.topics.registry"),
                        get(params, "pipeline.topics.dead-letters"), get(params, "pipeline.topics.late-events"),
                        get(params, "pipeline.topics.violations"), get(params, "pipeline.topics.stats"),
                        get(params, "pipeline.topics.alerts")),
                get(params, "pipeline.kafka.group-id"),
                duration(params, "pipeline.kafka.transaction-timeout"),
                get(params, "pipeline.elasticsearch.url"),
                emptyToNull(get(params, "pipeline.elasticsearch.username")),
                emptyToNull(get(params, "pipeline.elasticsearch.password")),
                get(params, "pipeline.elasticsearch.index-prefix"),
                integer(params, "pipeline.parallelism"),
                duration(params, "pipeline.checkpoint.interval"),
                duration(params, "pipeline.watermark.out-of-orderness"),
                duration(params, "pipeline.watermark.idleness"),
                duration(params, "pipeline.dedup.ttl"),
                duration(params, "pipeline.episode.window"),
                duration(params, "pipeline.future-tolerance"),
                emptyToNull(get(params, "pipeline.code-table")),
                new Aggregates(duration(params, "pipeline.stats.allowed-lateness"), duration(params, "pipeline.alerts.device-silence"),
                        duration(params, "pipeline.alerts.cloned-plate.window"), number(params, "pipeline.alerts.cloned-plate.speed-kmh"),
                        integer(params, "pipeline.alerts.repeat-offender.count"), duration(params, "pipeline.alerts.repeat-offender.window"),
                        get(params, "pipeline.time-zone")));
    }

    /** The defaults, as {@code fromArgs(new String[0])}. */
    public static PipelineConfig defaults() {
        return fromArgs(new String[0]);
    }

    /** A copy with other Kafka and Elasticsearch addresses, topics and index prefix (tests, the demo). */
    public PipelineConfig withEndpoints(String brokers, Topics newTopics, String esUrl, String newIndexPrefix) {
        return new PipelineConfig(brokers, newTopics, groupId, transactionTimeout, esUrl, elasticsearchUsername,
                elasticsearchPassword, newIndexPrefix, parallelism, checkpointInterval, outOfOrderness, idleness, dedupTtl,
                episodeWindow, futureTolerance, codeTable, aggregates);
    }

    /** A copy with other timing (tests settle faster with short bounds). */
    public PipelineConfig withTiming(Duration checkpoint, Duration disorder, Duration idle) {
        return new PipelineConfig(bootstrapServers, topics, groupId, transactionTimeout, elasticsearchUrl,
                elasticsearchUsername, elasticsearchPassword, indexPrefix, parallelism, checkpoint, disorder, idle, dedupTtl,
                episodeWindow, futureTolerance, codeTable, aggregates);
    }

    /** A copy with other stats and alerts settings (tests). */
    public PipelineConfig withAggregates(Aggregates newAggregates) {
        return new PipelineConfig(bootstrapServers, topics, groupId, transactionTimeout, elasticsearchUrl,
                elasticsearchUsername, elasticsearchPassword, indexPrefix, parallelism, checkpointInterval, outOfOrderness, idleness,
                dedupTtl, episodeWindow, futureTolerance, codeTable, newAggregates);
    }

    private static String get(ParameterTool params, String key) {
        return params.get(key, KEYS.get(key)[0]);
    }

    private static Duration duration(ParameterTool params, String key) {
        String text = get(params, key);
        try {
            return TimeUtils.parseDuration(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--" + key + ": not a duration: '" + text + "' (e.g. 30 s, 5 min, 48 h)", e);
        }
    }

    private static int integer(ParameterTool params, String key) {
        String text = get(params, key);
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + ": not an integer: '" + text + "'", e);
        }
    }

    private static double number(ParameterTool params, String key) {
        String text = get(params, key);
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + ": not a number: '" + text + "'", e);
        }
    }

    @Nullable
    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
