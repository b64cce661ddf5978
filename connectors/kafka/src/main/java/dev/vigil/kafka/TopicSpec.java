package dev.vigil.kafka;

import java.util.Map;

/** How a topic is created: name, partitions and topic-level settings. */
public record TopicSpec(String name, int partitions, Map<String, String> configs) {
    public TopicSpec {
        configs = Map.copyOf(configs);
    }

    static TopicSpec of(String name, int partitions) {
        return new TopicSpec(name, partitions, Map.of());
    }

    static TopicSpec compacted(String name, int partitions) {
        return new TopicSpec(name, partitions, Map.of("cleanup.policy", "compact"));
    }
}
