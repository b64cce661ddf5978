package dev.vigil.pipeline.episode;

import dev.vigil.model.Violation;
import dev.vigil.pipeline.state.BufferedTypeInfo;
import dev.vigil.rules.Episodes;
import dev.vigil.rules.Observation;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.util.Collector;

/**
 * Merges observations of one (type, plate, site) into episodes, in event-time order: keyed by
 * {@link Observation#episodeKey()}, each observation waits in state until the watermark passes its
 * event time, then observations are taken in (eventTime, vendor, eventId) order. One within the
 * window of the episode's first observation merges in as the next revision; a later one opens a
 * new violation. Every revision is emitted.
 *
 * <p>State: the observations waiting for the watermark, by event time; the open episode, cleared
 * by a timer once the watermark is past its window, so state does not outlive an episode.
 */
public final class EpisodeMerger extends EventTimeOrdered<Observation, Violation> {
    /** (vendor, eventId): the order of observations with equal event times. */
    public static final Comparator<Observation> TIE_ORDER = Comparator
            .comparing((Observation o) -> vendor(o.sourceEventId()))
            .thenComparing(o -> eventId(o.sourceEventId()));

    private final long windowMillis;
    private transient ValueState<Episodes.State> episode;

    public EpisodeMerger(Duration window) {
        super(TypeInformation.of(Observation.class));
        this.windowMillis = window.toMillis();
    }

    @Override
    public void open(OpenContext context) throws Exception {
        super.open(context);
        episode = getRuntimeContext().getState(new ValueStateDescriptor<>("episode", BufferedTypeInfo.of(Episodes.State.class)));
    }

    @Override
    protected Comparator<Observation> tieOrder() {
        return TIE_ORDER;
    }

    @Override
    protected long eventTime(Observation observation) {
        return observation.eventTime().toEpochMilli();
    }

    /** Expires the episode if {@code timestamp} is past its window, then merges {@code due}. */
    @Override
    protected void decide(long timestamp, List<Observation> due, TimerService timers, Collector<Violation> out) throws Exception {
        Episodes.State state = episode.value();
        if (state != null && timestamp > state.violation().eventTime().toEpochMilli() + windowMillis) {
            state = null;
            episode.clear();
        }
        if (due.isEmpty()) {
            return;
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
