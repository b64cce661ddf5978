package dev.vigil.kafka;

import dev.vigil.model.CameraEventReader;
import dev.vigil.model.ReadResult;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads {@code vigil.camera-events} values strictly into a {@link ReadResult}: the event, or the
 * reason it is refused. Never throws, so one bad record cannot stop a consumer; a null value reads
 * as malformed.
 */
public final class CameraEventDeserializer implements Deserializer<ReadResult> {
    private static final byte[] EMPTY = new byte[0];

    private final CameraEventReader reader = new CameraEventReader();

    @Override
    public ReadResult deserialize(String topic, byte[] data) {
        return reader.read(data == null ? EMPTY : data);
    }
}
