package dev.vigil.pipeline;

import dev.vigil.pipeline.source.KeyedDeadLetter;
import org.apache.flink.util.OutputTag;

/** The side outputs every check writes to. */
public final class DeadLetters {
    /** Records turned away, with reason and original bytes. */
    public static final OutputTag<KeyedDeadLetter> TAG = new OutputTag<>("dead-letters") {};
    /** Events behind the watermark, with their original bytes. */
    public static final OutputTag<LateEvent> LATE = new OutputTag<>("late-events") {};

    private DeadLetters() {}
}
