package dev.vigil.pipeline.dedup;

import dev.vigil.pipeline.source.Ingested;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Drops repeats of an observation: keyed by (vendor, eventId), the first record passes and every
 * later one within the TTL is counted and dropped, so a vendor's retry never yields a second
 * violation. State: one flag per key, expiring after the TTL (default 48 h) since it was written.
 */
public final class ExactDeduplicator extends KeyedProcessFunction<String, Ingested, Ingested> {
    private final Duration ttl;
    private transient ValueState<Boolean> seen;
    private transient Counter duplicates;

    public ExactDeduplicator(Duration ttl) {
        this.ttl = ttl;
    }

    /** The dedup key: vendor and event id, separated by a character neither may contain. */
    public static String key(Ingested record) {
        return record.event().vendor() + '\u0000' + record.event().eventId();
    }

    @Override
    public void open(OpenContext context) {
        ValueStateDescriptor<Boolean> descriptor = new ValueStateDescriptor<>("seen", Types.BOOLEAN);
        descriptor.enableTimeToLive(StateTtlConfig.newBuilder(ttl)
                .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                .build());
        seen = getRuntimeContext().getState(descriptor);
        duplicates = getRuntimeContext().getMetricGroup().counter("duplicates");
    }

    @Override
    public void processElement(Ingested record, Context ctx, Collector<Ingested> out) throws Exception {
        if (seen.value() != null) {
            duplicates.inc();
            return;
        }
        seen.update(Boolean.TRUE);
        out.collect(record);
    }
}
