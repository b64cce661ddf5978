package dev.vigil.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * A seeded generator of camera-event payloads: valid ones with a random selection of optional
 * fields, and mutations of them aimed at every rule of the schema and at JSON well-formedness,
 * on both sides of each boundary.
 */
final class CameraEventCorpus {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final String[] VENDORS = {"hikvision", "dahua", "uniview", "vendor_7", "a-b", "x"};
    private static final String[] PLATES = {"京A12345", "苏E·D8888", "沪C 1234学", "粤B12345警", "无牌", "未识别", "", "皖AD12345"};
    private static final String[] KINDS = {"PASS", "VIOLATION", "PARKING"};
    private static final String[] SUBJECTS = {"MOTOR_VEHICLE", "NON_MOTOR_VEHICLE", "PEDESTRIAN"};
    private static final String[] COLORS = {"BLUE", "YELLOW", "GREEN", "WHITE", "BLACK", "OTHER"};
    private static final String[] CLASSES = {"CAR", "BUS", "TRUCK", "MOTORCYCLE", "SPECIAL", "OTHER"};
    private static final String[] DIRECTIONS = {"N", "E", "S", "W"};
    private static final String[] MOVEMENTS = {"STRAIGHT", "LEFT", "RIGHT", "U_TURN"};
    private static final String[] SIGNALS = {"RED", "YELLOW", "GREEN", "OFF"};
    private static final String[] GOOD_TIMES = {
        "2026-11-23T10:15:00+08:00", "2026-11-23T02:15:00Z", "2024-02-29T23:59:59.999Z",
        "2026-01-01T00:00:00.123456789-05:30", "2026-06-30T12:00:00+18:00", "2026-06-30T12:00:00+00:00",
        "0001-01-01T00:00:00Z", "2026-12-31T23:59:59.5+17:59", "2000-02-29T00:00:00+00:00"};
    private static final String[] BAD_TIMES = {
        "2026-11-23T10:15:00", "2026-11-23t10:15:00Z", "2026-11-23T10:15:00z", "2026-02-29T00:00:00Z",
        "2026-13-01T00:00:00Z", "2026-04-31T00:00:00Z", "2026-11-23T24:00:00Z", "2026-11-23T10:60:00Z",
        "2026-11-23T10:15:60Z", "2026-11-23T10:15:00+19:00", "2026-11-23T10:15:00+18:01",
        "2026-11-23T10:15:00.1234567891Z", "2026-11-23T10:15:00.Z", "2026-11-23 10:15:00Z",
        "2026-11-23T10:15:00Z\n", "2026-11-23T10:15:00+0800", "26-11-23T10:15:00Z", "1900-02-29T00:00:00Z",
        "2026-11-23T10:15Z", "", "2026-06-30T12:00:00-00:00", "2026-00-10T10:15:00Z", "2026-11-00T10:15:00Z"};

    private final Random random;

    CameraEventCorpus(long seed) {
        this.random = new Random(seed);
    }

    /** A schema-valid event with a random selection of optional fields. */
    ObjectNode validEvent() {
        ObjectNode e = F.objectNode();
        e.put("eventId", "evt-" + random.nextInt(1_000_000));
        e.put("vendor", pick(VENDORS));
        e.put("deviceId", "EP-" + random.nextInt(100));
        String kind = pick(KINDS);
        e.put("kind", kind);
        e.put("eventTime", pick(GOOD_TIMES));
        if (kind.equals("VIOLATION") || chance(0.1)) {
            if (chance(0.2)) {
                e.putNull("violationCode");
            } else {
                e.put("violationCode", pick(new String[] {"1625", "1208", "1301", "1344", "1039", "1357", "SPEED-20"}));
            }
        }
        if (kind.equals("PARKING") || chance(0.1)) {
            if (chance(0.2)) {
                e.putNull("zoneId");
            } else {
                e.put("zoneId", "Z-" + random.nextInt(20));
            }
        }
        if (chance(0.5)) {
            e.put("subject", pick(SUBJECTS));
        }
        if (chance(0.8)) {
            if (chance(0.1)) {
                e.putNull("plate");
            } else {
                ObjectNode plate = e.putObject("plate");
                if (chance(0.9)) {
                    maybeNull(plate, "number", F.textNode(pick(PLATES)));
                }
                if (chance(0.7)) {
                    maybeNull(plate, "color", F.textNode(pick(COLORS)));
                }
                if (chance(0.7)) {
                    maybeNull(plate, "confidence", F.numberNode(random.nextInt(101) / 100.0));
                }
            }
        }
        optionalEnum(e, "vehicleClass", CLASSES);
        if (chance(0.5)) {
            maybeNull(e, "lane", F.numberNode(1 + random.nextInt(16)));
        }
        optionalEnum(e, "direction", DIRECTIONS);
        optionalEnum(e, "movement", MOVEMENTS);
        optionalEnum(e, "signal", SIGNALS);
        if (chance(0.5)) {
            maybeNull(e, "speedKmh", F.numberNode(random.nextInt(4001) / 10.0));
        }
        if (chance(0.7)) {
            ArrayNode images = e.putArray("images");
            int count = random.nextInt(5);
            for (int i = 0; i < count; i++) {
                images.add(validImage());
            }
        }
        return e;
    }

