package dev.vigil.pipeline.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.model.CameraEvent;
import dev.vigil.model.DeadLetterReason;
import dev.vigil.model.Direction;
import dev.vigil.model.EventKind;
import dev.vigil.model.Image;
import dev.vigil.model.Movement;
import dev.vigil.model.Plate;
import dev.vigil.model.PlateColor;
import dev.vigil.model.Signal;
import dev.vigil.model.Subject;
import dev.vigil.model.VehicleClass;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class IngestedSerializerTest {
    private static final CameraEvent FULL = new CameraEvent("e-1", "hik", "EP-1", EventKind.VIOLATION,
            Instant.parse("2026-11-23T02:15:00.123456789Z"), Subject.MOTOR_VEHICLE, new Plate("陕A·12345", PlateColor.YELLOW, 0.93),
            VehicleClass.TRUCK, 2, Direction.E, Movement.LEFT, 61.5, Signal.RED, "1625", null,
            List.of(new Image("PANORAMA", "https://evidence.example/陕A/1.jpg", "ab".repeat(32), 1920, 1080,
                            Instant.parse("2026-11-23T02:14:59Z")),
                    new Image(null, "u", null, null, null, null)));
    private static final CameraEvent BARE = new CameraEvent("e-2", "dahua", "PK-1", EventKind.PARKING, Instant.ofEpochMilli(0),
            null, null, null, null, null, null, null, null, null, "Z-1", null);

    private final TypeSerializer<Ingested> serializer = TypeInformation.of(Ingested.class).createSerializer(new SerializerConfigImpl());

    @Test
    void everyStreamOfIngestedRecordsUsesThisSerializer() {
        assertThat(TypeInformation.of(Ingested.class)).isInstanceOf(IngestedTypeInfo.class);
        assertThat(serializer).isInstanceOf(IngestedSerializer.class);
    }

    @Test
    void recordsWithAndWithoutAnEventComeBackAsTheyWent() throws Exception {
        List<Ingested> records = List.of(
                new Ingested("EP-1", "{\"eventId\":\"e-1\"}".getBytes(StandardCharsets.UTF_8), FULL, null, null, null),
                new Ingested(null, new byte[0], BARE, null, null, null),
                new Ingested("k", "not json".getBytes(StandardCharsets.UTF_8), null, DeadLetterReason.MALFORMED_JSON, null,
                        "Unrecognized token 'not': was expecting 'null', 'true', 'false' or NaN"),
                new Ingested("k", "{}".getBytes(StandardCharsets.UTF_8), null, DeadLetterReason.SCHEMA_VIOLATION, "/eventId", "required"));
        DataOutputSerializer out = new DataOutputSerializer(64);
        for (Ingested record : records) {
            serializer.serialize(record, out);
        }

        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        for (Ingested sent : records) {
            Ingested read = serializer.deserialize(in);
            assertThat(read.key()).isEqualTo(sent.key());
            assertThat(read.payload()).isEqualTo(sent.payload());
            assertThat(read.event()).isEqualTo(sent.event());
            assertThat(read.reason()).isEqualTo(sent.reason());
            assertThat(read.field()).isEqualTo(sent.field());
            assertThat(read.detail()).isEqualTo(sent.detail());
        }
        assertThat(in.available()).isZero();
    }

    @Test
    void itsSnapshotRestoresTheSameFormat() throws Exception {
        TypeSerializerSnapshot<Ingested> snapshot = serializer.snapshotConfiguration();
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, snapshot);

        TypeSerializerSnapshot<Ingested> read = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());

        assertThat(read.restoreSerializer()).isEqualTo(serializer);
        assertThat(serializer.snapshotConfiguration().resolveSchemaCompatibility(read).isCompatibleAsIs()).isTrue();
    }
}
