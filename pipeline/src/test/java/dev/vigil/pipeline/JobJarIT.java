package dev.vigil.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.client.cli.CliFrontend;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.client.JobStatusMessage;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The shaded job jar is what {@code flink run} accepts: submitted through Flink's own command-line
 * client to a cluster's REST endpoint, with the broker and the server given as arguments, it runs
 * and turns a camera-flagged violation into a violation on Kafka and in Elasticsearch.
 */
class JobJarIT {
    /**
     * This test JVM has the Kafka connector on its own classpath, which a Flink cluster does not:
     * Flink loads {@code org.apache.flink.*} parent-first, so the connector's Kafka types must come
     * from the same (parent) loader. Vigil's own classes are still loaded from the submitted jar.
     */
    private static final List<String> PARENT_FIRST = List.of("org.apache.kafka.");

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setConfiguration(parentFirstKafka(new Configuration()))
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static Configuration parentFirstKafka(Configuration conf) {
        conf.set(CoreOptions.ALWAYS_PARENT_FIRST_LOADER_PATTERNS_ADDITIONAL, PARENT_FIRST);
        return conf;
    }

    @Test
    void flinkRunAcceptsTheJobJar(@InjectMiniCluster MiniCluster cluster) throws Exception {
        Path jar = Path.of(System.getProperty("vigil.job.jar"));
        assertThat(jar).exists();
        ViolationsScenario scenario = new ViolationsScenario();
        URI rest = cluster.getRestAddress().get();
        Configuration conf = parentFirstKafka(new Configuration());
        conf.set(RestOptions.ADDRESS, rest.getHost());
        conf.set(RestOptions.PORT, rest.getPort());
        Path confDir = Files.createTempDirectory("flink-conf");
        CliFrontend flink = new CliFrontend(conf, CliFrontend.loadCustomCommandLines(conf, confDir.toString()));
        PipelineConfig c = scenario.config;
        List<String> args = new ArrayList<>(List.of("run", "-d", "-m", rest.getHost() + ":" + rest.getPort(), jar.toString(),
                "--pipeline.kafka.bootstrap-servers", c.bootstrapServers(),
                "--pipeline.elasticsearch.url", c.elasticsearchUrl(),
                "--pipeline.elasticsearch.index-prefix", c.indexPrefix(),
                "--pipeline.checkpoint.interval", "1 s",
                "--pipeline.watermark.idleness", "1 s",
                "--pipeline.watermark.out-of-orderness", "10 s"));
        String[][] topics = {
            {"camera-events", c.topics().cameraEvents()}, {"registry", c.topics().registry()},
            {"dead-letters", c.topics().deadLetters()}, {"late-events", c.topics().lateEvents()},
            {"violations", c.topics().violations()}, {"stats", c.topics().stats()}, {"alerts", c.topics().alerts()}};
        for (String[] t : topics) {
            args.add("--pipeline.topics." + t[0]);
            args.add(t[1]);
        }
        try {
            assertThat(flink.parseAndRun(args.toArray(String[]::new))).as("flink run exit code").isZero();
            assertThat(cluster.listJobs().get()).extracting(JobStatusMessage::getJobName).contains("vigil-violations");

            scenario.send(new Corpus().violation("j1", "EP-3", scenario.t(50), "苏J12345", 0.95, "1301", "j1", "j2"));
            scenario.sendFlush("flush", 3600);
            ViolationsScenario.await("the violation on Kafka and in Elasticsearch",
                    () -> scenario.violationRecords().size() == 1 && indexedCount(scenario) == 1, scenario::outputs);
            assertThat(scenario.violationRecords().get(0).violationId())
                    .isEqualTo(CountySeat.violationId("WRONG_WAY", "苏J12345", "J-2", scenario.t(50)));
        } finally {
            for (JobStatusMessage job : cluster.listJobs().get()) {
                if (!job.getJobState().isGloballyTerminalState()) {
                    cluster.cancelJob(job.getJobId()).get();
                }
            }
            scenario.close();
        }
    }

    private static int indexedCount(ViolationsScenario scenario) {
        try {
            return scenario.indexed().size();
        } catch (Exception e) {
            return -1;
        }
    }
}
