package dev.vigil.model;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Set;

/**
 * An independent judge of camera-event payloads: strict Jackson for well-formedness, then a JSON
 * Schema 2020-12 validator (networknt, format assertion on, ECMA-262 anchoring of {@code $}) on the
 * schema the project ships.
 */
final class SchemaOracle {
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    enum Verdict { VALID, SCHEMA_VIOLATION, MALFORMED_JSON }

    private final JsonSchema schema;

    SchemaOracle(String resource) {
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
                .formatAssertionsEnabled(true)
                .regularExpressionFactory(new EcmaAnchoredRegularExpressionFactory())
                .build();
        try (InputStream in = SchemaOracle.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("schema resource missing: " + resource);
            }
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in, config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Verdict judge(byte[] payload) {
        JsonNode tree;
        try {
            tree = STRICT.readTree(payload);
        } catch (IOException e) {
            return Verdict.MALFORMED_JSON;
        }
        if (tree == null || tree.isMissingNode()) {
            return Verdict.MALFORMED_JSON;
        }
        return errors(tree).isEmpty() ? Verdict.VALID : Verdict.SCHEMA_VIOLATION;
    }

    Set<ValidationMessage> errors(JsonNode tree) {
        return schema.validate(tree);
    }
}
