package dev.vigil.kafka;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates Vigil's topics, idempotently: topics that exist are left as they are. The replication
 * factor is the broker's default, so one broker and a production cluster both work.
 */
public final class TopicAdmin {
    private static final Logger LOG = LoggerFactory.getLogger(TopicAdmin.class);

    private TopicAdmin() {}

    /** Creates every topic of {@code topics} that does not exist yet; returns the names it created. */
    public static List<String> createAll(Properties clientProperties, Topics topics) {
        try (Admin admin = Admin.create(adminProperties(clientProperties))) {
            return create(admin, topics.specs());
        }
    }

    /** Creates each of {@code specs} that does not exist yet; returns the names it created. */
    public static List<String> create(Properties clientProperties, List<TopicSpec> specs) {
        try (Admin admin = Admin.create(adminProperties(clientProperties))) {
            return create(admin, specs);
        }
    }

    /** Creates each of {@code specs} that does not exist yet; returns the names it created. */
    public static List<String> create(Admin admin, List<TopicSpec> specs) {
        try {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (TopicSpec spec : specs) {
                if (!existing.contains(spec.name())) {
                    missing.add(new NewTopic(spec.name(), Optional.of(spec.partitions()), Optional.empty())
                            .configs(spec.configs()));
                }
            }
            List<String> created = new ArrayList<>();
            for (Map.Entry<String, KafkaFuture<Void>> result :
                    admin.createTopics(missing).values().entrySet()) {
                try {
                    result.getValue().get(30, TimeUnit.SECONDS);
                    created.add(result.getKey());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + result.getKey() + ": " + e.getCause().getMessage(), e.getCause());
                    }
                }
            }
            if (!created.isEmpty()) {
                awaitLeaders(admin, created);
                LOG.info("created topics {}", created);
            }
            return created;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot reach Kafka to create topics: " + e.getMessage(), e);
        }
    }

    /**
     * Waits until every partition of {@code topics} is served by its leader. Metadata names a
     * leader before the broker serves the partition; a producer writing then gets
     * NOT_LEADER_OR_FOLLOWER, and an idempotent producer retrying its first batch after that can be
     * refused with out-of-order sequences until the batch expires. A ListOffsets request is
     * answered only by a serving leader (the admin client retries it until then), so its answer
     * for every partition is the readiness signal.
     */
    private static void awaitLeaders(Admin admin, List<String> topics) throws InterruptedException, ExecutionException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                // right after creation even describing the topics may answer "unknown topic": retry it all
                Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
                for (TopicDescription topic
                        : admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS).values()) {
                    for (TopicPartitionInfo partition : topic.partitions()) {
                        partitions.put(new TopicPartition(topic.name(), partition.partition()),
                                OffsetSpec.latest());
                    }
                }
                admin.listOffsets(partitions).all().get(30, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException | TimeoutException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("topics " + topics + " are not served by a leader after 60 s", notYet);
                }
                Thread.sleep(100);
            }
        }
    }

    private static Properties adminProperties(Properties clientProperties) {
        Properties props = new Properties();
        props.putAll(clientProperties);
        props.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "30000");
        return props;
    }
}
