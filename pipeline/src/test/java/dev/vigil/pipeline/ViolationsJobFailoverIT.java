package dev.vigil.pipeline;

import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
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
        JobClient job = scenario.startJob("violations-failover-it");
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
            scenario.sendFlush("flush-1", 2 * 3600);
            cluster.terminateTaskManager(0).get();
            cluster.startTaskManager();

            scenario.awaitPhaseOne();
            scenario.runPhaseTwo();
            scenario.assertExactResults();
        } finally {
            job.cancel().get();
            scenario.close();
        }
    }

    /**
     * A restore with nothing to replay starts Flink's watermarks from nothing: the events that were
     * late before the failure (phase two's late event) must still be late after it.
     */
    @Test
    void aRestoreWithNothingToReplayKeepsLateEventsLate(@InjectMiniCluster MiniCluster cluster) throws Exception {
        ViolationsScenario scenario = new ViolationsScenario();
        JobClient job = scenario.startJob("violations-restore-it");
        try {
            scenario.runPhaseOne();
            Thread.sleep(2000); // a few checkpoints over everything read so far
            cluster.terminateTaskManager(0).get();
            cluster.startTaskManager();
            Thread.sleep(5000);
            scenario.runPhaseTwo();
            scenario.assertExactResults();
        } finally {
            job.cancel().get();
            scenario.close();
        }
    }
}
