package dev.vigil.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Rfc3339Test {
    @Test
    void agreesWithJavaTimeOnRandomInstantsAndOffsets() {
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            long second = random.nextLong(-62_135_596_800L, 253_402_300_799L - 86_400L);
            int nanos = random.nextInt(1_000_000_000);
            int offsetMinutes = random.nextInt(-18 * 60, 18 * 60 + 1);
            if (offsetMinutes == 0 && random.nextBoolean()) {
                offsetMinutes = 1;
            }
            ZoneOffset offset = ZoneOffset.ofTotalSeconds(offsetMinutes * 60);
            OffsetDateTime time = OffsetDateTime.ofInstant(Instant.ofEpochSecond(second, nanos), offset);
            if (time.getYear() < 0 || time.getYear() > 9999) {
                continue;
            }
            String text = String.format("%04d-%02d-%02dT%02d:%02d:%02d.%09d%s", time.getYear(), time.getMonthValue(),
                    time.getDayOfMonth(), time.getHour(), time.getMinute(), time.getSecond(), time.getNano(),
                    offset.getTotalSeconds() == 0 ? "Z" : offset.getId());
            assertThat(Rfc3339.parse(text)).as(text).isEqualTo(time.toInstant().truncatedTo(ChronoUnit.MILLIS));
        }
    }

    @Test
    void truncatesToMillisecondsAndKnowsLeapYears() {
        assertThat(Rfc3339.parse("2024-02-29T23:59:59.9999Z")).isEqualTo(Instant.parse("2024-02-29T23:59:59.999Z"));
        assertThat(Rfc3339.parse("2000-02-29T00:00:00+08:00"))
                .isEqualTo(LocalDateTime.of(2000, 2, 29, 0, 0).toInstant(ZoneOffset.ofHours(8)));
        assertThat(Rfc3339.parse("1900-02-29T00:00:00Z")).isNull();
        assertThat(Rfc3339.parse("2026-11-23T10:15:00-00:00")).isNull();
        assertThat(Rfc3339.parse("2026-11-23T10:15:00")).isNull();
    }
}
