package dev.vigil.pipeline;

import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole violations job at parallelism 2 on a MiniCluster, against the real Kafka broker and
 * the real Elasticsearch: a seeded corpus with duplicates, retries, malformed lines, unknown
 * devices and codes, out-of-order and late events, exempt and unreadable plates, and a registry
 * change while the job runs; the exact violations, revisions, statuses, reasons, dead letters and
 * late events.
 */
class ViolationsJobIT {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @Test
    void producesExactlyTheViolationsTheContractDefines() throws Exception {
        ViolationsScenario scenario = new ViolationsScenario();
        JobClient job = scenario.startJob("violations-it");
        try {
            scenario.runPhaseOne();
            scenario.runPhaseTwo();
            scenario.assertExactResults();
        } finally {
            job.cancel().get();
            scenario.close();
        }
    }
}
