package dev.vigil.pipeline.state;

import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * A type whose serializer is a {@link BufferedSerializer}: for keyed-state values and for the keys
 * of {@code keyBy}, which heap snapshots and timers write.
 */
public final class BufferedTypeInfo<T> extends TypeInformation<T> {
    private static final long serialVersionUID = 1L;

    /** String keys. */
    public static final TypeInformation<String> STRING = of(Types.STRING);

    private final TypeInformation<T> inner;

    private BufferedTypeInfo(TypeInformation<T> inner) {
        this.inner = inner;
    }

    public static <T> TypeInformation<T> of(TypeInformation<T> inner) {
        return inner instanceof BufferedTypeInfo<T> ? inner : new BufferedTypeInfo<>(inner);
    }

    public static <T> TypeInformation<T> of(Class<T> type) {
        return of(TypeInformation.of(type));
    }

    @Override
    public TypeSerializer<T> createSerializer(SerializerConfig config) {
        return new BufferedSerializer<>(inner.createSerializer(config));
    }

    @Override
    public boolean isBasicType() {
        return inner.isBasicType();
    }

    @Override
    public boolean isTupleType() {
        return inner.isTupleType();
    }

    @Override
    public int getArity() {
        return inner.getArity();
    }

    @Override
    public int getTotalFields() {
        return inner.getTotalFields();
    }

    @Override
    public Class<T> getTypeClass() {
        return inner.getTypeClass();
    }

    @Override
    public Map<String, TypeInformation<?>> getGenericParameters() {
        return inner.getGenericParameters();
    }

    @Override
    public boolean isKeyType() {
        return inner.isKeyType();
    }

    @Override
    public boolean isSortKeyType() {
        return inner.isSortKeyType();
    }

    @Override
    public String toString() {
        return "Buffered(" + inner + ")";
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof BufferedTypeInfo<?> other && inner.equals(other.inner);
    }

    @Override
    public int hashCode() {
        return 31 * inner.hashCode() + 7;
    }

    @Override
    public boolean canEqual(Object obj) {
        return obj instanceof BufferedTypeInfo;
    }
}
