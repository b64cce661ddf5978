package dev.vigil.gateway;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a request body into the events it carries, without decoding them: one JSON object, a JSON
 * array of them, or NDJSON (one per line: a body of several lines that is not one JSON value and
 * has at least one line holding a whole object; a broken line then spoils only itself). Each part keeps its exact bytes, so what reaches Kafka
 * or a dead letter is what the vendor sent. Nesting depth and string length are bounded while
 * splitting; a part that breaks a bound, or is not JSON, is a broken part with the reason.
 */
final class BodySplitter {
    /** One part: its bytes, or why it could not be taken apart. */
    record Part(byte[] body, int offset, int length, String broken) {
        byte[] bytes() {
            return java.util.Arrays.copyOfRange(body, offset, offset + length);
        }
    }

    private final JsonFactory factory;
    private final int maxStringLength;
    /** Recognises the shape of a body without the bounds, so that one over-deep line does not hide NDJSON. */
    private final JsonFactory shapes = new JsonFactory();

    BodySplitter(int maxDepth, int maxStringLength) {
        this.maxStringLength = maxStringLength;
        this.factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(maxDepth)
                        .maxStringLength(maxStringLength)
                        .build())
                .build();
    }

    List<Part> split(byte[] body) {
        int start = skipWhitespace(body, 0);
        if (start == body.length) {
            return List.of(new Part(body, 0, body.length, "empty body"));
        }
        if (body[start] == '[') {
            return array(body);
        }
        List<int[]> lines = lines(body);
        if (lines.size() > 1 && !isOneValue(body, 0, body.length) && anyLineIsAnObject(body, lines)) {
            List<Part> parts = new ArrayList<>(lines.size());
            for (int[] line : lines) {
                parts.add(part(body, line[0], line[1]));
            }
            return parts;
        }
        return List.of(part(body, 0, body.length));
    }

    private List<Part> array(byte[] body) {
        List<Part> parts = new ArrayList<>();
        try (JsonParser parser = factory.createParser(body)) {
            parser.nextToken();
            JsonToken token;
            while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
                if (token == null) {
                    return List.of(new Part(body, 0, body.length, "the array is not closed"));
                }
                int from = (int) parser.currentTokenLocation().getByteOffset();
                parser.skipChildren();
                parser.finishToken(); // a string's end is only known once it is read
                int to = (int) parser.currentLocation().getByteOffset();
                while (to > from && isSeparator(body[to - 1])) {
                    to--; // a number is only known to end at the next separator
                }
                parts.add(new Part(body, from, to - from, null));
            }
            if (parser.nextToken() != null) {
                return List.of(new Part(body, 0, body.length, "content after the array"));
            }
        } catch (IOException e) {
            return List.of(new Part(body, 0, body.length, brief(e)));
        }
        return parts;
    }

    /** A part, checked against the bounds (the strict event reader decides the rest). */
    private Part part(byte[] body, int from, int length) {
        try (JsonParser parser = factory.createParser(body, from, length)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                // walking the tokens applies the depth bound; strings are measured here
                if ((token == JsonToken.VALUE_STRING || token == JsonToken.FIELD_NAME) && parser.getTextLength() > maxStringLength) {
                    return new Part(body, from, length, "a string longer than " + maxStringLength + " characters at "
                            + parser.currentTokenLocation().offsetDescription());
                }
            }
            return new Part(body, from, length, null);
        } catch (IOException e) {
            return new Part(body, from, length, brief(e));
        }
    }

    /** NDJSON has whole objects on lines; a pretty-printed object (broken or not) has none. */
    private boolean anyLineIsAnObject(byte[] body, List<int[]> lines) {
        for (int[] line : lines) {
            int first = skipWhitespace(body, line[0]);
            if (first < line[0] + line[1] && body[first] == '{' && isOneValue(body, line[0], line[1])) {
                return true;
            }
        }
        return false;
    }

    private boolean isOneValue(byte[] body, int from, int length) {
        try (JsonParser parser = shapes.createParser(body, from, length)) {
            if (parser.nextToken() == null) {
                return false;
            }
            parser.skipChildren();
            return parser.nextToken() == null;
        } catch (IOException e) {
            return false;
        }
    }

    /** Non-blank lines as {offset, length}. */
    private static List<int[]> lines(byte[] body) {
        List<int[]> lines = new ArrayList<>();
        int from = 0;
        for (int i = 0; i <= body.length; i++) {
            if (i == body.length || body[i] == '\n') {
                int end = i > from && body[i - 1] == '\r' ? i - 1 : i;
                if (skipWhitespace(body, from) < end) {
                    lines.add(new int[] {from, end - from});
                }
                from = i + 1;
            }
        }
        return lines;
    }

    private static boolean isSeparator(byte b) {
        return b == ',' || b == ']' || b == ' ' || b == '\t' || b == '\r' || b == '\n';
    }

    private static int skipWhitespace(byte[] body, int from) {
        int i = from;
        while (i < body.length && (body[i] == ' ' || body[i] == '\t' || body[i] == '\r' || body[i] == '\n')) {
            i++;
        }
        return i;
    }

    private static String brief(IOException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        int newline = message.indexOf('\n');
        return newline > 0 ? message.substring(0, newline) : message;
    }
}
