package dev.vigil.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.model.CameraEvent;
import dev.vigil.model.Device;
import dev.vigil.model.DeviceType;
import dev.vigil.model.EventKind;
import dev.vigil.model.Evidence;
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
import java.util.ArrayList;
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

    @Test
    void aParkingStayKeepsTheEvidenceAndDecisionOfItsFirstAndLatestCapturesAndNamesEveryCapture() {
        List<Observation> captures = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            captures.add(capture("k" + i, T0.plusSeconds(120L * (i - 1))));
        }

        Episodes.State born = Episodes.openStay(captures.subList(0, 3), "Z-1", T0);
        Episodes.State later = Episodes.extendStay(Episodes.extendStay(born, captures.get(3), T0), captures.get(4), T0);

        Violation r1 = born.violation();
        assertThat(r1.revision()).isEqualTo(1);
        assertThat(r1.sourceEventIds()).containsExactly("hik:k1", "hik:k2", "hik:k3");
        assertThat(r1.evidence()).extracting(e -> e.role() + "@" + e.sourceEventId())
                .containsExactly("PANORAMA@hik:k1", "PLATE@hik:k1", "PANORAMA@hik:k3", "PLATE@hik:k3");
        assertThat(r1.decision()).isEqualTo("{\"observations\":[" + captures.get(0).decision() + "," + captures.get(2).decision() + "]}");
        Violation r3 = later.violation();
        assertThat(r3.violationId()).isEqualTo(r1.violationId());
        assertThat(r3.revision()).isEqualTo(3);
        assertThat(r3.sourceEventIds()).containsExactly("hik:k1", "hik:k2", "hik:k3", "hik:k4", "hik:k5");
        assertThat(r3.evidence()).extracting(e -> e.role() + "@" + e.sourceEventId())
                .containsExactly("PANORAMA@hik:k1", "PLATE@hik:k1", "PANORAMA@hik:k5", "PLATE@hik:k5");
        assertThat(r3.decision()).isEqualTo("{\"observations\":[" + captures.get(0).decision() + "," + captures.get(4).decision() + "]}");
        assertThat(r3.eventTime()).isEqualTo(T0);
        assertThat(r3.lastEventTime()).isEqualTo(T0.plusSeconds(480));
    }

    @Test
    void otherEpisodesKeepEveryObservationsDecision() {
        Observation first = observe(event("e1", "苏ED8888", T0, 0.95, image("a", 1920, 1080)));
        Observation second = observe(event("e2", "苏ED8888", T0.plusSeconds(20), 0.95, image("b", 1920, 1080)));
        Observation third = observe(event("e3", "苏ED8888", T0.plusSeconds(40), 0.95, image("c", 1920, 1080)));

        Violation merged = Episodes.merge(Episodes.merge(Episodes.open(first, first.siteId(), T0), second, T0), third, T0).violation();

        assertThat(merged.decision()).isEqualTo("{\"observations\":[" + first.decision() + "," + second.decision() + ","
                + third.decision() + "]}");
        assertThat(merged.evidence()).extracting(Evidence::sourceEventId).containsExactly("hik:e1", "hik:e2", "hik:e3");
    }

    /** A parking capture whose decision has braces, brackets and an escaped quote inside a string. */
    private static Observation capture(String id, Instant at) {
        return new Observation(ViolationType.ILLEGAL_PARKING, "1039", "机动车违反规定停放", 200, 0, "national-2022",
                "hik:" + id, at, "苏K77777", PlateColor.BLUE, 0.9, Subject.MOTOR_VEHICLE, "PK-1", "S-1", "城关镇", "北大街",
                new GeoPoint(34.28, 108.94), "Z-1", null, null, null, null,
                List.of(image(id + "p", 1920, 1080, "PANORAMA"), image(id + "q", 440, 140, "PLATE")),
                "{\"sourceEventId\":\"hik:" + id + "\",\"note\":\"} ] \\\" {[\",\"n\":{\"m\":[1]}}", false);
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
