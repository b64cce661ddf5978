package dev.vigil.kafka;

import dev.vigil.model.VigilJson;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serde for Vigil's own documents (violations, stats, alerts, dead letters, registry
 * entries) through the model's JSON codec. A null value is a tombstone both ways. Camera events
 * from outside are read with {@link CameraEventDeserializer}, which never throws.
 */
public final class JsonSerde<T> implements Serde<T>, Serializer<T>, Deserializer<T> {
    private final Class<T> type;

    public JsonSerde(Class<T> type) {
        this.type = type;
    }

    @Override
    public byte[] serialize(String topic, T value) {
        return value == null ? null : VigilJson.toBytes(value);
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        return data == null ? null : VigilJson.read(data, type);
    }

    @Override
    public void configure(java.util.Map<String, ?> configs, boolean isKey) {
        // nothing to configure: the codec is fixed
    }

    @Override
    public void close() {
        // holds no resources
    }

    @Override
    public Serializer<T> serializer() {
        return this;
    }

    @Override
    public Deserializer<T> deserializer() {
        return this;
    }
}
