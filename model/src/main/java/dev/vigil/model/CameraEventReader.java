package dev.vigil.model;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Reads canonical camera events strictly, in one streaming pass without an intermediate tree.
 *
 * <p>Accepts exactly what {@code schema/camera-event.schema.json} accepts under JSON Schema
 * 2020-12 with format assertion and ECMA-262 patterns: string lengths count code points, {@code
 * 1.0} is an integer and {@code 1.5} is not, numeric bounds compare exactly (not in binary
 * floating point), a trailing newline never matches a pattern's {@code $}, an explicit null is
 * refused where the schema has no null. Duplicate keys, trailing content and invalid UTF-8 are
 * {@code MALFORMED_JSON}, which outranks a schema violation anywhere in the same record. The
 * schema's defaults ({@code subject}) are filled in here.
 *
 * <p>Never throws for bad input: every refusal is a {@link ReadResult} naming the reason code and,
 * for schema violations, the JSON Pointer of the first offending field. Thread-safe.
 */
public final class CameraEventReader {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private static final BigDecimal SPEED_MAX = BigDecimal.valueOf(400);
    private static final int MAX_IMAGES = 16;

    private static final Map<String, EventKind> KINDS = lookup(EventKind.values());
    private static final Map<String, Subject> SUBJECTS = lookup(Subject.values());
    private static final Map<String, PlateColor> COLORS = lookup(PlateColor.values());
    private static final Map<String, VehicleClass> CLASSES = lookup(VehicleClass.values());
    private static final Map<String, Direction> DIRECTIONS = lookup(Direction.values());
    private static final Map<String, Movement> MOVEMENTS = lookup(Movement.values());
    private static final Map<String, Signal> SIGNALS = lookup(Signal.values());

    /** Reads one event from its UTF-8 JSON bytes. */
    public ReadResult read(byte[] json) {
        return read(json, 0, json.length);
    }

    /** Reads one event from {@code length} UTF-8 JSON bytes of {@code json} at {@code offset}. */
    public ReadResult read(byte[] json, int offset, int length) {
        Draft draft = new Draft();
        try (JsonParser parser = FACTORY.createParser(json, offset, length)) {
            JsonToken root = parser.nextToken();
            if (root == null) {
                return ReadResult.malformed("no JSON value");
            }
            if (root == JsonToken.START_OBJECT) {
                readEvent(parser, draft);
            } else {
                draft.violate("", "the event must be a JSON object");
                skipValue(parser);
            }
            if (parser.nextToken() != null) {
                return ReadResult.malformed("trailing content after the event at "
                        + parser.currentLocation().offsetDescription());
            }
        } catch (StreamReadException e) {
            return ReadResult.malformed(e.getOriginalMessage());
        } catch (IOException | RuntimeException e) {
            // Jackson reports number overflow and constraint breaches this way too: still unparseable input
            return ReadResult.malformed(String.valueOf(e.getMessage()));
        }
        return draft.finish();
    }

