package dev.vigil.pipeline.source;

import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** {@link Ingested}'s type for Flink, whose serializer is the {@link IngestedSerializer}. */
public final class IngestedTypeInfo extends TypeInformation<Ingested> {
    private static final long serialVersionUID = 1L;

    /** Named by {@code @TypeInfo} on {@link Ingested}, so every stream of it gets this type. */
    public static final class Factory extends TypeInfoFactory<Ingested> {
        @Override
        public TypeInformation<Ingested> createTypeInfo(Type type, Map<String, TypeInformation<?>> genericParameters) {
            return new IngestedTypeInfo();
        }
    }

    @Override
    public TypeSerializer<Ingested> createSerializer(SerializerConfig config) {
        return new IngestedSerializer();
    }

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<Ingested> getTypeClass() {
        return Ingested.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public String toString() {
        return "Ingested";
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof IngestedTypeInfo;
    }

    @Override
    public int hashCode() {
        return IngestedTypeInfo.class.hashCode();
    }

    @Override
    public boolean canEqual(Object obj) {
        return obj instanceof IngestedTypeInfo;
    }
}
