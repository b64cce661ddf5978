package dev.vigil.deploy.demo;

import dev.vigil.deploy.Directories;
import dev.vigil.pipeline.PipelineConfig;
import dev.vigil.pipeline.ViolationsJob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The violations job on a local Flink cluster in this JVM, web UI included. Checkpoints go to a
 * directory and are kept when the job is cancelled, so the next start resumes from the newest one:
 * Kafka offsets, open episodes and dedup state carry over, and episodes spanning the restart keep
 * their ids.
 */
final class LocalJob implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalJob.class);
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    private final JobClient client;
    private final Path resumedFrom;

    private LocalJob(JobClient client, Path resumedFrom) {
        this.client = client;
        this.resumedFrom = resumedFrom;
    }

    /** Prepares Kafka and Elasticsearch, submits the job and returns once it runs. */
    static LocalJob start(PipelineConfig config, Path checkpoints, int webPort) throws Exception {
        Files.createDirectories(checkpoints);
        Path latest = latestCheckpoint(checkpoints);
        Configuration conf = new Configuration();
        conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        conf.set(RestOptions.ADDRESS, "127.0.0.1");
        conf.set(RestOptions.PORT, webPort);
        conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
        conf.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION, ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        if (latest != null) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, latest.toString());
            LOG.info("resuming the violations job from {}", latest);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(conf);
        ViolationsJob.prepareAndBuild(env, config);
        JobClient client = env.executeAsync("vigil-violations");
        LocalJob job = new LocalJob(client, latest);
        job.awaitRunning();
        // earlier runs' checkpoints: all but the one resumed from (kept until this run has its own)
        pruneOtherJobs(checkpoints, latest == null ? null : latest.getParent().getFileName().toString(), client.getJobID().toString());
        return job;
    }

    /** The checkpoint this run resumed from, null for a fresh start. */
    Path resumedFrom() {
        return resumedFrom;
    }

    /** Completes when the job ends, exceptionally when it fails. */
    CompletableFuture<?> termination() {
        return client.getJobExecutionResult();
    }

    /** Cancels the job (its newest checkpoint stays for the next start) and waits until it has stopped. */
    @Override
    public void close() {
        try {
            JobStatus status = client.getJobStatus().get(10, TimeUnit.SECONDS);
            if (!status.isGloballyTerminalState()) {
                client.cancel().get(60, TimeUnit.SECONDS);
            }
            client.getJobExecutionResult().handle((result, error) -> null).get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("the violations job did not stop cleanly: {}", e.toString());
        }
    }

    private void awaitRunning() throws Exception {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            JobStatus status = client.getJobStatus().get(10, TimeUnit.SECONDS);
            if (status == JobStatus.RUNNING) {
                return;
            }
            if (status.isGloballyTerminalState()) {
                // the execution result carries the cause
                client.getJobExecutionResult().get(10, TimeUnit.SECONDS);
                throw new IllegalStateException("the violations job ended while starting: " + status);
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the violations job did not start within " + START_TIMEOUT.toMinutes() + " min");
    }

    /** The newest complete checkpoint ({@code <job>/chk-N} holding {@code _metadata}), or null. */
    static Path latestCheckpoint(Path checkpoints) throws IOException {
        if (!Files.isDirectory(checkpoints)) {
            return null;
        }
        try (Stream<Path> files = Files.find(checkpoints, 3,
                (path, attributes) -> path.getFileName().toString().equals("_metadata") && attributes.isRegularFile())) {
            return files.max(Comparator.comparing(LocalJob::modified)).map(Path::getParent).orElse(null);
        }
    }

    /** Deletes the checkpoint directories of jobs other than those named. */
    private static void pruneOtherJobs(Path checkpoints, String resumedJob, String currentJob) throws IOException {
        List<Path> others = new ArrayList<>();
        try (Stream<Path> jobs = Files.list(checkpoints)) {
            jobs.filter(dir -> Files.isDirectory(dir))
                    .filter(dir -> !dir.getFileName().toString().equals(resumedJob) && !dir.getFileName().toString().equals(currentJob))
                    .forEach(others::add);
        }
        for (Path dir : others) {
            Directories.deleteRecursively(dir);
        }
    }

    private static java.nio.file.attribute.FileTime modified(Path path) {
        try {
            return Files.getLastModifiedTime(path);
        } catch (IOException e) {
            return java.nio.file.attribute.FileTime.fromMillis(0);
        }
    }
}
