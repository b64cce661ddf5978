package dev.vigil.pipeline.source;

import dev.vigil.model.CameraEventReader;
import dev.vigil.model.DeadLetterReason;
import dev.vigil.model.ReadResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads camera-event records in the source, so that watermarks are taken only from valid events:
 * the strict reader's verdict, then the future check against the processing clock (a camera clock
 * more than the tolerance ahead is a fault, not an event to wait for). Never throws: every record
 * comes out as an {@link Ingested}, valid or with its reason.
 */
public final class CameraEventDeserializer implements KafkaRecordDeserializationSchema<Ingested> {
    private static final long serialVersionUID = 1L;
    private static final byte[] EMPTY = new byte[0];

    private final long futureToleranceMillis;
    private transient CameraEventReader reader;

    public CameraEventDeserializer(Duration futureTolerance) {
        this.futureToleranceMillis = futureTolerance.toMillis();
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Ingested> out) {
        if (reader == null) {
            reader = new CameraEventReader();
        }
        byte[] payload = record.value() == null ? EMPTY : record.value();
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        ReadResult result = reader.read(payload);
        if (!result.isAccepted()) {
            out.collect(new Ingested(key, payload, null, result.reason(), result.field(), result.detail()));
            return;
        }
        long eventTime = result.event().eventTime().toEpochMilli();
        long now = System.currentTimeMillis();
        if (eventTime > now + futureToleranceMillis) {
            out.collect(new Ingested(key, payload, null, DeadLetterReason.FUTURE_EVENT_TIME, "/eventTime",
                    "event time " + result.event().eventTime() + " is more than " + futureToleranceMillis / 1000
                            + " s ahead of the clock: a camera clock fault"));
            return;
        }
        out.collect(new Ingested(key, payload, result.event(), null, null, null));
    }

    @Override
    public TypeInformation<Ingested> getProducedType() {
        return TypeInformation.of(Ingested.class);
    }
}
