package dev.vigil.bench;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import dev.vigil.elasticsearch.ElasticsearchClients;
import dev.vigil.elasticsearch.IndexTemplates;
import dev.vigil.elasticsearch.Indices;
import dev.vigil.kafka.RegistrySnapshot;
import dev.vigil.kafka.TopicAdmin;
import dev.vigil.pipeline.PipelineConfig;
import dev.vigil.pipeline.ViolationsJob;
import dev.vigil.rules.CodeTable;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * The whole violations job (every rule, episodes, stats, alerts, exactly-once Kafka sinks and the
 * Elasticsearch sinks) on a local Flink cluster, reading the corpus topic from its start to the end
 * it had when the job began. The job finishes when all of it is processed and its last checkpoint
 * has committed; the drain time runs from the moment every task runs to the job's end, so Flink's
 * start-up is not counted.
 */
final class PipelineDrain {
    /** Wall time from all tasks running to the job's end. */
    record Outcome(long nanos) {}

    private PipelineDrain() {}

    /** {@code hashmap} (state on the heap, every checkpoint a full copy) or {@code rocksdb} (on disk, incremental checkpoints). */
    static void stateBackend(Configuration conf, String backend) {
        conf.set(StateBackendOptions.STATE_BACKEND, backend);
        conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, backend.equals("rocksdb"));
    }

    /**
     * @param elasticsearch false: the Elasticsearch sinks discard instead, to show how much of the
     *     drain time indexing takes
     */
    static Outcome run(PipelineConfig config, Path checkpoints, String stateBackend, boolean elasticsearch) throws Exception {
        Properties kafka = new Properties();
        kafka.put("bootstrap.servers", config.bootstrapServers());
        TopicAdmin.createAll(kafka, config.topics());
        ElasticsearchClient client = ElasticsearchClients.create(config.elasticsearchUrl());
        try {
            IndexTemplates.install(client, new Indices(config.indexPrefix()));
        } finally {
            client._transport().close();
        }
        RegistrySnapshot snapshot = RegistrySnapshot.read(kafka, config.topics().registry());
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
        stateBackend(conf, stateBackend);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(config.parallelism(), conf);
        ViolationsJob.Sinks sinks = ViolationsJob.productionSinks(config);
        if (!elasticsearch) {
            sinks = new ViolationsJob.Sinks(sinks.violations(), new DiscardingSink<>(), sinks.deadLetters(), sinks.lateEvents(), sinks.stats(),
                    new DiscardingSink<>(), sinks.alerts(), new DiscardingSink<>());
        }
        ViolationsJob.build(env, ViolationsJob.kafkaSources(config, snapshot, true), sinks, config, CodeTable.defaults());
        return new Outcome(FlinkJobs.runToEnd(env, "vigil-bench-drain"));
    }
}