    private static void readEvent(JsonParser p, Draft d) throws IOException {
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken t = p.nextToken();
            switch (name) {
                case "eventId" -> d.eventId = string(p, t, d, "/eventId", 1, 128, false);
                case "vendor" -> d.vendor = vendor(p, t, d);
                case "deviceId" -> d.deviceId = string(p, t, d, "/deviceId", 1, 64, false);
                case "kind" -> {
                    d.kindSeen = true;
                    d.kind = enumValue(p, t, d, "/kind", KINDS, false);
                }
                case "eventTime" -> d.eventTime = dateTime(p, t, d, "/eventTime", false);
                case "subject" -> d.subject = enumValue(p, t, d, "/subject", SUBJECTS, false);
                case "plate" -> d.plate = plate(p, t, d);
                case "vehicleClass" -> d.vehicleClass = enumValue(p, t, d, "/vehicleClass", CLASSES, true);
                case "lane" -> {
                    Long lane = integer(p, t, d, "/lane", 1, 16L, true);
                    d.lane = lane == null ? null : lane.intValue();
                }
                case "direction" -> d.direction = enumValue(p, t, d, "/direction", DIRECTIONS, true);
                case "movement" -> d.movement = enumValue(p, t, d, "/movement", MOVEMENTS, true);
                case "speedKmh" -> d.speedKmh = number(p, t, d, "/speedKmh", BigDecimal.ZERO, SPEED_MAX);
                case "signal" -> d.signal = enumValue(p, t, d, "/signal", SIGNALS, true);
                case "violationCode" -> {
                    d.violationCodeSeen = true;
                    d.violationCode = string(p, t, d, "/violationCode", 0, 16, true);
                }
                case "zoneId" -> {
                    d.zoneIdSeen = true;
                    d.zoneId = string(p, t, d, "/zoneId", 0, 64, true);
                }
                case "images" -> d.images = images(p, t, d);
                default -> {
                    d.violate(pointer("", name), "unknown property");
                    skipValue(p);
                }
            }
        }
    }

    @Nullable
    private static Plate plate(JsonParser p, JsonToken t, Draft d) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.START_OBJECT) {
            d.violate("/plate", "must be an object or null");
            skipValue(p);
            return null;
        }
        String number = null;
        PlateColor color = null;
        Double confidence = null;
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken v = p.nextToken();
            switch (name) {
                case "number" -> number = string(p, v, d, "/plate/number", 0, 16, true);
                case "color" -> color = enumValue(p, v, d, "/plate/color", COLORS, true);
                case "confidence" -> confidence = number(p, v, d, "/plate/confidence", BigDecimal.ZERO, BigDecimal.ONE);
                default -> {
                    d.violate(pointer("/plate", name), "unknown property");
                    skipValue(p);
                }
            }
        }
        return new Plate(number, color, confidence);
    }

    @Nullable
    private static List<Image> images(JsonParser p, JsonToken t, Draft d) throws IOException {
        if (t != JsonToken.START_ARRAY) {
            d.violate("/images", "must be an array");
            skipValue(p);
            return null;
        }
        List<Image> images = new ArrayList<>(4);
        int index = 0;
        JsonToken item;
        while ((item = p.nextToken()) != JsonToken.END_ARRAY) {
            if (index == MAX_IMAGES) {
                d.violate("/images", "at most " + MAX_IMAGES + " images");
            }
            Image image = image(p, item, d, index < MAX_IMAGES ? IMAGE_POINTERS[index] : ImagePointers.of(index));
            if (image != null) {
                images.add(image);
            }
            index++;
        }
        return images;
    }

    @Nullable
    private static Image image(JsonParser p, JsonToken t, Draft d, ImagePointers at) throws IOException {
        if (t != JsonToken.START_OBJECT) {
            d.violate(at.image(), "must be an object");
            skipValue(p);
            return null;
        }
        String role = null;
        String uri = null;
        boolean uriSeen = false;
        String sha256 = null;
        Long width = null;
        Long height = null;
        Instant shotTime = null;
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken v = p.nextToken();
            switch (name) {
                case "role" -> role = string(p, v, d, at.role(), 0, 32, true);
                case "uri" -> {
                    uriSeen = true;
                    uri = string(p, v, d, at.uri(), 0, 1024, false);
                }
                case "sha256" -> sha256 = sha256(p, v, d, at.sha256());
                case "width" -> width = integer(p, v, d, at.width(), 1, null, true);
                case "height" -> height = integer(p, v, d, at.height(), 1, null, true);
                case "shotTime" -> shotTime = dateTime(p, v, d, at.shotTime(), true);
                default -> {
                    d.violate(pointer(at.image(), name), "unknown property");
                    skipValue(p);
                }
            }
        }
        if (!uriSeen) {
            d.violate(at.uri(), "required");
        }
        return uri == null ? null : new Image(role, uri, sha256, saturate(width), saturate(height), shotTime);
    }

    /** The JSON Pointers of an image and its fields, made once per index, so a valid event builds none. */
    private record ImagePointers(String image, String role, String uri, String sha256, String width, String height, String shotTime) {
        static ImagePointers of(int index) {
            String at = "/images/" + index;
            return new ImagePointers(at, at + "/role", at + "/uri", at + "/sha256", at + "/width", at + "/height", at + "/shotTime");
        }
    }

    private static final ImagePointers[] IMAGE_POINTERS =
            IntStream.range(0, MAX_IMAGES).mapToObj(ImagePointers::of).toArray(ImagePointers[]::new);

    // --- scalar checks -------------------------------------------------------------------------

    @Nullable
    private static String string(JsonParser p, JsonToken t, Draft d, String at, int min, int max, boolean nullable)
            throws IOException {
        if (t == JsonToken.VALUE_STRING) {
            String value = p.getText();
            int length = value.codePointCount(0, value.length());
            if (length < min || length > max) {
                d.violate(at, "length must be " + min + ".." + max + " characters, was " + length);
                return null;
            }
            return value;
        }
        if (!(nullable && t == JsonToken.VALUE_NULL)) {
            d.violate(at, nullable ? "must be a string or null" : "must be a string");
        }
        skipValue(p);
        return null;
    }

    /** {@code ^[a-z0-9_-]{1,32}$}; as in ECMA-262, {@code $} does not match before a final newline. */
    @Nullable
    private static String vendor(JsonParser p, JsonToken t, Draft d) throws IOException {
        String value = string(p, t, d, "/vendor", 1, 32, false);
        if (value == null) {
            return null;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) {
                d.violate("/vendor", "must match ^[a-z0-9_-]{1,32}$");
                return null;
            }
        }
        return value;
    }

    @Nullable
    private static String sha256(JsonParser p, JsonToken t, Draft d, String at) throws IOException {
        String value = string(p, t, d, at, 0, Integer.MAX_VALUE, true);
        if (value == null) {
            return null;
        }
        boolean ok = value.length() == 64;
        for (int i = 0; ok && i < 64; i++) {
            char c = value.charAt(i);
            ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
        }
        if (!ok) {
            d.violate(at, "must be 64 lowercase hex digits");
            return null;
        }
        return value;
    }

    @Nullable
    private static Instant dateTime(JsonParser p, JsonToken t, Draft d, String at, boolean nullable)
            throws IOException {
        String value = string(p, t, d, at, 0, Integer.MAX_VALUE, nullable);
        if (value == null) {
            return null;
        }
        Instant instant = Rfc3339.parse(value);
        if (instant == null) {
            d.violate(at, "must be an RFC 3339 date-time with offset, such as 2026-11-23T10:15:00+08:00");
        }
        return instant;
    }

    @Nullable
    private static <E extends Enum<E>> E enumValue(
            JsonParser p, JsonToken t, Draft d, String at, Map<String, E> values, boolean nullable)
            throws IOException {
        if (t == JsonToken.VALUE_STRING) {
            E value = values.get(p.getText());
            if (value == null) {
                d.violate(at, "must be one of " + values.keySet());
            }
            return value;
        }
        if (!(nullable && t == JsonToken.VALUE_NULL)) {
            d.violate(at, "must be one of " + values.keySet() + (nullable ? " or null" : ""));
        }
        skipValue(p);
        return null;
    }

    /** A JSON Schema integer (any number with no fractional part) in [min, max]; null if absent or bad. */
    @Nullable
    private static Long integer(JsonParser p, JsonToken t, Draft d, String at, long min, @Nullable Long max,
            boolean nullable) throws IOException {
        if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
            BigDecimal value;
            if (t == JsonToken.VALUE_NUMBER_INT) {
                value = p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        ? new BigDecimal(p.getBigIntegerValue())
                        : BigDecimal.valueOf(p.getLongValue());
            } else {
                value = p.getDecimalValue();
                if (value.signum() != 0 && value.stripTrailingZeros().scale() > 0) {
                    d.violate(at, "must be an integer");
                    return null;
                }
            }
            if (value.compareTo(BigDecimal.valueOf(min)) < 0 || (max != null && value.compareTo(BigDecimal.valueOf(max)) > 0)) {
                d.violate(at, "must be in " + min + ".." + (max == null ? "" : max));
                return null;
            }
            return value.compareTo(LONG_MAX) > 0 ? Long.MAX_VALUE : value.longValue();
        }
        if (!(nullable && t == JsonToken.VALUE_NULL)) {
            d.violate(at, nullable ? "must be an integer or null" : "must be an integer");
        }
        skipValue(p);
        return null;
    }

    private static final BigDecimal LONG_MAX = new BigDecimal(BigInteger.valueOf(Long.MAX_VALUE));

    /** A number or null in [min, max], compared exactly; null if absent or bad. */
    @Nullable
    private static Double number(JsonParser p, JsonToken t, Draft d, String at, BigDecimal min, BigDecimal max)
            throws IOException {
        if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
            double value = p.getDoubleValue();
            // rounding to double is monotonic and both bounds are exact doubles, so only a value
            // that rounds onto a bound needs the exact decimal comparison
            boolean inRange = value > min.doubleValue() && value < max.doubleValue();
            if (!inRange && (value == min.doubleValue() || value == max.doubleValue())) {
                BigDecimal exact = t == JsonToken.VALUE_NUMBER_INT
                        ? new BigDecimal(p.getBigIntegerValue())
                        : p.getDecimalValue();
                inRange = exact.compareTo(min) >= 0 && exact.compareTo(max) <= 0;
            }
            if (!inRange) {
                d.violate(at, "must be in " + min.toPlainString() + ".." + max.toPlainString());
                return null;
            }
            return value;
        }
        if (t != JsonToken.VALUE_NULL) {
            d.violate(at, "must be a number or null");
        }
        skipValue(p);
        return null;
    }

    @Nullable
    private static Integer saturate(@Nullable Long value) {
        // the schema bounds image sizes only from below; a size past 2^31 - 1 pixels is kept as the maximum
        return value == null ? null : (int) Math.min(value, Integer.MAX_VALUE);
    }

    /** Skips the current value, decoding every string in it so invalid UTF-8 is caught as it would be in a tree. */
    private static void skipValue(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_STRING) {
            p.getText();
            return;
        }
        if (t != JsonToken.START_OBJECT && t != JsonToken.START_ARRAY) {
            return;
        }
        int depth = 1;
        while (depth > 0) {
            JsonToken next = p.nextToken();
            if (next == null) {
                return;
            }
            switch (next) {
                case START_OBJECT, START_ARRAY -> depth++;
                case END_OBJECT, END_ARRAY -> depth--;
                case VALUE_STRING -> p.getText();
                default -> { }
            }
        }
    }

    /** {@code parent} + "/" + {@code name} as a JSON Pointer (RFC 6901 escaping). */
    static String pointer(String parent, String name) {
        if (name.indexOf('~') < 0 && name.indexOf('/') < 0) {
            return parent + '/' + name;
        }
        return parent + '/' + name.replace("~", "~0").replace("/", "~1");
    }

    private static <E extends Enum<E>> Map<String, E> lookup(E[] values) {
        Map<String, E> map = new HashMap<>();
        for (E value : values) {
            map.put(value.name(), value);
        }
        return Map.copyOf(map);
    }

    /** What one read has found so far; the first schema violation wins. */
    private static final class Draft {
        String eventId;
        String vendor;
        String deviceId;
        EventKind kind;
        boolean kindSeen;
        Instant eventTime;
        Subject subject;
        Plate plate;
        VehicleClass vehicleClass;
        Integer lane;
        Direction direction;
        Movement movement;
        Double speedKmh;
        Signal signal;
        String violationCode;
        boolean violationCodeSeen;
        String zoneId;
        boolean zoneIdSeen;
        List<Image> images;
        String violationField;
        String violationDetail;

        void violate(String field, String detail) {
            if (violationField == null) {
                violationField = field;
                violationDetail = detail;
            }
        }

        ReadResult finish() {
            if (violationField == null) {
                requirePresent(eventId, "/eventId");
                requirePresent(vendor, "/vendor");
                requirePresent(deviceId, "/deviceId");
                requirePresent(kindSeen ? "" : null, "/kind");
                requirePresent(eventTime, "/eventTime");
                if (kind == EventKind.VIOLATION && !violationCodeSeen) {
                    violate("/violationCode", "required when kind is VIOLATION");
                }
                if (kind == EventKind.PARKING && !zoneIdSeen) {
                    violate("/zoneId", "required when kind is PARKING");
                }
            }
            if (violationField != null) {
                return ReadResult.schemaViolation(violationField, violationDetail);
            }
            return ReadResult.accepted(new CameraEvent(eventId, vendor, deviceId, kind, eventTime, subject, plate,
                    vehicleClass, lane, direction, movement, speedKmh, signal, violationCode, zoneId,
                    images == null ? List.of() : images));
        }

        private void requirePresent(Object value, String field) {
            if (value == null) {
                violate(field, "required");
            }
        }
    }
}
