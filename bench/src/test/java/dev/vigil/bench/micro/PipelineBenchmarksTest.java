package dev.vigil.bench.micro;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The micro benchmarks' bodies do the work they claim (untimed: timings belong to ./vigil bench). */
class PipelineBenchmarksTest {
    @Test
    void everyBenchmarkRunsOnSimulatedTrafficAndTheOperatorsEmit() throws Exception {
        PipelineBenchmarks bench = new PipelineBenchmarks();
        bench.setUp();
        try {
            int accepted = 0;
            for (int i = 0; i < 2_000; i++) {
                accepted += bench.readEvent().isAccepted() ? 1 : 0;
            }
            assertThat(accepted).as("almost every simulated upload is a valid event").isGreaterThan(1_950);
            for (int i = 0; i < 200; i++) {
                assertThat(new String(bench.writeViolation(), StandardCharsets.UTF_8)).startsWith("{\"violationId\":");
            }
            int observations = 0;
            for (int i = 0; i < 20_000; i++) {
                observations = bench.rules();
            }
            assertThat(observations).as("the rules find violations in the traffic").isPositive();
            int before = observations;
            int violations = before;
            for (int i = 0; i < 5_000; i++) {
                violations = bench.episodeMerger();
            }
            assertThat(violations).as("episodes are emitted as the watermark passes").isGreaterThan(before);
            int sectionViolations = violations;
            for (int i = 0; i < 20_000; i++) {
                sectionViolations = bench.sectionSpeedPairer();
            }
            assertThat(sectionViolations).as("section passes pair into section speeding").isGreaterThan(violations);
        } finally {
            bench.tearDown();
        }
    }
}
