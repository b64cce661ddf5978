package dev.vigil.elasticsearch;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Vigil's index names under one prefix: {@code vigil-} in production, a fresh one per test.
 * Violations go to monthly indices by {@code eventTime} (UTC) behind an alias.
 */
public record Indices(String prefix) {
    public static final Indices DEFAULT = new Indices("vigil-");

    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("uuuu.MM").withZone(ZoneOffset.UTC);

    /** The alias over every monthly violation index, for searches. */
    public String violationsAlias() {
        return prefix + "violations";
    }

    /** The monthly index a violation with this {@code eventTime} is written to. */
    public String violationsIndex(Instant eventTime) {
        return prefix + "violations-" + MONTH.format(eventTime);
    }

    /** The index pattern matching every monthly violation index. */
    public String violationsPattern() {
        return prefix + "violations-*";
    }

    public String stats() {
        return prefix + "stats";
    }

    public String alerts() {
        return prefix + "alerts";
    }
}
