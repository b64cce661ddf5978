package dev.vigil.bench;

import dev.vigil.kafka.CommittedRecords;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/** What a job wrote to a topic: committed records, and how many distinct keys they carry. */
record TopicCounts(long records, long keys) {
    /** Long enough for the outputs of the default 2 million events. */
    static final Duration READ_TIMEOUT = Duration.ofMinutes(10);

    /** Reads {@code topic} to its end, read_committed, keeping only the keys. */
    static TopicCounts of(String bootstrapServers, String topic) {
        long[] records = {0};
        Set<ByteBuffer> keys = new HashSet<>();
        CommittedRecords.readToEnd(bootstrapServers, topic, READ_TIMEOUT, record -> {
            records[0]++;
            if (record.key() != null) {
                keys.add(ByteBuffer.wrap(record.key()));
            }
        });
        return new TopicCounts(records[0], keys.size());
    }
}
