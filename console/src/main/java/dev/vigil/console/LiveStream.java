package dev.vigil.console;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code GET /api/stream}: server-sent events of new stats ({@code event: stat}) and alerts
 * ({@code event: alert}) as their Kafka transactions commit (read_committed). Each event's id is
 * the stream's whole position after it, every partition's next offset
 * ({@code stats/0/12,stats/1/7,alerts/0/3,…}), so a client reconnecting with {@code Last-Event-ID}
 * resumes exactly after the last event it saw, without loss or repeat. Without one it starts
 * with what arrives from now on. A comment line keeps idle connections open.
 */
final class LiveStream {
    private static final Duration KEEPALIVE = Duration.ofSeconds(15);

    private final String bootstrapServers;
    private final Map<String, String> eventByTopic = new HashMap<>();
    private volatile boolean stopping;

    LiveStream(String bootstrapServers, String statsTopic, String alertsTopic) {
        this.bootstrapServers = bootstrapServers;
        eventByTopic.put(statsTopic, "stat");
        eventByTopic.put(alertsTopic, "alert");
    }

    void stop() {
        stopping = true;
    }

    /** Streams until the client goes away or the console stops; blocks the calling thread meanwhile. */
    void serve(Response response, Callback callback, String lastEventId) throws BadParameter {
        Map<TopicPartition, Long> resume = lastEventId == null ? null : parse(lastEventId);
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrapServers);
        props.put("isolation.level", "read_committed");
        props.put("enable.auto.commit", "false");
        props.put("client.id", "vigil-console-stream");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : eventByTopic.keySet()) {
                for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(10))) {
                    partitions.add(new TopicPartition(topic, info.partition()));
                }
            }
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            Map<TopicPartition, Long> position = new TreeMap<>(java.util.Comparator.comparing(TopicPartition::toString));
            for (TopicPartition partition : partitions) {
                Long at = resume == null ? null : resume.get(partition);
                if (at != null) {
                    consumer.seek(partition, at);
                }
                position.put(partition, consumer.position(partition));
            }
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream; charset=utf-8");
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
            write(response, ": connected\n\n");
            long lastWrite = System.nanoTime();
            while (!stopping) {
                StringBuilder chunk = new StringBuilder();
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    position.put(partition, record.offset() + 1);
                    chunk.append("id: ").append(encode(position)).append('\n')
                            .append("event: ").append(eventByTopic.get(record.topic())).append('\n')
                            .append("data: ").append(new String(record.value(), StandardCharsets.UTF_8)).append("\n\n");
                }
                if (chunk.length() > 0) {
                    write(response, chunk.toString());
                    lastWrite = System.nanoTime();
                } else if (System.nanoTime() - lastWrite > KEEPALIVE.toNanos()) {
                    write(response, ": keepalive\n\n");
                    lastWrite = System.nanoTime();
                }
            }
            callback.succeeded();
        } catch (BadParameter e) {
            throw e;
        } catch (Exception goneOrFailed) {
            // the client went away (a write failed) or Kafka failed: end this response
            callback.failed(goneOrFailed);
        }
    }

    private static void write(Response response, String text) throws Exception {
        Callback.Completable done = new Callback.Completable();
        response.write(false, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), done);
        done.get(30, TimeUnit.SECONDS);
    }

    static String encode(Map<TopicPartition, Long> position) {
        StringBuilder id = new StringBuilder();
        position.forEach((partition, offset) -> {
            if (id.length() > 0) {
                id.append(',');
            }
            id.append(partition.topic()).append('/').append(partition.partition()).append('/').append(offset);
        });
        return id.toString();
    }

    static Map<TopicPartition, Long> parse(String id) throws BadParameter {
        Map<TopicPartition, Long> position = new HashMap<>();
        try {
            for (String part : id.split(",")) {
                int last = part.lastIndexOf('/');
                int middle = part.lastIndexOf('/', last - 1);
                position.put(new TopicPartition(part.substring(0, middle), Integer.parseInt(part.substring(middle + 1, last))),
                        Long.parseLong(part.substring(last + 1)));
            }
        } catch (RuntimeException e) {
            throw new BadParameter("Last-Event-ID", "not an id of this stream: '" + id + "'");
        }
        return position;
    }
}
