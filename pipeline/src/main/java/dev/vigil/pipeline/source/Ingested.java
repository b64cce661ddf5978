package dev.vigil.pipeline.source;

import dev.vigil.model.CameraEvent;
import dev.vigil.model.DeadLetterReason;
import dev.vigil.model.Nullable;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * One record of {@code vigil.camera-events} as read: the original key and bytes, and either the
 * parsed event or why it was refused at the source. The bytes travel with the event until the
 * last check that may dead-letter it or send it to the late topic, both of which keep the original.
 * Every event crosses the network once in this form, written by the {@link IngestedSerializer}.
 */
@TypeInfo(IngestedTypeInfo.Factory.class)
public record Ingested(
        @Nullable String key,
        byte[] payload,
        @Nullable CameraEvent event,
        @Nullable DeadLetterReason reason,
        @Nullable String field,
        @Nullable String detail) {

    public boolean isValid() {
        return event != null;
    }
}
