package dev.vigil.pipeline.episode;

import dev.vigil.model.Nullable;
import dev.vigil.model.Violation;
import dev.vigil.rules.Episodes;
import dev.vigil.rules.Observation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Merges observations of one (type, plate, site) into episodes, in event-time order: keyed by
 * {@link Observation#episodeKey()}, each observation waits in state until the watermark passes its
 * event time, then observations are taken in (eventTime, vendor, eventId) order. One within the
 * window of the episode's first observation merges in as the next revision; a later one opens a
 * new violation. Every revision is emitted.
 *
 * <p>An observation can reach this operator already behind its watermark: records that leave a
 * source before its first watermark travel on channels marked idle, which do not hold watermarks
 * back. Such an observation is decided at once (and counted as {@code behindWatermark}) instead of
 * waiting for a further watermark that may be long in coming.
 *
 * <p>State: the observations waiting for the watermark, by event time; the open episode, cleared
 * by a timer once the watermark is past its window, so state does not outlive an episode.
 */
public final class EpisodeMerger extends KeyedProcessFunction<String, Observation, Violation> {
    /** (vendor, eventId): the order of observations with equal event times. */
    public static final Comparator<Observation> TIE_ORDER = Comparator
            .comparing((Observation o) -> vendor(o.sourceEventId()))
            .thenComparing(o -> eventId(o.sourceEventId()));

    private final long windowMillis;
    private transient MapState<Long, List<Observation>> pending;
    private transient ValueState<Episodes.State> episode;
    private transient Counter behindWatermark;

    public EpisodeMerger(Duration window) {
        this.windowMillis = window.toMillis();
    }

    @Override
    public void open(OpenContext context) {
        pending = getRuntimeContext().getMapState(new MapStateDescriptor<>("pending", Types.LONG,
                Types.LIST(TypeInformation.of(Observation.class))));
        episode = getRuntimeContext().getState(new ValueStateDescriptor<>("episode", TypeInformation.of(Episodes.State.class)));
        behindWatermark = getRuntimeContext().getMetricGroup().counter("behindWatermark");
    }

    @Override
    public void processElement(Observation observation, Context ctx, Collector<Violation> out) throws Exception {
        long at = observation.eventTime().toEpochMilli();
        if (at <= ctx.timerService().currentWatermark()) {
            behindWatermark.inc();
            decide(at, new ArrayList<>(List.of(observation)), ctx.timerService(), out);
            return;
        }
        List<Observation> waiting = pending.get(at);
        if (waiting == null) {
            waiting = new ArrayList<>(1);
        }
        waiting.add(observation);
        pending.put(at, waiting);
        ctx.timerService().registerEventTimeTimer(at);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Violation> out) throws Exception {
        List<Observation> due = pending.get(timestamp);
        if (due != null) {
            pending.remove(timestamp);
        }
        decide(timestamp, due, ctx.timerService(), out);
    }

    /** Expires the episode if {@code timestamp} is past its window, then merges {@code due} (all at {@code timestamp}). */
    private void decide(long timestamp, @Nullable List<Observation> due, TimerService timers, Collector<Violation> out)
            throws Exception {
        Episodes.State state = episode.value();
        if (state != null && timestamp > state.violation().eventTime().toEpochMilli() + windowMillis) {
            state = null;
            episode.clear();
        }
        if (due == null) {
            return;
        }
        if (due.size() > 1) {
            due.sort(TIE_ORDER);
        }
        Instant now = Instant.now();
        for (Observation observation : due) {
            if (state == null) {
                state = Episodes.open(observation, observation.where(), now);
                timers.registerEventTimeTimer(observation.eventTime().toEpochMilli() + windowMillis + 1);
            } else {
                state = Episodes.merge(state, observation, now);
            }
            out.collect(state.violation());
        }
        episode.update(state);
    }

    private static String vendor(String sourceEventId) {
        return sourceEventId.substring(0, sourceEventId.indexOf(':'));
    }

    private static String eventId(String sourceEventId) {
        return sourceEventId.substring(sourceEventId.indexOf(':') + 1);
    }
}
