package dev.vigil.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.model.ViolationType;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CodeTableTest {
    private final CodeTableVersion table = CodeTable.defaults().at(Instant.parse("2026-11-23T02:00:00Z"));

    @Test
    void mapsCameraCodesToTypesButNeverSectionCodes() {
        assertThat(table.version()).isEqualTo("national-2022");
        assertThat(table.forCameraCode("1625").type()).isEqualTo(ViolationType.RED_LIGHT);
        assertThat(table.forCameraCode("1039").fineYuan()).isEqualTo(200);
        assertThat(table.forCameraCode("SPEED-50").type()).isEqualTo(ViolationType.SPEEDING);
        assertThat(table.forCameraCode("SECT-20")).isNull();
        assertThat(table.forCameraCode("9999")).isNull();
        assertThat(table.forCameraCode(null)).isNull();
        assertThat(table.forType(ViolationType.PEDESTRIAN_RED_LIGHT).code()).isNull();
    }

    @Test
    void bandsCompareTheExactOverPercentage() {
        assertThat(table.band(ViolationType.SPEEDING, new BigDecimal("9.999"))).isNull();
        assertThat(table.band(ViolationType.SPEEDING, new BigDecimal("10")).code()).isEqualTo("SPEED-10");
        assertThat(table.band(ViolationType.SPEEDING, new BigDecimal("19.99")).code()).isEqualTo("SPEED-10");
        assertThat(table.band(ViolationType.SPEEDING, new BigDecimal("20")).code()).isEqualTo("SPEED-20");
        assertThat(table.band(ViolationType.SECTION_SPEEDING, new BigDecimal("50")).code()).isEqualTo("SECT-50");
        assertThat(CameraFlagged.overPercent(66, 60)).isEqualByComparingTo("10");
        assertThat(CameraFlagged.overPercent(72.0, 60)).isEqualByComparingTo("20");
    }

    @Test
    void theVersionInForceIsChosenByEventTime() {
        CodeEntry old = new CodeEntry(ViolationType.RED_LIGHT, "1625", "old", 100, 6, null);
        CodeEntry now = new CodeEntry(ViolationType.RED_LIGHT, "1625", "new", 200, 6, null);
        CodeTable regional = new CodeTable("test", List.of(
                new CodeTableVersion("v2", Instant.parse("2026-01-01T00:00:00Z"), List.of(now)),
                new CodeTableVersion("v1", Instant.parse("2020-01-01T00:00:00Z"), List.of(old))));

        assertThat(regional.at(Instant.parse("2025-12-31T23:59:59.999Z")).version()).isEqualTo("v1");
        assertThat(regional.at(Instant.parse("2026-01-01T00:00:00Z")).version()).isEqualTo("v2");
        assertThat(regional.at(Instant.parse("2019-01-01T00:00:00Z")).version()).isEqualTo("v1");
    }
}
