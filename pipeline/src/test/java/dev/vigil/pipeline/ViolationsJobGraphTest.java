package dev.vigil.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.kafka.RegistrySnapshot;
import dev.vigil.rules.CodeTable;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;

/** The production graph: every operator named, with a stable uid, so savepoints survive changes. */
class ViolationsJobGraphTest {
    @Test
    void everyOperatorHasANameAndAStableUid() {
        PipelineConfig config = PipelineConfig.defaults();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        ViolationsJob.build(env, ViolationsJob.kafkaSources(config, new RegistrySnapshot(Map.of(), Map.of(0, 0L))),
                ViolationsJob.productionSinks(config), config, CodeTable.defaults());

        StreamGraph graph = env.getStreamGraph();

        assertThat(graph.getStreamNodes()).allSatisfy((StreamNode node) -> {
            assertThat(node.getTransformationUID()).as(node.getOperatorName()).isNotBlank();
            assertThat(node.getOperatorName()).isNotBlank();
        });
        assertThat(graph.getStreamNodes()).extracting(StreamNode::getTransformationUID).doesNotHaveDuplicates()
                .contains("camera-events", "reject-unreadable", "registry", "registry-checks", "late-events",
                        "rules", "episodes", "parking-episodes", "section-speed", "violations-to-kafka", "violations-to-elasticsearch", "dead-letters-to-kafka",
                        "late-events-to-kafka");
        assertThat(env.getParallelism()).isEqualTo(2);
        assertThat(env.getCheckpointConfig().getCheckpointInterval()).isEqualTo(10_000);
    }
}
