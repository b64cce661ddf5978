package dev.vigil.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {
    @Test
    void ratiosAndGoalsAreJudgedEachWayAndWrittenAlike(@TempDir Path dir) throws Exception {
        Report report = new Report();
        report.setup("job", "parallelism 2");
        report.add("raw consume", 200_000, "events/s", null);
        report.compare("pipeline drain", 90_000, "events/s", "raw consume + parse", 200_000, 0.5, "the whole job");
        report.compare("job indexing", 9_000, "docs/s", "raw BulkIngester", 10_000, 0.8, null);
        report.bound("latency p99", 31_500, "ms", 32_000, null);
        report.bound("latency p99 at 80 %", 40_000, "ms", 32_000, null);

        assertThat(report.figures()).extracting(Report.Figure::met).containsExactly(null, false, true, true, false);
        assertThat(report.figures().get(1).ratio()).isEqualTo(0.45);

        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        report.print(new PrintStream(printed, true, StandardCharsets.UTF_8));
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("pipeline drain", "90,000", "raw consume + parse 200,000", "0.45", "ratio ≥ 0.5 (missed)")
                .contains("latency p99", "≤ 32,000 ms (met)");

        report.write(dir);
        JsonNode json = new ObjectMapper().readTree(dir.resolve("bench.json").toFile());
        assertThat(json.path("setup").path("job").asText()).isEqualTo("parallelism 2");
        assertThat(json.path("figures")).hasSize(5);
        assertThat(json.path("figures").get(2).path("ratio").asDouble()).isEqualTo(0.9);
        assertThat(json.path("figures").get(2).path("goalMet").asBoolean()).isTrue();
        assertThat(Files.readString(dir.resolve("bench.md")))
                .contains("| job indexing | 9,000 | docs/s | raw BulkIngester 10,000 | 0.90 | ratio ≥ 0.8 (met) |")
                .contains("- pipeline drain: the whole job");
    }
}
