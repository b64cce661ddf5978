package dev.vigil.bench;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** What a job wrote to a topic: committed records, and how many distinct keys they carry. */
record TopicCounts(long records, long keys) {

    /** Reads {@code topic} to its end, read_committed, keeping only the keys. */
    static TopicCounts of(String bootstrapServers, String topic) {
        long[] records = {0};
        Set<ByteBuffer> keys = new HashSet<>();
        readToEnd(bootstrapServers, topic, record -> {
            records[0]++;
            if (record.key() != null) {
                keys.add(ByteBuffer.wrap(record.key()));
            }
        });
        return new TopicCounts(records[0], keys.size());
    }

    /** Every committed record of {@code topic}, from its start to the end it has now. */
    static void readToEnd(String bootstrapServers, String topic, Consumer<ConsumerRecord<byte[], byte[]>> each) {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrapServers);
        props.put("isolation.level", "read_committed");
        props.put("enable.auto.commit", "false");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(each);
            }
        }
    }
}