    private ObjectNode validImage() {
        ObjectNode image = F.objectNode();
        image.put("uri", "https://evidence.example/" + random.nextInt(10_000) + ".jpg");
        if (chance(0.7)) {
            maybeNull(image, "role", F.textNode(pick(new String[] {"BEFORE_LINE", "AFTER_LINE", "IN_JUNCTION", "PANORAMA", "PLATE", "COMPOSITE"})));
        }
        if (chance(0.6)) {
            maybeNull(image, "sha256", F.textNode(hex(64)));
        }
        if (chance(0.6)) {
            maybeNull(image, "width", F.numberNode(1 + random.nextInt(4000)));
            maybeNull(image, "height", F.numberNode(1 + random.nextInt(3000)));
        }
        if (chance(0.4)) {
            maybeNull(image, "shotTime", F.textNode(pick(GOOD_TIMES)));
        }
        return image;
    }

    /** One payload: a valid event, a tree mutation of one, or a textual mutation of one. */
    byte[] next() {
        ObjectNode e = validEvent();
        int what = random.nextInt(10);
        if (what < 3) {
            return bytes(e.toString());
        }
        if (what < 8) {
            mutateTree(e);
            return bytes(e.toString());
        }
        return mutateText(e.toString());
    }

    /** One change of a valid tree at a schema boundary; many land on the invalid side, some stay valid. */
    void mutateTree(ObjectNode e) {
        switch (random.nextInt(22)) {
            case 0 -> e.remove(pick(new String[] {"eventId", "vendor", "deviceId", "kind", "eventTime"}));
            case 1 -> e.set(pick(new String[] {"eventId", "vendor", "deviceId", "kind", "eventTime", "subject", "images"}), wrongValue());
            case 2 -> e.set(pick(new String[] {"plate", "vehicleClass", "lane", "direction", "movement", "speedKmh", "signal", "violationCode", "zoneId"}), wrongValue());
            case 3 -> e.put(pick(new String[] {"extra", "Kind", "plateNumber", "a/b", "t~1"}), 1);
            case 4 -> e.put(pick(new String[] {"kind", "subject", "vehicleClass", "direction", "movement", "signal"}),
                    pick(new String[] {"pass", "FOO", "n", "U-TURN", "MOTOR_VEHICLE ", ""}));
            case 5 -> e.put("eventTime", chance(0.5) ? pick(BAD_TIMES) : pick(GOOD_TIMES));
            case 6 -> e.put("vendor", pick(new String[] {"Hik", "hik\n", "a".repeat(32), "a".repeat(33), "", "hik vision", "海康", "x_y-z"}));
            case 7 -> e.put("eventId", codePoints(chance(0.5) ? 128 : 129));
            case 8 -> e.put("deviceId", pick(new String[] {codePoints(64), codePoints(65), "", "EP\n"}));
            case 9 -> e.set("lane", number(new String[] {"1.0", "1.5", "0", "16", "17", "16.0", "1e1", "-1", "2E0", "1e400", "1.0000000000000001"}));
            case 10 -> e.set("speedKmh", number(new String[] {"400", "400.0000000000000001", "0", "-0.0", "1e2", "-1e-300", "4e2", "400.0", "401"}));
            case 11 -> {
                ObjectNode plate = e.putObject("plate");
                switch (random.nextInt(5)) {
                    case 0 -> plate.set("confidence", number(new String[] {"1", "1.0000000000000001", "0.8", "-1e-300", "0", "1e0", "2"}));
                    case 1 -> plate.put("number", chance(0.5) ? "京" + "A".repeat(15) : "京" + "A".repeat(16));
                    case 2 -> plate.put("color", pick(new String[] {"BLUE", "blue", "RED"}));
                    case 3 -> plate.put("owner", "x");
                    default -> plate.set("number", wrongValue());
                }
            }
            case 12 -> {
                ArrayNode images = e.putArray("images");
                int count = chance(0.5) ? 16 : 17;
                for (int i = 0; i < count; i++) {
                    images.add(validImage());
                }
            }
            case 13 -> {
                ObjectNode image = validImage();
                switch (random.nextInt(8)) {
                    case 0 -> image.remove("uri");
                    case 1 -> image.set("width", number(new String[] {"1.0", "0", "1e30", "1.5", "-3", "1"}));
                    case 2 -> image.put("sha256", pick(new String[] {hex(64).toUpperCase(), hex(63), hex(65), hex(64) + "\n"}));
                    case 3 -> image.put("shotTime", pick(BAD_TIMES));
                    case 4 -> image.put("role", chance(0.5) ? "R".repeat(32) : "R".repeat(33));
                    case 5 -> image.put("uri", chance(0.5) ? "u".repeat(1024) : "u".repeat(1025));
                    case 6 -> image.put("caption", "x");
                    default -> image.set("height", wrongValue());
                }
                e.putArray("images").add(image);
            }
            case 14 -> e.putArray("images").add(wrongValue());
            case 15 -> {
                e.put("kind", "VIOLATION");
                e.remove("violationCode");
            }
            case 16 -> {
                e.put("kind", "PARKING");
                e.remove("zoneId");
                if (chance(0.3)) {
                    e.putNull("zoneId");
                }
            }
            case 17 -> e.put("violationCode", chance(0.5) ? codePoints(16) : codePoints(17));
            case 18 -> e.put("zoneId", chance(0.5) ? codePoints(64) : codePoints(65));
            case 19 -> e.putNull(pick(new String[] {"subject", "kind", "images", "eventTime"}));
            case 20 -> e.set("plate", chance(0.5) ? F.nullNode() : F.arrayNode());
            default -> e.put("subject", chance(0.5) ? "PEDESTRIAN" : "pedestrian");
        }
    }

