package dev.vigil.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** A whole topic as a read_committed consumer sees it now: for checks after a job has run (tests, the bench). */
public final class CommittedRecords {
    private CommittedRecords() {}

    /**
     * Hands every committed record of {@code topic}, from its start to the end it has now, to
     * {@code each}. Throws when that end is not reached within {@code timeout}.
     */
    public static void readToEnd(Properties kafka, String topic, Duration timeout, Consumer<ConsumerRecord<byte[], byte[]>> each) {
        Properties props = new Properties();
        props.putAll(kafka);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(topic + " not read to its end " + end + " within " + timeout);
                }
                consumer.poll(Duration.ofMillis(100)).forEach(each);
            }
        }
    }

    /** {@link #readToEnd(Properties, String, Duration, Consumer)} from the cluster at {@code bootstrapServers}. */
    public static void readToEnd(String bootstrapServers, String topic, Duration timeout, Consumer<ConsumerRecord<byte[], byte[]>> each) {
        Properties kafka = new Properties();
        kafka.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        readToEnd(kafka, topic, timeout, each);
    }

    /** Every committed record of {@code topic}, from its start to the end it has now. */
    public static List<ConsumerRecord<byte[], byte[]>> read(Properties kafka, String topic, Duration timeout) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        readToEnd(kafka, topic, timeout, records::add);
        return records;
    }
}
