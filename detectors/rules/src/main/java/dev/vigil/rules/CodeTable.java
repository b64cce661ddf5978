package dev.vigil.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.vigil.model.Rfc3339;
import dev.vigil.model.ViolationType;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The regional, versioned table of violation codes, descriptions, fines and points. Configuration,
 * not code: the default ships as {@code code-table.yaml}; a region ships its own file. The version
 * applied to an observation is the latest whose {@code effectiveFrom} is not after its event time
 * (the earliest version for events before every version).
 */
public final class CodeTable implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String region;
    private final List<CodeTableVersion> versions;

    public CodeTable(String region, List<CodeTableVersion> versions) {
        if (versions.isEmpty()) {
            throw new IllegalArgumentException("a code table needs at least one version");
        }
        this.region = region;
        List<CodeTableVersion> sorted = new ArrayList<>(versions);
        sorted.sort(Comparator.comparing(CodeTableVersion::effectiveFrom));
        this.versions = List.copyOf(sorted);
    }

    /** The table shipped with Vigil. */
    public static CodeTable defaults() {
        try (InputStream in = CodeTable.class.getResourceAsStream("code-table.yaml")) {
            if (in == null) {
                throw new IllegalStateException("code-table.yaml missing from the classpath");
            }
            return parse(in.readAllBytes(), "code-table.yaml (default)");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a table from a YAML file. */
    public static CodeTable load(Path file) throws IOException {
        return parse(Files.readAllBytes(file), file.toString());
    }

    static CodeTable parse(byte[] yaml, String source) throws IOException {
        JsonNode root = new YAMLMapper().readTree(yaml);
        List<CodeTableVersion> versions = new ArrayList<>();
        for (JsonNode v : root.path("versions")) {
            String name = v.path("version").asText(null);
            Instant from = Rfc3339.parse(v.path("effectiveFrom").asText(""));
            if (name == null || from == null) {
                throw new IllegalArgumentException(source + ": every version needs a version name and an RFC 3339 effectiveFrom");
            }
            List<CodeEntry> entries = new ArrayList<>();
            for (JsonNode e : v.path("entries")) {
                entries.add(new CodeEntry(
                        ViolationType.valueOf(e.path("type").asText()),
                        text(e, "code"),
                        text(e, "description"),
                        integer(e, "fineYuan"),
                        integer(e, "points"),
                        integer(e, "minOverPercent")));
            }
            versions.add(new CodeTableVersion(name, from, entries));
        }
        return new CodeTable(root.path("region").asText("unknown"), versions);
    }

    public String region() {
        return region;
    }

    /** The version in force at {@code eventTime}. */
    public CodeTableVersion at(Instant eventTime) {
        CodeTableVersion chosen = versions.get(0);
        for (CodeTableVersion version : versions) {
            if (!version.effectiveFrom().isAfter(eventTime)) {
                chosen = version;
            }
        }
        return chosen;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Integer integer(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asInt();
    }
}
