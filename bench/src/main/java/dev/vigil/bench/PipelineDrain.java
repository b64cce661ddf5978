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
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

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

    static Outcome run(PipelineConfig config, Path checkpoints) throws Exception {
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
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(config.parallelism(), conf);
        ViolationsJob.build(env, ViolationsJob.kafkaSources(config, snapshot, true), ViolationsJob.productionSinks(config), config,
                CodeTable.defaults());
        return new Outcome(FlinkJobs.runToEnd(env, "vigil-bench-drain"));
    }
}
