package dev.vigil.bench;

import java.time.Duration;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Runs a bounded job to its end and times it from the moment it runs, leaving Flink's start-up out. */
final class FlinkJobs {
    private FlinkJobs() {}

    /** Nanoseconds from the job reaching RUNNING to its successful end; throws when it fails. */
    static long runToEnd(StreamExecutionEnvironment env, String name) throws Exception {
        JobClient job = env.executeAsync(name);
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        JobStatus status = job.getJobStatus().get();
        while (status == JobStatus.CREATED || status == JobStatus.INITIALIZING) {
            if (System.nanoTime() > deadline) {
                job.cancel();
                throw new IllegalStateException(name + " did not start within 2 minutes");
            }
            Thread.sleep(5);
            status = job.getJobStatus().get();
        }
        long start = System.nanoTime();
        job.getJobExecutionResult().get();
        return System.nanoTime() - start;
    }
}
