package dev.vigil.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.elasticsearch.ElasticsearchServer;
import dev.vigil.kafka.broker.KafkaBroker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bench's whole run on a small corpus, against the shared real Kafka and Elasticsearch: every
 * figure is measured and set beside its limit, and the counts behind them add up. Nothing here
 * judges speed (that is ./vigil bench's job on a quiet machine); the JMH part has its own test.
 */
class BenchIT {
    @Test
    void aSmallRunMeasuresEveryFigureAgainstItsLimit(@TempDir Path work) throws Exception {
        Bench.Settings settings = new Bench.Settings(20_000, 2, Duration.ofSeconds(5), 5_000, 500, 4, Duration.ofSeconds(2),
                Duration.ofSeconds(5), Bench.WATERMARK_BOUND.plusSeconds(8), true, false, 11,
                "hashmap", 2_000);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Report report = Bench.run(settings, KafkaBroker.shared().bootstrapServers(), ElasticsearchServer.shared().url(), work,
                new PrintStream(log, true, StandardCharsets.UTF_8));

        report.print(System.out); // for the record in the test report; nothing below judges speed
        Map<String, Report.Figure> figures = report.figures().stream().collect(Collectors.toMap(Report.Figure::name, Function.identity()));
        assertThat(report.figures()).extracting(Report.Figure::name).containsExactly(
                "raw consume (poll and discard)",
                "raw consume + parse",
                "pipeline drain",
                "pipeline drain, Elasticsearch sinks discarding",
                "job indexing (ElasticsearchSink)",
                "gateway, NDJSON batches of 500",
                "gateway, one event per request",
                "latency at 50 %: 2xx → searchable p50",
                "latency at 50 %: 2xx → searchable p99",
                "latency at 50 %: 2xx → searchable p99.9",
                "latency at 50 %: intended send → searchable p99",
                "latency at 50 %: 2xx → HOTLIST_HIT searchable p50",
                "latency at 50 %: 2xx → HOTLIST_HIT searchable p99",
                "latency at 80 %: 2xx → searchable p50",
                "latency at 80 %: 2xx → searchable p99",
                "latency at 80 %: 2xx → searchable p99.9",
                "latency at 80 %: intended send → searchable p99",
                "latency at 80 %: 2xx → HOTLIST_HIT searchable p50",
                "latency at 80 %: 2xx → HOTLIST_HIT searchable p99");
        for (Report.Figure figure : report.figures()) {
            assertThat(figure.value()).as(figure.name()).isPositive();
        }
        assertThat(figures.get("pipeline drain").limitName()).isEqualTo("raw consume + parse");
        assertThat(figures.get("pipeline drain").goal()).isEqualTo(0.5);
        assertThat(figures.get("job indexing (ElasticsearchSink)").goal()).isEqualTo(0.8);
        assertThat(figures.get("gateway, NDJSON batches of 500").goal()).isEqualTo(0.5);
        assertThat(figures.get("latency at 50 %: 2xx → searchable p99").goal()).isEqualTo(32_000.0);
        // the counts behind the figures
        assertThat(report.setup().get("corpus").toString()).startsWith("20,000 events");
        assertThat(report.setup().get("warm-up").toString()).contains("2,000 events of another seed");
        assertThat(figures.get("raw consume + parse").note()).matches("(19,9\\d\\d|20,000) of 20,000 parsed as valid events");
        assertThat(figures.get("gateway, NDJSON batches of 500").note()).startsWith("5,000 events");
        Matcher wrote = Pattern.compile("it wrote ([\\d,]+) revisions of ([\\d,]+) violations, ([\\d,]+) stats"
                + " of ([\\d,]+) windows").matcher(figures.get("pipeline drain").note());
        assertThat(wrote.find()).as(figures.get("pipeline drain").note()).isTrue();
        long[] counts = IntStream.rangeClosed(1, 4).mapToLong(i -> Long.parseLong(wrote.group(i).replace(",", ""))).toArray();
        assertThat(counts[1]).isPositive().isLessThanOrEqualTo(counts[0]);
        assertThat(counts[3]).isPositive().isLessThanOrEqualTo(counts[2]);
        assertThat(figures.get("latency at 50 %: 2xx → searchable p50").note()).doesNotContain(" 0 violations measured");
        Matcher capacity = Pattern.compile("^([\\d,]+) events/s end to end").matcher(report.setup().get("capacity").toString());
        assertThat(capacity.find()).isTrue();
        double endToEnd = Double.parseDouble(capacity.group(1).replace(",", ""));
        for (String load : new String[] {"50 %", "80 %"}) {
            // primed, the simulator's city is under way from the first second: it offers the rate asked
            String note = figures.get("latency at " + load + ": 2xx → searchable p50").note();
            Matcher offered = Pattern.compile("([\\d,]+) events/s offered \\(([\\d,]+) asked\\)").matcher(note);
            assertThat(offered.find()).as(note).isTrue();
            double asked = Double.parseDouble(offered.group(2).replace(",", ""));
            assertThat(asked).isCloseTo((load.equals("50 %") ? 0.5 : 0.8) * endToEnd, offset(1.0));
            assertThat(Double.parseDouble(offered.group(1).replace(",", ""))).isGreaterThan(0.8 * asked);
        }
        assertThat(figures.get("latency at 50 %: 2xx → searchable p99").note()).contains("violations of the camera whose clock runs");
        assertThat(figures.get("latency at 50 %: 2xx → HOTLIST_HIT searchable p50").note()).doesNotStartWith("0 alerts measured");
        assertThat(figures.get("latency at 50 %: 2xx → HOTLIST_HIT searchable p99").goal()).isEqualTo(2_000.0);
        // the latency counted is at least the watermark's wait: violations are not emitted before it passes
        assertThat(figures.get("latency at 50 %: 2xx → searchable p50").value()).isGreaterThan(20_000);

        report.write(work.resolve("results"));
        JsonNode json = new ObjectMapper().readTree(work.resolve("results/bench.json").toFile());
        assertThat(json.path("figures")).hasSize(report.figures().size());
        assertThat(Files.readString(work.resolve("results/bench.md"))).contains("| pipeline drain |");
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("corpus: 20,000 events",
                "warm-up: the raw loops and the job on 2,000 other events", "pipeline drain", "latency at 50% and 80%");
    }
}
