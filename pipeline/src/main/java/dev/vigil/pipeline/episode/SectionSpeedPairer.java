package dev.vigil.pipeline.episode;

import dev.vigil.model.Nullable;
import dev.vigil.model.Violation;
import dev.vigil.pipeline.state.BufferedTypeInfo;
import dev.vigil.rules.CodeTable;
import dev.vigil.rules.Episodes;
import dev.vigil.rules.Observation;
import dev.vigil.rules.SectionSpeed;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.util.Collector;

/**
 * Section speed, keyed by (section, plate), in event-time order: passes wait for the watermark, so
 * it does not matter whether the entry or the exit pass arrives first. An entry waits, unpaired,
 * for at most the section's longest travel time; an exit pairs with the latest unpaired entry at
 * least 1 s and at most that long before it (an entry pairs once). A speeding pair is one
 * violation, never merged with another.
 *
 * <p>State: passes waiting for the watermark, and unpaired entries by event time; a timer past
 * each entry's longest travel time removes it, so unmatched entries do not accumulate.
 */
public final class SectionSpeedPairer extends EventTimeOrdered<SectionPass, Violation> {
    private static final Comparator<SectionPass> TIE_ORDER = Comparator
            .comparing((SectionPass p) -> p.event().vendor()).thenComparing(p -> p.event().eventId());

    private final CodeTable codeTable;
    private transient MapState<Long, SectionPass> entries;

    public SectionSpeedPairer(CodeTable codeTable) {
        super(TypeInformation.of(SectionPass.class));
        this.codeTable = codeTable;
    }

    @Override
    public void open(OpenContext context) throws Exception {
        super.open(context);
        entries = getRuntimeContext().getMapState(new MapStateDescriptor<>("unpaired-entries", Types.LONG,
                BufferedTypeInfo.of(SectionPass.class)));
    }

    @Override
    protected Comparator<SectionPass> tieOrder() {
        return TIE_ORDER;
    }

    @Override
    protected long eventTime(SectionPass pass) {
        return pass.event().eventTime().toEpochMilli();
    }

    @Override
    protected void decide(long timestamp, List<SectionPass> due, TimerService timers, Collector<Violation> out) throws Exception {
        if (due.isEmpty()) {
            expireEntriesBefore(timestamp);
            return;
        }
        for (SectionPass pass : due) {
            long maxTravel = SectionSpeed.maxTravelMillis(pass.section());
            expireEntriesBefore(timestamp - maxTravel);
            if (pass.entry()) {
                entries.put(timestamp, pass);
                timers.registerEventTimeTimer(timestamp + maxTravel + 1);
                continue;
            }
            Long paired = latestEntryBetween(timestamp - maxTravel, timestamp - SectionSpeed.MIN_TRAVEL_MILLIS);
            if (paired == null) {
                continue;
            }
            SectionPass entry = entries.get(paired);
            entries.remove(paired);
            List<Observation> pair = SectionSpeed.observe(pass.section(), entry.event(), entry.device(), pass.event(),
                    pass.device(), codeTable, entry.exempt() || pass.exempt());
            if (!pair.isEmpty()) {
                out.collect(Episodes.openAll(pair, pass.section().id(), Instant.now()).violation());
            }
        }
    }

    /** Removes unpaired entries older than {@code oldest}: no exit can pair with them any more. */
    private void expireEntriesBefore(long oldest) throws Exception {
        List<Long> expired = null;
        for (Long at : entries.keys()) {
            if (at < oldest) {
                if (expired == null) {
                    expired = new ArrayList<>(1);
                }
                expired.add(at);
            }
        }
        if (expired != null) {
            // removed by key, not through the iterator, so an emptied map leaves no state behind
            for (Long at : expired) {
                entries.remove(at);
            }
        }
    }

    @Nullable
    private Long latestEntryBetween(long from, long to) throws Exception {
        Long best = null;
        for (Long at : entries.keys()) {
            if (at >= from && at <= to && (best == null || at > best)) {
                best = at;
            }
        }
        return best;
    }
}
