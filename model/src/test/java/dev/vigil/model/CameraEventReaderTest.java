package dev.vigil.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CameraEventReaderTest {
    private static final String RED_LIGHT_AT_JIEFANG_ROAD = """
            {"eventId":"e-1","vendor":"hikvision","deviceId":"EP-JF-01","kind":"PASS",
             "eventTime":"2026-11-23T10:15:00.123456+08:00",
             "plate":{"number":"苏E·D8888","color":"BLUE","confidence":0.93},
             "vehicleClass":"CAR","lane":2,"direction":"E","movement":"LEFT","speedKmh":41.5,"signal":"RED",
             "images":[{"role":"BEFORE_LINE","uri":"s3://ev/1.jpg","sha256":"%s","width":1920,"height":1080,
                        "shotTime":"2026-11-23T10:14:59.900+08:00"}]}
            """.formatted("a".repeat(64));

    private final CameraEventReader reader = new CameraEventReader();

    @Test
    void readsEveryFieldAndFillsTheSubjectDefault() {
        ReadResult result = read(RED_LIGHT_AT_JIEFANG_ROAD);

        assertThat(result.isAccepted()).isTrue();
        CameraEvent event = result.event();
        assertThat(event.eventId()).isEqualTo("e-1");
        assertThat(event.sourceEventId()).isEqualTo("hikvision:e-1");
        assertThat(event.kind()).isEqualTo(EventKind.PASS);
        assertThat(event.eventTime()).isEqualTo(Instant.parse("2026-11-23T02:15:00.123Z"));
        assertThat(event.subject()).isEqualTo(Subject.MOTOR_VEHICLE);
        assertThat(event.plate()).isEqualTo(new Plate("苏E·D8888", PlateColor.BLUE, 0.93));
        assertThat(event.lane()).isEqualTo(2);
        assertThat(event.direction()).isEqualTo(Direction.E);
        assertThat(event.movement()).isEqualTo(Movement.LEFT);
        assertThat(event.speedKmh()).isEqualTo(41.5);
        assertThat(event.signal()).isEqualTo(Signal.RED);
        assertThat(event.images()).containsExactly(new Image("BEFORE_LINE", "s3://ev/1.jpg", "a".repeat(64), 1920, 1080,
                Instant.parse("2026-11-23T02:14:59.900Z")));
    }

    @Test
    void integralFloatsAreIntegersAndHugeImageSizesSaturate() {
        ReadResult result = read(minimal("\"lane\":3.0,\"images\":[{\"uri\":\"u\",\"width\":1e30,\"height\":7.00}]"));

        assertThat(result.event().lane()).isEqualTo(3);
        assertThat(result.event().images().get(0).width()).isEqualTo(Integer.MAX_VALUE);
        assertThat(result.event().images().get(0).height()).isEqualTo(7);
    }

    @Test
    void namesTheFirstOffendingFieldAsAJsonPointer() {
        assertRejected(minimal("\"lane\":1.5"), "/lane");
        assertRejected(minimal("\"subject\":null"), "/subject");
        assertRejected(minimal("\"speedKmh\":400.0000000000000001"), "/speedKmh");
        assertRejected(minimal("\"plate\":{\"confidence\":1.0000000000000001}"), "/plate/confidence");
        assertRejected(minimal("\"images\":[{\"uri\":\"u\"},{\"role\":\"PLATE\"}]"), "/images/1/uri");
        assertRejected(minimal("\"images\":[1]"), "/images/0");
        assertRejected(minimal("\"images\":[{\"uri\":\"u\",\"role\":5}]"), "/images/0/role");
        assertRejected(minimal("\"images\":[{\"uri\":\"u\"},{\"uri\":\"u\"},{\"uri\":\"u\",\"sha256\":\"AB\"}]"), "/images/2/sha256");
        assertRejected(minimal("\"images\":[{\"uri\":\"u\",\"width\":0}]"), "/images/0/width");
        assertRejected(minimal("\"images\":[{\"uri\":\"u\"},{\"uri\":\"u\",\"height\":-1}]"), "/images/1/height");
        assertRejected(minimal("\"images\":[{\"uri\":\"u\",\"shotTime\":\"yesterday\"}]"), "/images/0/shotTime");
        assertRejected(minimal("\"images\":[{\"uri\":\"u\",\"x/y\":1}]"), "/images/0/x~1y");
        assertRejected(minimal("\"a/b~c\":1"), "/a~1b~0c");
        assertRejected(minimal("\"kind2\":1").replace("\"kind\":\"PASS\",", ""), "/kind2");
        assertRejected("{\"eventId\":\"e\",\"vendor\":\"v\",\"deviceId\":\"d\",\"kind\":\"PASS\"}", "/eventTime");
        assertRejected("[1]", "");
        assertRejected(minimal("\"zoneId\":\"Z\"").replace("PASS", "PARKING").replace(",\"zoneId\":\"Z\"", ""), "/zoneId");
    }

    @Test
    void aNullViolationCodeSatisfiesRequiredButAMissingOneDoesNot() {
        assertThat(read(minimal("\"violationCode\":null").replace("PASS", "VIOLATION")).isAccepted()).isTrue();
        assertRejected(minimal("\"lane\":1").replace("PASS", "VIOLATION"), "/violationCode");
    }

    @Test
    void malformedJsonOutranksASchemaViolation() {
        assertMalformed(minimal("\"lane\":99") + " {}");
        assertMalformed(minimal("\"plate\":{\"number\":\"A\",\"number\":\"B\"}"));
        assertMalformed("{\"eventId\":\"e\",\"eventId\":\"e\"}");
        assertMalformed("");
        assertMalformed(minimal("\"lane\":01"));
        byte[] invalidUtf8 = minimal("\"x\":\"?\"").getBytes(StandardCharsets.UTF_8);
        invalidUtf8[invalidUtf8.length - 3] = (byte) 0xff;
        assertThat(reader.read(invalidUtf8).reason()).isEqualTo(DeadLetterReason.MALFORMED_JSON);
    }

    @Test
    void readsASliceOfABuffer() {
        byte[] framed = ("xx" + minimal("\"lane\":1") + "yy").getBytes(StandardCharsets.UTF_8);
        ReadResult result = reader.read(framed, 2, framed.length - 4);
        assertThat(result.event().lane()).isEqualTo(1);
    }

    private static String minimal(String extra) {
        return "{\"eventId\":\"e\",\"vendor\":\"v\",\"deviceId\":\"d\",\"kind\":\"PASS\","
                + "\"eventTime\":\"2026-11-23T10:15:00+08:00\"," + extra + "}";
    }

    private ReadResult read(String json) {
        return reader.read(json.getBytes(StandardCharsets.UTF_8));
    }

    private void assertRejected(String json, String field) {
        ReadResult result = read(json);
        assertThat(result.reason()).as(json).isEqualTo(DeadLetterReason.SCHEMA_VIOLATION);
        assertThat(result.field()).as(json).isEqualTo(field);
        assertThat(result.detail()).isNotBlank();
    }

    private void assertMalformed(String json) {
        ReadResult result = read(json);
        assertThat(result.reason()).as(json).isEqualTo(DeadLetterReason.MALFORMED_JSON);
        assertThat(result.field()).isNull();
    }
}
