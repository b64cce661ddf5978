package dev.vigil.pipeline.state;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Another serializer's format, written to a stream in one call per value.
 *
 * <p>A heap-state snapshot writes every key, timer and value through a
 * {@code DataOutputViewStreamWrapper}, a {@link java.io.DataOutputStream}: Flink's serializers
 * write strings and many fields a byte at a time, and each of those bytes takes the stream's
 * monitor. Profiles of the job showed that as the largest cost of a checkpoint. This serializer
 * writes the value into its own memory buffer first and hands the stream the whole value at once.
 * Where the target already is a memory buffer (network buffers, RocksDB keys and values) it writes
 * straight through.
 *
 * <p>The bytes are exactly the wrapped serializer's, and so is the snapshot it describes itself
 * with, so state written with or without this wrapper restores either way.
 */
public final class BufferedSerializer<T> extends TypeSerializer<T> {
    private static final long serialVersionUID = 1L;
    /** A buffer that grew beyond this for one value is dropped after it, not kept. */
    private static final int KEPT_BUFFER_BYTES = 64 * 1024;

    private final TypeSerializer<T> inner;
    private transient DataOutputSerializer buffer;

    public BufferedSerializer(TypeSerializer<T> inner) {
        this.inner = inner;
    }

    /** The wrapped serializer. */
    public TypeSerializer<T> inner() {
        return inner;
    }

    @Override
    public void serialize(T record, DataOutputView target) throws IOException {
        if (target instanceof DataOutputSerializer) {
            inner.serialize(record, target);
            return;
        }
        DataOutputSerializer out = buffer;
        if (out == null) {
            out = new DataOutputSerializer(256);
            buffer = out;
        }
        out.clear();
        inner.serialize(record, out);
        target.write(out.getSharedBuffer(), 0, out.length());
        if (out.getSharedBuffer().length > KEPT_BUFFER_BYTES) {
            buffer = null;
        }
    }

    @Override
    public T deserialize(DataInputView source) throws IOException {
        return inner.deserialize(source);
    }

    @Override
    public T deserialize(T reuse, DataInputView source) throws IOException {
        return inner.deserialize(reuse, source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        inner.copy(source, target);
    }

    @Override
    public boolean isImmutableType() {
        return inner.isImmutableType();
    }

    /** Always a new instance: the buffer belongs to one thread. */
    @Override
    public TypeSerializer<T> duplicate() {
        return new BufferedSerializer<>(inner.duplicate());
    }

    @Override
    public T createInstance() {
        return inner.createInstance();
    }

    @Override
    public T copy(T from) {
        return inner.copy(from);
    }

    @Override
    public T copy(T from, T reuse) {
        return inner.copy(from, reuse);
    }

    @Override
    public int getLength() {
        return inner.getLength();
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof BufferedSerializer<?> other && inner.equals(other.inner);
    }

    @Override
    public int hashCode() {
        return 31 * inner.hashCode() + 7;
    }

    /** The wrapped serializer's snapshot: the format is its format. */
    @Override
    public TypeSerializerSnapshot<T> snapshotConfiguration() {
        return inner.snapshotConfiguration();
    }

    @Override
    public String toString() {
        return "Buffered(" + inner + ")";
    }
}
