package dev.vigil.bench;

import dev.vigil.model.CameraEventReader;
import dev.vigil.model.ReadResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The source's limits: a plain KafkaConsumer reading the whole corpus topic and discarding it,
 * and the same loop parsing every record into the model as the job's deserializer does. They run
 * with as many threads as the job has source subtasks, each reading its share of the partitions,
 * so the comparison with the job is like for like.
 */
final class ConsumeLoops {
    /** Records read, accepted by the parser (0 without parsing), and the wall time. */
    record Outcome(long records, long accepted, long nanos) {
        double perSecond() {
            return records / (nanos / 1e9);
        }
    }

    private ConsumeLoops() {}

    static Outcome run(String bootstrapServers, String topic, int threads, boolean parse) throws Exception {
        List<TopicPartition> partitions = new ArrayList<>();
        Map<TopicPartition, Long> ends;
        try (KafkaConsumer<byte[], byte[]> probe = consumer(bootstrapServers)) {
            probe.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            ends = probe.endOffsets(partitions);
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long start = System.nanoTime();
            List<Future<long[]>> shares = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                List<TopicPartition> share = new ArrayList<>();
                for (int p = i; p < partitions.size(); p += threads) {
                    share.add(partitions.get(p));
                }
                shares.add(pool.submit(() -> drain(bootstrapServers, share, ends, parse)));
            }
            long records = 0;
            long accepted = 0;
            for (Future<long[]> share : shares) {
                long[] counts = share.get();
                records += counts[0];
                accepted += counts[1];
            }
            return new Outcome(records, accepted, System.nanoTime() - start);
        } finally {
            pool.shutdownNow();
        }
    }

    private static long[] drain(String bootstrapServers, List<TopicPartition> share, Map<TopicPartition, Long> ends, boolean parse) {
        CameraEventReader reader = new CameraEventReader();
        long records = 0;
        long accepted = 0;
        long expected = 0;
        for (TopicPartition partition : share) {
            expected += ends.get(partition);
        }
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrapServers)) {
            consumer.assign(share);
            consumer.seekToBeginning(share);
            while (records < expected) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    records++;
                    if (parse) {
                        ReadResult read = reader.read(record.value());
                        if (read.isAccepted()) {
                            accepted++;
                        }
                    }
                }
            }
        }
        return new long[] {records, accepted};
    }

    /** The consumer settings the job's Kafka source uses where they matter: read_committed, no group. */
    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrapServers) {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrapServers);
        props.put("isolation.level", "read_committed");
        props.put("enable.auto.commit", "false");
        props.put("max.poll.records", "2000");
        props.put("client.id", "vigil-bench-consume");
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
