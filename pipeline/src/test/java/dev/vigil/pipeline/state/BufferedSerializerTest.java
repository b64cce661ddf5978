package dev.vigil.pipeline.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.pipeline.alert.Sighting;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputViewStreamWrapper;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputViewStreamWrapper;
import org.junit.jupiter.api.Test;

class BufferedSerializerTest {
    private static final List<Sighting> SIGHTINGS = List.of(
            new Sighting("京A12345", 1_700_000_000_000L, "EP-DX01-E", "S-DX01", "东城区", 39.91, 116.41, "evt-1"),
            new Sighting("京A12345", 1_700_000_060_000L, "CP-HD02", "S-HD02", null, 39.99, 116.30, "evt-2"));

    private static <T> TypeSerializer<T> serializer(TypeInformation<T> type) {
        return type.createSerializer(new SerializerConfigImpl());
    }

    /** Counts the calls a stream gets: one per byte, or one per array. */
    private static final class CountingStream extends OutputStream {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int singleBytes;
        int arrays;

        @Override
        public void write(int b) {
            singleBytes++;
            bytes.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            arrays++;
            bytes.write(b, off, len);
        }
    }

    @Test
    void writesTheWrappedFormatInOneCallPerValue() throws IOException {
        TypeInformation<List<Sighting>> type = Types.LIST(TypeInformation.of(Sighting.class));
        TypeSerializer<List<Sighting>> plain = serializer(type);
        TypeSerializer<List<Sighting>> buffered = serializer(BufferedTypeInfo.of(type));
        assertThat(buffered).isInstanceOf(BufferedSerializer.class);

        CountingStream byPlain = new CountingStream();
        plain.serialize(SIGHTINGS, new DataOutputViewStreamWrapper(byPlain));
        CountingStream byBuffered = new CountingStream();
        buffered.serialize(SIGHTINGS, new DataOutputViewStreamWrapper(byBuffered));
        buffered.serialize(SIGHTINGS, new DataOutputViewStreamWrapper(byBuffered));

        assertThat(byPlain.singleBytes).as("the plain serializer writes strings a byte at a time").isGreaterThan(50);
        assertThat(byBuffered.singleBytes).isZero();
        assertThat(byBuffered.arrays).isEqualTo(2);
        byte[] once = byPlain.bytes.toByteArray();
        byte[] twice = byBuffered.bytes.toByteArray();
        assertThat(twice).hasSize(2 * once.length);
        assertThat(java.util.Arrays.copyOfRange(twice, 0, once.length)).isEqualTo(once);
        assertThat(java.util.Arrays.copyOfRange(twice, once.length, twice.length)).isEqualTo(once);

        DataInputViewStreamWrapper in = new DataInputViewStreamWrapper(new ByteArrayInputStream(twice));
        assertThat(buffered.deserialize(in)).isEqualTo(SIGHTINGS);
        assertThat(plain.deserialize(in)).isEqualTo(SIGHTINGS);
    }

    @Test
    void writesStraightIntoMemoryBuffers() throws IOException {
        TypeSerializer<String> buffered = serializer(BufferedTypeInfo.STRING);
        DataOutputSerializer memory = new DataOutputSerializer(16);
        buffered.serialize("京A12345", memory);
        DataOutputSerializer expected = new DataOutputSerializer(16);
        serializer(Types.STRING).serialize("京A12345", expected);
        assertThat(memory.getCopyOfBuffer()).isEqualTo(expected.getCopyOfBuffer());
    }

    @Test
    void describesItselfAsTheWrappedSerializerSoStateRestoresEitherWay() {
        TypeSerializer<Sighting> plain = serializer(TypeInformation.of(Sighting.class));
        TypeSerializer<Sighting> buffered = serializer(BufferedTypeInfo.of(Sighting.class));
        assertThat(buffered.snapshotConfiguration().getClass()).isEqualTo(plain.snapshotConfiguration().getClass());
        assertThat(buffered.snapshotConfiguration().resolveSchemaCompatibility(plain.snapshotConfiguration()).isCompatibleAsIs()).isTrue();
        assertThat(plain.snapshotConfiguration().resolveSchemaCompatibility(buffered.snapshotConfiguration()).isCompatibleAsIs()).isTrue();
    }

    @Test
    void duplicatesNeverShareTheirBuffer() {
        TypeSerializer<Sighting> buffered = serializer(BufferedTypeInfo.of(Sighting.class));
        TypeSerializer<Sighting> copy = buffered.duplicate();
        assertThat(copy).isNotSameAs(buffered).isEqualTo(buffered);
        assertThat(BufferedTypeInfo.of(BufferedTypeInfo.STRING)).isSameAs(BufferedTypeInfo.STRING);
        assertThat(BufferedTypeInfo.STRING.isKeyType()).isTrue();
    }
}
