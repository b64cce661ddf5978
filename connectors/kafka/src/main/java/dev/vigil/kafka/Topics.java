package dev.vigil.kafka;

import java.util.List;

/**
 * The names of Vigil's topics. Production uses {@link #DEFAULT}; tests use {@link #withSuffix} to
 * get a fresh set per test on a shared broker.
 */
public record Topics(
        String cameraEvents,
        String registry,
        String deadLetters,
        String lateEvents,
        String violations,
        String stats,
        String alerts) {

    public static final Topics DEFAULT = new Topics(
            "vigil.camera-events",
            "vigil.registry",
            "vigil.dead-letters",
            "vigil.late-events",
            "vigil.violations",
            "vigil.stats",
            "vigil.alerts");

    /** The default names, each followed by {@code suffix} (e.g. {@code vigil.violations.t42}). */
    public static Topics withSuffix(String suffix) {
        return new Topics(
                DEFAULT.cameraEvents + suffix,
                DEFAULT.registry + suffix,
                DEFAULT.deadLetters + suffix,
                DEFAULT.lateEvents + suffix,
                DEFAULT.violations + suffix,
                DEFAULT.stats + suffix,
                DEFAULT.alerts + suffix);
    }

    /** Every topic with how it is created. */
    public List<TopicSpec> specs() {
        return List.of(
                // keyed by deviceId; the partition count bounds the job's source parallelism
                TopicSpec.of(cameraEvents, 4),
                // one partition: every job instance reads the whole registry in order; compacted to its latest entries
                TopicSpec.compacted(registry, 1),
                TopicSpec.of(deadLetters, 2),
                TopicSpec.of(lateEvents, 2),
                TopicSpec.of(violations, 4),
                TopicSpec.of(stats, 2),
                TopicSpec.of(alerts, 2));
    }
}
