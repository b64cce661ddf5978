package dev.vigil.deploy.sim;

import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Uploads to the camera-event topic, keyed by device, durably (acks=all, idempotent). */
public final class KafkaEventSink implements Simulator.EventSink {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaEventSink.class);

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final AtomicLong failures = new AtomicLong();

    public KafkaEventSink(String bootstrapServers, String topic) {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrapServers);
        props.put("acks", "all");
        props.put("enable.idempotence", "true");
        props.put("linger.ms", "5");
        props.put("client.id", "vigil-simulator");
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        this.topic = topic;
    }

    @Override
    public void send(String vendor, String deviceId, byte[] payload) {
        producer.send(new ProducerRecord<>(topic, deviceId, payload), (metadata, error) -> {
            if (error != null && failures.getAndIncrement() == 0) {
                LOG.warn("an upload to {} failed (counted; later failures are only counted): {}", topic, error.toString());
            }
        });
    }

    @Override
    public long failures() {
        return failures.get();
    }

    @Override
    public void close() {
        producer.close();
    }
}
