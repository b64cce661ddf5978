package dev.vigil.pipeline;

import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The corpus of {@link ViolationsJobIT}, with the job's only TaskManager killed mid-stream after a
 * checkpoint completed and while records are in flight: after the restore, the same exact results
 * (nothing lost, nothing doubled, the retry still recognised as a duplicate).
 */
class ViolationsJobFailoverIT {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @Test
    void killingTheTaskManagerMidStreamLosesAndDoublesNothing(@InjectMiniCluster MiniCluster cluster) throws Exception {
        ViolationsScenario scenario = new ViolationsScenario();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        ViolationsJob.prepareAndBuild(env, scenario.config);
        JobClient job = env.executeAsync("violations-failover-it");
        try {
            Corpus phaseOne = scenario.phaseOne();
            int half = 14; // up to D at T+30 s: enough to decide A, whose revisions must then be committed
            Corpus first = new Corpus();
            Corpus second = new Corpus();
            for (int i = 0; i < phaseOne.sends().size(); i++) {
                (i < half ? first : second).sends().add(phaseOne.sends().get(i));
            }
            scenario.send(first);
            ViolationsScenario.await("a committed violation (so a checkpoint completed)", () -> !scenario.violationRecords().isEmpty());

            scenario.send(second);
            scenario.send(scenario.flush("flush-1", 2 * 3600));
            cluster.terminateTaskManager(0).get();
            cluster.startTaskManager();

            scenario.awaitPhaseOne();
            scenario.publishRegistryWithEp4();
            Thread.sleep(3000);
            scenario.send(scenario.phaseTwo());
            scenario.send(scenario.flush("flush-2", 4 * 3600));
            scenario.awaitPhaseTwo();

            scenario.assertExactResults();
        } finally {
            job.cancel().get();
            scenario.close();
        }
    }
}