    /** A textual change: mostly not JSON any more, sometimes a non-object root. */
    byte[] mutateText(String json) {
        return switch (random.nextInt(12)) {
            case 0 -> bytes(json.substring(0, json.length() - 1 - random.nextInt(Math.min(5, json.length() - 1))));
            case 1 -> bytes(json + pick(new String[] {" x", "{}", "\n", " ", "1", "\n\n", "]"}));
            case 2 -> bytes("{\"eventId\":\"a\"," + json.substring(1));
            case 3 -> bytes(json.replaceFirst("\\{", "{\"plate\":{\"number\":\"A\",\"number\":\"B\"},"));
            case 4 -> {
                byte[] b = bytes(json);
                byte[] out = new byte[b.length + 1];
                int at = json.indexOf("\"eventId\":\"") + 11;
                System.arraycopy(b, 0, out, 0, at);
                out[at] = (byte) pick(new int[] {0xff, 0xc0, 0x80, 0xed});
                System.arraycopy(b, at, out, at + 1, b.length - at);
                yield out;
            }
            case 5 -> bytes(pick(new String[] {"[]", "\"event\"", "1", "null", "true", "[" + json + "]"}));
            case 6 -> bytes("");
            case 7 -> bytes(json.replaceFirst("}$", ",}"));
            case 8 -> bytes(json.replace('"', '\''));
            case 9 -> bytes("/*c*/" + json);
            case 10 -> bytes(json.replaceFirst("\\{", "{\"lane\":01,"));
            default -> bytes(json.replaceFirst("\\{", "{\"speedKmh\":NaN,"));
        };
    }

    private JsonNode wrongValue() {
        return switch (random.nextInt(6)) {
            case 0 -> F.numberNode(random.nextInt(100));
            case 1 -> F.textNode("x");
            case 2 -> F.objectNode().put("a", 1);
            case 3 -> F.arrayNode().add(1);
            case 4 -> F.booleanNode(true);
            default -> F.nullNode();
        };
    }

    private JsonNode number(String[] literals) {
        return F.numberNode(new BigDecimal(pick(literals)));
    }

    /** A string of exactly {@code n} code points, mixing BMP letters, CJK and astral characters. */
    private String codePoints(int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            switch (random.nextInt(3)) {
                case 0 -> s.append('a');
                case 1 -> s.append('京');
                default -> s.appendCodePoint(0x1F697); // an astral character: two UTF-16 units, one code point
            }
        }
        return s.toString();
    }

    private void optionalEnum(ObjectNode e, String field, String[] values) {
        if (chance(0.5)) {
            maybeNull(e, field, F.textNode(pick(values)));
        }
    }

    private void maybeNull(ObjectNode node, String field, JsonNode value) {
        node.set(field, chance(0.1) ? F.nullNode() : value);
    }

    private String hex(int n) {
        StringBuilder s = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            s.append("0123456789abcdef".charAt(random.nextInt(16)));
        }
        return s.toString();
    }

    private boolean chance(double p) {
        return random.nextDouble() < p;
    }

    private String pick(String[] values) {
        return values[random.nextInt(values.length)];
    }

    private int pick(int[] values) {
        return values[random.nextInt(values.length)];
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static List<String> goodTimes() {
        return List.of(GOOD_TIMES);
    }

    static List<String> badTimes() {
        return List.of(BAD_TIMES);
    }
}
