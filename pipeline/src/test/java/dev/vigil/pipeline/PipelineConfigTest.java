package dev.vigil.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PipelineConfigTest {
    @Test
    void defaultsAreTheDocumentedOnes() {
        PipelineConfig c = PipelineConfig.defaults();

        assertThat(c.bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(c.topics().cameraEvents()).isEqualTo("vigil.camera-events");
        assertThat(c.parallelism()).isEqualTo(2);
        assertThat(c.outOfOrderness()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.idleness()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.dedupTtl()).isEqualTo(Duration.ofHours(48));
        assertThat(c.episodeWindow()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.futureTolerance()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.elasticsearchUsername()).isNull();
    }

    @Test
    void parsesArgumentsAndRefusesWhatItDoesNotKnow() {
        PipelineConfig c = PipelineConfig.fromArgs(new String[] {
            "--pipeline.kafka.bootstrap-servers", "k1:9092,k2:9092", "--pipeline.watermark.out-of-orderness", "15 s",
            "--pipeline.topics.violations", "city.violations", "--pipeline.parallelism", "4"});

        assertThat(c.bootstrapServers()).isEqualTo("k1:9092,k2:9092");
        assertThat(c.outOfOrderness()).isEqualTo(Duration.ofSeconds(15));
        assertThat(c.topics().violations()).isEqualTo("city.violations");
        assertThat(c.parallelism()).isEqualTo(4);
        assertThatThrownBy(() -> PipelineConfig.fromArgs(new String[] {"--pipeline.paralelism", "4"}))
                .hasMessageContaining("unknown option --pipeline.paralelism");
        assertThatThrownBy(() -> PipelineConfig.fromArgs(new String[] {"--pipeline.dedup.ttl", "two days"}))
                .hasMessageContaining("--pipeline.dedup.ttl: not a duration");
    }

    @Test
    void aTransactionTimeoutNotAboveTheCheckpointIntervalIsRefused() {
        assertThatThrownBy(() -> PipelineConfig.fromArgs(new String[] {
            "--pipeline.checkpoint.interval", "10 min", "--pipeline.kafka.transaction-timeout", "5 min"}))
                .hasMessageContaining("must exceed pipeline.checkpoint.interval");
    }
}
