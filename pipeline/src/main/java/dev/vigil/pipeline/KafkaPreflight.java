package dev.vigil.pipeline;

import java.time.Duration;
import java.util.Collection;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;

/** Checks made before the job starts, so a misconfiguration fails with a clear message instead of at the first checkpoint. */
public final class KafkaPreflight {
    private KafkaPreflight() {}

    /**
     * The exactly-once sinks' transaction timeout must exceed the checkpoint interval (or
     * transactions expire before their checkpoint commits them) and must not exceed the brokers'
     * {@code transaction.max.timeout.ms} (or the brokers refuse the producers).
     */
    public static void checkTransactionTimeout(Properties kafka, Duration timeout, Duration checkpointInterval) throws Exception {
        if (timeout.compareTo(checkpointInterval) <= 0) {
            throw new IllegalArgumentException("pipeline.kafka.transaction-timeout (" + timeout.toMillis()
                    + " ms) must exceed pipeline.checkpoint.interval (" + checkpointInterval.toMillis() + " ms)");
        }
        try (Admin admin = Admin.create(kafka)) {
            Collection<Node> nodes = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS);
            for (Node node : nodes) {
                ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, node.idString());
                Config config = admin.describeConfigs(java.util.List.of(broker)).all().get(30, TimeUnit.SECONDS).get(broker);
                ConfigEntry max = config.get("transaction.max.timeout.ms");
                if (max != null && max.value() != null && timeout.toMillis() > Long.parseLong(max.value())) {
                    throw new IllegalArgumentException("pipeline.kafka.transaction-timeout (" + timeout.toMillis()
                            + " ms) exceeds transaction.max.timeout.ms (" + max.value() + " ms) of broker " + node.idString()
                            + ": lower the timeout or raise the broker's maximum");
                }
            }
        }
    }
}
