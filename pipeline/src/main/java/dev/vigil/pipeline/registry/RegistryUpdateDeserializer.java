package dev.vigil.pipeline.registry;

import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Reads registry records as they are; entries are parsed where they are used. Keyless records are skipped. */
public final class RegistryUpdateDeserializer implements KafkaRecordDeserializationSchema<RegistryUpdate> {
    private static final long serialVersionUID = 1L;

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RegistryUpdate> out) {
        if (record.key() != null) {
            out.collect(new RegistryUpdate(new String(record.key(), StandardCharsets.UTF_8), record.value()));
        }
    }

    @Override
    public TypeInformation<RegistryUpdate> getProducedType() {
        return TypeInformation.of(RegistryUpdate.class);
    }
}
