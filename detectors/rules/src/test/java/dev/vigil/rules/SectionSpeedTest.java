package dev.vigil.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.model.CameraEvent;
import dev.vigil.model.Device;
import dev.vigil.model.DeviceType;
import dev.vigil.model.EventKind;
import dev.vigil.model.GeoPoint;
import dev.vigil.model.Plate;
import dev.vigil.model.Section;
import dev.vigil.model.Subject;
import dev.vigil.model.Violation;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SectionSpeedTest {
    private static final Section SEC = new Section("SEC-1", "CK-1", "CK-2", 2000, 60);
    private static final Device CK1 = new Device("CK-1", DeviceType.CHECKPOINT, "C-1", null, "城关镇", "迎宾大道",
            new GeoPoint(34.2, 108.9), null, null, null, true, null);
    private static final Device CK2 = new Device("CK-2", DeviceType.CHECKPOINT, "C-2", null, "城关镇", "迎宾大道",
            new GeoPoint(34.21, 108.92), null, null, null, true, null);
    private static final Instant T0 = Instant.parse("2026-11-23T02:00:00Z");

    @Test
    void theBoundsComeFromTheSectionsLength() {
        assertThat(SectionSpeed.maxTravelMillis(SEC)).isEqualTo(1_440_000); // 2 km at 5 km/h: 24 min
        assertThat(SectionSpeed.averageKmh(SEC, 80_000)).isEqualByComparingTo("90");
    }

    @Test
    void aPairIsOneViolationScopedByTheSectionWithBothPassesAsEvidence() {
        List<Observation> pair = SectionSpeed.observe(SEC, pass("in", "CK-1", 0), CK1, pass("out", "CK-2", 80), CK2,
                CodeTable.defaults(), false);

        Violation v = Episodes.openAll(pair, pair.get(0).where(), T0).violation();

        assertThat(v.violationId()).isEqualTo(ViolationIds.sha256Hex("SECTION_SPEEDING|苏S66666|SEC-1|" + T0.toEpochMilli()));
        assertThat(v.revision()).isEqualTo(1);
        assertThat(v.code()).isEqualTo("SECT-50");
        assertThat(List.of(v.speedKmh(), v.limitKmh(), v.overPercent())).containsExactly(90.0, 60.0, 50.0);
        assertThat(v.deviceIds()).containsExactly("CK-1", "CK-2");
        assertThat(v.siteId()).isEqualTo("C-1");
        assertThat(v.sectionId()).isEqualTo("SEC-1");
        assertThat(v.eventTime()).isEqualTo(T0);
        assertThat(v.lastEventTime()).isEqualTo(T0.plusSeconds(80));
        assertThat(v.evidence()).hasSize(2);
    }

    @Test
    void anAverageUnderTenPercentOverIsNoViolation() {
        // 2000 m in 110 s: 65.45 km/h, 9.1 % over
        assertThat(SectionSpeed.observe(SEC, pass("in", "CK-1", 0), CK1, pass("out", "CK-2", 110), CK2, CodeTable.defaults(), false))
                .isEmpty();
    }

    private static CameraEvent pass(String id, String device, long seconds) {
        return new CameraEvent(id, "hik", device, EventKind.PASS, T0.plusSeconds(seconds), Subject.MOTOR_VEHICLE,
                new Plate("苏S66666", null, 0.95), null, null, null, null, null, null, null, null,
                List.of(new dev.vigil.model.Image("PANORAMA", "u-" + id, null, 1920, 1080, null)));
    }
}
