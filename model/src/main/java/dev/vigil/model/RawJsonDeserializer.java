package dev.vigil.model;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/**
 * Reads a free-form JSON value (a violation's {@code decision}, an alert's {@code details}) into its
 * compact JSON text, so records hold it as a String: Flink serializes that as a POJO field instead
 * of falling back to Kryo for an untyped map.
 */
public final class RawJsonDeserializer extends JsonDeserializer<String> {
    @Override
    public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        JsonNode node = context.readTree(parser);
        return node == null || node.isNull() ? null : node.toString();
    }

    @Override
    public String getNullValue(DeserializationContext context) {
        return null;
    }
}
