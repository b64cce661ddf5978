package dev.vigil.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class VigilJsonTest {
    static final Violation RED_LIGHT = new Violation(
            "a".repeat(64), 2, ViolationType.RED_LIGHT, "1625", "驾驶机动车违反道路交通信号灯通行",
            ViolationStatus.REVIEW, List.of(Reason.INSUFFICIENT_EVIDENCE), new Plate("苏ED8888", PlateColor.BLUE, 0.93),
            Subject.MOTOR_VEHICLE, List.of("EP-DX-01"), "J-DONGXI-JIEFANG", null, null, "城关镇", "东西大街",
            new GeoPoint(34.2651, 108.9402), Instant.parse("2026-11-23T02:15:00.123456Z"),
            Instant.parse("2026-11-23T02:16:00Z"), null, null, null, 200, 6,
            List.of(new Evidence("BEFORE_LINE", "s3://ev/1.jpg", "b".repeat(64), 1920, 1080, null, "hikvision:e-1")),
            List.of("hikvision:e-1", "dahua:x-9"), "{\"rule\":\"RED_LIGHT\",\"signal\":\"RED\",\"movement\":\"LEFT\"}",
            "national-2022", Instant.parse("2026-11-23T02:16:01Z"));

    @Test
    void writesTimesInUtcWithMillisecondsAndLeavesNullsOut() {
        String json = VigilJson.toJson(RED_LIGHT);

        assertThat(json).contains("\"eventTime\":\"2026-11-23T02:15:00.123Z\"")
                .contains("\"lastEventTime\":\"2026-11-23T02:16:00.000Z\"")
                .contains("\"decision\":{\"rule\":\"RED_LIGHT\",\"signal\":\"RED\",\"movement\":\"LEFT\"}")
                .contains("\"reasons\":[\"INSUFFICIENT_EVIDENCE\"]")
                .doesNotContain("zoneId").doesNotContain("null");
    }

    @Test
    void readsBackWhatItWrites() {
        Violation back = VigilJson.read(VigilJson.toBytes(RED_LIGHT), Violation.class);

        assertThat(back).isEqualTo(new Violation(RED_LIGHT.violationId(), 2, RED_LIGHT.type(), RED_LIGHT.code(),
                RED_LIGHT.description(), RED_LIGHT.status(), RED_LIGHT.reasons(), RED_LIGHT.plate(), RED_LIGHT.subject(),
                RED_LIGHT.deviceIds(), RED_LIGHT.siteId(), null, null, RED_LIGHT.district(), RED_LIGHT.road(),
                RED_LIGHT.location(), Instant.parse("2026-11-23T02:15:00.123Z"), RED_LIGHT.lastEventTime(), null, null,
                null, 200, 6, RED_LIGHT.evidence(), RED_LIGHT.sourceEventIds(), RED_LIGHT.decision(),
                RED_LIGHT.tableVersion(), RED_LIGHT.detectedAt()));
    }

    @Test
    void aCameraEventRoundTripsThroughTheStrictReader() {
        CameraEvent event = new CameraEvent("e-1", "dahua", "CK-01", EventKind.PARKING,
                Instant.parse("2026-11-23T02:15:00.100Z"), Subject.MOTOR_VEHICLE, new Plate("陕A12345", null, null),
                null, null, null, null, null, null, null, "Z-1",
                List.of(new Image("PANORAMA", "u", null, 1280, 720, null)));

        ReadResult result = new CameraEventReader().read(VigilJson.toBytes(event));

        assertThat(result.event()).isEqualTo(event);
    }

    @Test
    void deadLettersKeepTextAsTextAndOtherBytesAsBase64() {
        Instant at = Instant.parse("2026-11-23T02:15:00Z");
        DeadLetter text = DeadLetter.of(DeadLetterReason.MALFORMED_JSON, "x", null, DeadLetterSource.PIPELINE,
                null, at, "{oops 京".getBytes(StandardCharsets.UTF_8));
        DeadLetter binary = DeadLetter.of(DeadLetterReason.MALFORMED_JSON, "x", null, DeadLetterSource.GATEWAY,
                "dahua", at, new byte[] {(byte) 0xff, 0x00, 0x41});

        assertThat(text.payload()).isEqualTo("{oops 京");
        assertThat(text.payloadBase64()).isNull();
        assertThat(binary.payload()).isNull();
        assertThat(binary.originalBytes()).containsExactly(0xff, 0x00, 0x41);
        assertThat(VigilJson.toJson(binary)).contains("\"source\":\"gateway\"").contains("\"payloadBase64\":\"/wBB\"");
        assertThat(VigilJson.read(VigilJson.toBytes(text), DeadLetter.class)).isEqualTo(text);
    }

    @Test
    void statsAndAlertsRoundTrip() {
        Stat stat = new Stat("c".repeat(64), Stat.ONE_MINUTE, Instant.parse("2026-11-23T02:15:00Z"),
                Instant.parse("2026-11-23T02:16:00Z"), ViolationType.SPEEDING, "CK-01", "C-01", "城关镇", 3, null);
        Alert alert = new Alert("d".repeat(64), AlertKind.HOTLIST_HIT, Instant.parse("2026-11-23T02:15:00Z"),
                "陕A12345", "CK-01", "C-01", "城关镇", "{\"note\":\"套牌嫌疑\"}", null);

        assertThat(VigilJson.read(VigilJson.toBytes(stat), Stat.class)).isEqualTo(stat);
        assertThat(VigilJson.read(VigilJson.toBytes(alert), Alert.class)).isEqualTo(alert);
    }
}
