package dev.vigil.gateway;

import dev.vigil.model.DeadLetter;
import dev.vigil.model.VigilJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The gateway's one producer: idempotent, {@code acks=all}, with a bounded buffer. A batch is
 * durable only when every record of it is acknowledged; a full buffer or a slow broker fails the
 * batch instead of accepting what cannot be kept.
 */
final class KafkaWriter implements AutoCloseable {
    /** The broker did not take a batch in time: answer 503. */
    static final class NotKeepingUp extends Exception {
        NotKeepingUp(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final KafkaProducer<String, byte[]> producer;
    private final GatewayConfig.Kafka config;
    private final Properties adminProperties = new Properties();

    KafkaWriter(GatewayConfig.Kafka config) {
        this.config = config;
        Properties props = config.producerProperties();
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        adminProperties.put("bootstrap.servers", config.bootstrapServers());
        adminProperties.put("request.timeout.ms", "2000");
        adminProperties.put("default.api.timeout.ms", "2000");
    }

    /** A batch being written. */
    final class Batch {
        private final List<Future<RecordMetadata>> pending = new ArrayList<>();
        private NotKeepingUp refused;

        void event(String deviceId, byte[] payload) {
            send(new ProducerRecord<>(config.eventsTopic(), deviceId, payload));
        }

        void deadLetter(String vendor, DeadLetter letter) {
            send(new ProducerRecord<>(config.deadLettersTopic(), vendor, VigilJson.toBytes(letter)));
        }

        private void send(ProducerRecord<String, byte[]> record) {
            if (refused != null) {
                return;
            }
            try {
                pending.add(producer.send(record));
            } catch (KafkaException e) {
                // buffer full for max.block.ms, or metadata unavailable
                refused = new NotKeepingUp("Kafka is not taking records: " + e.getMessage(), e);
            }
        }

        /** Returns once every record is acknowledged; throws when any was not. */
        void await() throws NotKeepingUp, InterruptedException {
            if (refused != null) {
                throw refused;
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(config.ackTimeoutSeconds());
            for (Future<RecordMetadata> future : pending) {
                try {
                    future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (ExecutionException | TimeoutException e) {
                    throw new NotKeepingUp("Kafka did not acknowledge in time: " + e, e);
                }
            }
        }
    }

    Batch batch() {
        return new Batch();
    }

    /** Whether the brokers answer, within two seconds. */
    boolean reachable() {
        try (Admin admin = Admin.create(adminProperties)) {
            admin.describeCluster().clusterId().get(2, TimeUnit.SECONDS);
            return true;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return false;
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
