package dev.vigil.kafka;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import dev.vigil.model.Registry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes a registry to the compacted registry topic so running jobs pick it up: entries that
 * changed are written, entries the topic has but the registry no longer has are tombstoned, and
 * unchanged entries are left alone.
 */
public final class RegistryPublisher {
    private final Properties clientProperties;
    private final String topic;

    public RegistryPublisher(Properties clientProperties, String topic) {
        this.clientProperties = clientProperties;
        this.topic = topic;
    }

    /** What one publication did. */
    public record Result(List<String> written, List<String> deleted, int unchanged) {}

    /** Publishes {@code registry}, waiting until Kafka has acknowledged every write. */
    public Result publish(Registry registry) {
        Map<String, byte[]> current = readCurrent();
        Map<String, byte[]> wanted = RegistryEntries.of(registry);
        List<String> written = new ArrayList<>();
        List<String> deleted = new ArrayList<>();
        int unchanged = 0;
        Properties props = new Properties();
        props.putAll(clientProperties);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            List<Future<RecordMetadata>> sends = new ArrayList<>();
            for (Map.Entry<String, byte[]> entry : wanted.entrySet()) {
                if (Arrays.equals(current.get(entry.getKey()), entry.getValue())) {
                    unchanged++;
                } else {
                    sends.add(producer.send(new ProducerRecord<>(topic, entry.getKey(), entry.getValue())));
                    written.add(entry.getKey());
                }
            }
            for (String key : current.keySet()) {
                if (!wanted.containsKey(key)) {
                    sends.add(producer.send(new ProducerRecord<>(topic, key, null)));
                    deleted.add(key);
                }
            }
            for (Future<RecordMetadata> send : sends) {
                send.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing the registry", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot publish the registry to " + topic + ": " + e.getCause().getMessage(), e.getCause());
        }
        return new Result(written, deleted, unchanged);
    }

    /** The live entries of the topic (latest value per key, tombstoned keys left out). */
    public Map<String, byte[]> readCurrent() {
        return RegistrySnapshot.read(clientProperties, topic).entries();
    }
}
