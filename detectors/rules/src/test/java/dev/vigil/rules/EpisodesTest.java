package dev.vigil.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.model.CameraEvent;
import dev.vigil.model.Device;
import dev.vigil.model.DeviceType;
import dev.vigil.model.EventKind;
import dev.vigil.model.Exemptions;
import dev.vigil.model.GeoPoint;
import dev.vigil.model.Image;
import dev.vigil.model.Plate;
import dev.vigil.model.PlateColor;
import dev.vigil.model.Reason;
import dev.vigil.model.Subject;
import dev.vigil.model.Violation;
import dev.vigil.model.ViolationStatus;
import dev.vigil.model.ViolationType;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EpisodesTest {
    private static final Device JIEFANG_EAST = new Device("EP-JF-E", DeviceType.E_POLICE, "J-JIEFANG", "解放路口东向",
            "城关镇", "解放路", new GeoPoint(34.26, 108.94), 60.0, List.of(), List.of(), true, List.of());
    private static final Instant T0 = Instant.parse("2026-11-23T02:15:00Z");
    private static final CodeTable TABLE = CodeTable.defaults();

    @Test
    void aRedLightChainCompletedByALaterObservationBecomesConfirmed() {
        Observation first = observe(event("e1", "苏e·d8888", T0, 0.95, image("a", 1920, 1080), image("b", 1920, 1080)));
        Observation second = observe(event("e2", "苏ED8888", T0.plusSeconds(20), 0.7, image("b", 1920, 1080), image("c", 1920, 1080)));

        Episodes.State opened = Episodes.open(first, first.siteId(), T0);
        Episodes.State merged = Episodes.merge(opened, second, T0);

        Violation r1 = opened.violation();
        assertThat(r1.violationId()).isEqualTo(ViolationIds.sha256Hex("RED_LIGHT|苏ED8888|J-JIEFANG|" + T0.toEpochMilli()));
        assertThat(r1.revision()).isEqualTo(1);
        assertThat(r1.status()).isEqualTo(ViolationStatus.REVIEW);
        assertThat(r1.reasons()).containsExactly(Reason.INSUFFICIENT_EVIDENCE);
        Violation r2 = merged.violation();
        assertThat(r2.violationId()).isEqualTo(r1.violationId());
        assertThat(r2.revision()).isEqualTo(2);
        assertThat(r2.status()).isEqualTo(ViolationStatus.CONFIRMED);
        assertThat(r2.reasons()).isEmpty();
        assertThat(r2.evidence()).extracting(e -> e.sha256().substring(0, 1) + "@" + e.sourceEventId())
                .containsExactly("a@hik:e1", "b@hik:e1", "c@hik:e2");
        assertThat(r2.sourceEventIds()).containsExactly("hik:e1", "hik:e2");
        assertThat(r2.plate()).isEqualTo(new Plate("苏ED8888", PlateColor.BLUE, 0.95));
        assertThat(r2.eventTime()).isEqualTo(T0);
        assertThat(r2.lastEventTime()).isEqualTo(T0.plusSeconds(20));
        assertThat(r2.code()).isEqualTo("1625");
        assertThat(r2.decision()).startsWith("{\"observations\":[{\"sourceEventId\":\"hik:e1\"")
                .contains("{\"sourceEventId\":\"hik:e2\"").endsWith("]}");
    }

    @Test
    void unreadableExemptAndLowQualityObservationsCarryEveryReasonInOrder() {
        Observation unreadable = observe(event("e3", "无牌", T0, null, image("x", 640, 480)));
        Observation police = observe(event("e4", "陕A1234警", T0, 0.5, image("y", 1280, 720), image("z", 100, 50, "PLATE")));

        Violation a = Episodes.open(unreadable, unreadable.siteId(), T0).violation();
        Violation b = Episodes.open(police, police.siteId(), T0).violation();

        assertThat(a.violationId()).isEqualTo(ViolationIds.sha256Hex("RED_LIGHT|hik:e3|J-JIEFANG|" + T0.toEpochMilli()));
        assertThat(a.plate()).isNull();
        assertThat(a.reasons()).containsExactly(Reason.PLATE_UNREADABLE, Reason.INSUFFICIENT_EVIDENCE, Reason.LOW_RESOLUTION);
        assertThat(a.status()).isEqualTo(ViolationStatus.REVIEW);
        assertThat(b.reasons()).containsExactly(Reason.EXEMPT_VEHICLE, Reason.LOW_PLATE_CONFIDENCE, Reason.INSUFFICIENT_EVIDENCE);
        assertThat(b.status()).isEqualTo(ViolationStatus.REJECTED);
    }

    @Test
    void pedestriansAndNonMotorVehiclesAreNeverPenalisedAutomatically() {
        Violation pedestrian = Episodes.open(new Observation(ViolationType.PEDESTRIAN_RED_LIGHT, null, "行人闯红灯", null, null,
                "national-2022", "hik:p1", T0, null, null, null, Subject.PEDESTRIAN, "EP-JF-E", "J-JIEFANG", null, null,
                null, null, null, null, null, null, List.of(image("p", 1920, 1080), image("q", 1920, 1080)), "{}", false),
                "J-JIEFANG", T0).violation();

        assertThat(pedestrian.reasons()).containsExactly(Reason.NO_AUTOMATIC_PENALTY);
        assertThat(pedestrian.status()).isEqualTo(ViolationStatus.REVIEW);
    }

    private static Observation observe(CameraEvent event) {
        boolean exempt = Exemption.isExempt(dev.vigil.model.Plates.normalize(event.plate().number()),
                new Exemptions(List.of("陕A00001"), List.of("警")));
        Observation o = CameraFlagged.observe(event, JIEFANG_EAST, TABLE, exempt);
        assertThat(o).isNotNull();
        return o;
    }

    private static CameraEvent event(String id, String plate, Instant at, Double confidence, Image... images) {
        return new CameraEvent(id, "hik", "EP-JF-E", EventKind.VIOLATION, at, Subject.MOTOR_VEHICLE,
                new Plate(plate, PlateColor.BLUE, confidence), null, null, null, null, null, null, "1625", null, List.of(images));
    }

    private static Image image(String sha, int width, int height) {
        return image(sha, width, height, "IN_JUNCTION");
    }

    private static Image image(String sha, int width, int height, String role) {
        return new Image(role, "file:///" + sha, sha.repeat(64), width, height, null);
    }
}
