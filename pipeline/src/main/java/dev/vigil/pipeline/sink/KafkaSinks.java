package dev.vigil.pipeline.sink;

import dev.vigil.model.Alert;
import dev.vigil.model.Stat;
import dev.vigil.model.Violation;
import dev.vigil.model.VigilJson;
import dev.vigil.pipeline.LateEvent;
import dev.vigil.pipeline.source.KeyedDeadLetter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The job's Kafka sinks, all exactly-once: records become visible to read_committed readers when
 * the checkpoint that covers them completes. Each sink has its own transactional-id prefix, named
 * after its topic so jobs writing to different topics on one cluster never fence each other.
 */
public final class KafkaSinks {
    private KafkaSinks() {}

    /** Violation revisions keyed by violationId. */
    public static KafkaSink<Violation> violations(String brokers, String topic, Duration transactionTimeout) {
        return exactlyOnce(brokers, topic, transactionTimeout, (KafkaRecordSerializationSchema<Violation>) (v, context, ts) ->
                new ProducerRecord<>(topic, bytes(v.violationId()), VigilJson.toBytes(v)));
    }

    /** Stats keyed by statId; a re-emitted window follows under the same key. */
    public static KafkaSink<Stat> stats(String brokers, String topic, Duration transactionTimeout) {
        return exactlyOnce(brokers, topic, transactionTimeout, (KafkaRecordSerializationSchema<Stat>) (st, context, ts) ->
                new ProducerRecord<>(topic, bytes(st.statId()), VigilJson.toBytes(st)));
    }

    /** Alerts keyed by alertId. */
    public static KafkaSink<Alert> alerts(String brokers, String topic, Duration transactionTimeout) {
        return exactlyOnce(brokers, topic, transactionTimeout, (KafkaRecordSerializationSchema<Alert>) (a, context, ts) ->
                new ProducerRecord<>(topic, bytes(a.alertId()), VigilJson.toBytes(a)));
    }

    /** Dead letters under the original record's key. */
    public static KafkaSink<KeyedDeadLetter> deadLetters(String brokers, String topic, Duration transactionTimeout) {
        return exactlyOnce(brokers, topic, transactionTimeout, (KafkaRecordSerializationSchema<KeyedDeadLetter>) (d, context, ts) ->
                new ProducerRecord<>(topic, d.key() == null ? null : bytes(d.key()), VigilJson.toBytes(d.deadLetter())));
    }

    /** Late events, byte for byte, under their original key. */
    public static KafkaSink<LateEvent> lateEvents(String brokers, String topic, Duration transactionTimeout) {
        return exactlyOnce(brokers, topic, transactionTimeout, (KafkaRecordSerializationSchema<LateEvent>) (e, context, ts) ->
                new ProducerRecord<>(topic, e.key() == null ? null : bytes(e.key()), e.payload()));
    }

    private static <T> KafkaSink<T> exactlyOnce(String brokers, String topic, Duration transactionTimeout,
            KafkaRecordSerializationSchema<T> serializer) {
        return KafkaSink.<T>builder()
                .setBootstrapServers(brokers)
                .setRecordSerializer(serializer)
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix("vigil-" + topic)
                .setProperty("transaction.timeout.ms", String.valueOf(transactionTimeout.toMillis()))
                .setProperty("acks", "all")
                .build();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
