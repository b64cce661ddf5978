package dev.vigil.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How request bodies are taken apart: shapes, exact bytes, broken parts, bounds. */
class BodySplitterTest {
    private final BodySplitter splitter = new BodySplitter(4, 20);

    private List<String> parts(String body) {
        return splitter.split(body.getBytes(StandardCharsets.UTF_8)).stream()
                .map(p -> (p.broken() == null ? "" : "BROKEN ") + new String(p.bytes(), StandardCharsets.UTF_8))
                .toList();
    }

    @Test
    void aSingleObjectPrettyPrintedOrNotIsOnePart() {
        assertThat(parts("{\"a\":1}")).containsExactly("{\"a\":1}");
        assertThat(parts("{\n  \"a\": 1,\n  \"b\": [1,\n 2]\n}\n")).containsExactly("{\n  \"a\": 1,\n  \"b\": [1,\n 2]\n}\n");
    }

    @Test
    void anArrayIsSplitIntoItsElementsKeepingTheirBytes() {
        assertThat(parts("[ {\"a\": 1} ,{\"b\":\"x\"}, 42 , \"s\"]")).containsExactly("{\"a\": 1}", "{\"b\":\"x\"}", "42", "\"s\"");
        assertThat(parts("[{\"a\":1}, {\"b\":")).containsExactly("BROKEN [{\"a\":1}, {\"b\":");
        assertThat(parts("[{\"a\":1}] {}")).containsExactly("BROKEN [{\"a\":1}] {}");
    }

    @Test
    void ndjsonLinesArePartsAndABrokenLineSpoilsOnlyItself() {
        assertThat(parts("{\"a\":1}\n\n{\"b\":2}\r\n")).containsExactly("{\"a\":1}", "{\"b\":2}");
        assertThat(parts("{\"a\":\n{\"b\":2}\n{\"c\":3}")).containsExactly("BROKEN {\"a\":", "{\"b\":2}", "{\"c\":3}");
    }

    @Test
    void aBrokenPrettyPrintedObjectIsOneBrokenPart() {
        assertThat(parts("{\n  \"a\": 1,\n  \"b\": \n")).containsExactly("BROKEN {\n  \"a\": 1,\n  \"b\": \n");
    }

    @Test
    void depthAndStringLengthAreBounded() {
        assertThat(parts("{\"a\":[[[[1]]]]}\n{\"b\":\"" + "x".repeat(21) + "\"}\n{\"c\":[[1]]}"))
                .satisfies(p -> assertThat(p.get(0)).startsWith("BROKEN"))
                .satisfies(p -> assertThat(p.get(1)).startsWith("BROKEN"))
                .satisfies(p -> assertThat(p.get(2)).isEqualTo("{\"c\":[[1]]}"));
    }
}
