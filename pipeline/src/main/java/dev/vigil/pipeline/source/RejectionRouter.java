package dev.vigil.pipeline.source;

import dev.vigil.model.DeadLetter;
import dev.vigil.model.DeadLetterReason;
import dev.vigil.model.DeadLetterSource;
import dev.vigil.pipeline.DeadLetters;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Splits what the source read: valid events go on, refused records (malformed, schema violations,
 * future event times) become dead letters with their reason, field and original bytes on the
 * {@link DeadLetters#TAG} side output, counted per reason.
 */
public final class RejectionRouter extends ProcessFunction<Ingested, Ingested> {
    private transient Map<DeadLetterReason, Counter> counters;

    @Override
    public void open(org.apache.flink.api.common.functions.OpenContext context) {
        counters = new EnumMap<>(DeadLetterReason.class);
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            counters.put(reason, getRuntimeContext().getMetricGroup().counter("deadLetters." + reason.name()));
        }
    }

    @Override
    public void processElement(Ingested record, Context ctx, Collector<Ingested> out) {
        if (record.isValid()) {
            out.collect(record);
            return;
        }
        counters.get(record.reason()).inc();
        ctx.output(DeadLetters.TAG, new KeyedDeadLetter(record.key(), DeadLetter.of(record.reason(), record.detail(),
                record.field(), DeadLetterSource.PIPELINE, null, Instant.now(), record.payload())));
    }
}
