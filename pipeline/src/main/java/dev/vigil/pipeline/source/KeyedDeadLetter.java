package dev.vigil.pipeline.source;

import dev.vigil.model.DeadLetter;
import dev.vigil.model.Nullable;

/** A dead letter with the Kafka key it is written under (the original record's key). */
public record KeyedDeadLetter(@Nullable String key, DeadLetter deadLetter) {}
