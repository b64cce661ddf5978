package dev.vigil.pipeline.dedup;

import dev.vigil.pipeline.source.Ingested;
import java.time.Duration;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * Drops repeats of an observation: keyed by (vendor, eventId), the first record passes and every
 * later one within the TTL is dropped, so a vendor's retry never yields a second violation. State:
 * one flag per key, expiring after the TTL (default 48 h) since it was written.
 *
 * <p>The registry checks ({@code RegistryGate}) run it first, in their own keyed operator: a
 * separate operator would cost every event one more trip across the network, since the checks,
 * with their broadcast input, cannot be chained to it.
 */
public final class ExactDeduplicator {
    private final ValueState<Boolean> seen;

    /** @param seen the state {@link #descriptor} describes, from the keyed context */
    public ExactDeduplicator(ValueState<Boolean> seen) {
        this.seen = seen;
    }

    /** The dedup key: vendor and event id, separated by a character neither may contain. */
    public static String key(Ingested record) {
        return record.event().vendor() + '\u0000' + record.event().eventId();
    }

    /**
     * The flag per key, with its TTL. On the heap backend, expired flags are removed as events
     * pass: each access to the state also checks the next entry of the whole table. One entry is
     * enough, not Flink's default of five: a new event reads and writes its flag, so the sweep
     * checks two entries for each it adds and still goes round the table faster than it grows.
     * Five made the sweep a tenth of the operator's time.
     */
    public static ValueStateDescriptor<Boolean> descriptor(Duration ttl) {
        ValueStateDescriptor<Boolean> descriptor = new ValueStateDescriptor<>("seen", Types.BOOLEAN);
        descriptor.enableTimeToLive(StateTtlConfig.newBuilder(ttl)
                .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                .cleanupIncrementally(1, false)
                .build());
        return descriptor;
    }

    /** Whether the current key's record is the first within the TTL; marks it seen. */
    public boolean first() throws Exception {
        if (seen.value() != null) {
            return false;
        }
        seen.update(Boolean.TRUE);
        return true;
    }
}
