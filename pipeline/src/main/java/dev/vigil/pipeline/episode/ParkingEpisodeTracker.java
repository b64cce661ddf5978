package dev.vigil.pipeline.episode;

import dev.vigil.model.Violation;
import dev.vigil.pipeline.state.BufferedTypeInfo;
import dev.vigil.rules.Episodes;
import dev.vigil.rules.Observation;
import dev.vigil.rules.ParkingRules;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.util.Collector;

/**
 * Illegal-parking episodes, keyed by (zone, plate), in event-time order: captures wait for the
 * watermark, then each extends the episode while the gap to the previous capture is at most 30
 * minutes. Once the episode spans the zone's minimum interval the violation is born (revision 1,
 * naming every capture so far); each later capture is a new revision, so a long stay stays one
 * violation. A longer gap starts a new episode. Evidence and decision hold the first capture and
 * the latest ({@link Episodes#extendStay}), so revisions do not grow with the stay.
 *
 * <p>State: captures waiting for the watermark; the captures of an episode not yet long enough;
 * the open violation; the time of the last capture. A timer one gap after the last capture clears
 * it all.
 */
public final class ParkingEpisodeTracker extends EventTimeOrdered<ParkingCapture, Violation> {
    private static final long MAX_GAP_MILLIS = ParkingRules.MAX_GAP_SECONDS * 1000;
    private static final Comparator<ParkingCapture> TIE_ORDER =
            Comparator.comparing(ParkingCapture::observation, EpisodeMerger.TIE_ORDER);

    private transient ListState<Observation> waiting;
    private transient ValueState<Episodes.State> episode;
    private transient ValueState<Long> lastCapture;

    public ParkingEpisodeTracker() {
        super(TypeInformation.of(ParkingCapture.class));
    }

    @Override
    public void open(OpenContext context) throws Exception {
        super.open(context);
        waiting = getRuntimeContext().getListState(new ListStateDescriptor<>("episode-captures", BufferedTypeInfo.of(Observation.class)));
        episode = getRuntimeContext().getState(new ValueStateDescriptor<>("violation", BufferedTypeInfo.of(Episodes.State.class)));
        lastCapture = getRuntimeContext().getState(new ValueStateDescriptor<>("last-capture", Types.LONG));
    }

    @Override
    protected Comparator<ParkingCapture> tieOrder() {
        return TIE_ORDER;
    }

    @Override
    protected long eventTime(ParkingCapture capture) {
        return capture.observation().eventTime().toEpochMilli();
    }

    @Override
    protected void decide(long timestamp, List<ParkingCapture> due, TimerService timers, Collector<Violation> out) throws Exception {
        Long last = lastCapture.value();
        if (last != null && timestamp - last > MAX_GAP_MILLIS) {
            waiting.clear();
            episode.clear();
            lastCapture.clear();
        }
        if (due.isEmpty()) {
            return;
        }
        Episodes.State state = episode.value();
        Instant now = Instant.now();
        for (ParkingCapture capture : due) {
            Observation o = capture.observation();
            if (state != null) {
                state = Episodes.extendStay(state, o, now);
                out.collect(state.violation());
            } else {
                waiting.add(o);
                List<Observation> captures = new ArrayList<>();
                waiting.get().forEach(captures::add);
                long span = o.eventTime().toEpochMilli() - captures.get(0).eventTime().toEpochMilli();
                if (span >= capture.minIntervalSeconds() * 1000L) {
                    state = Episodes.openStay(captures, o.where(), now);
                    waiting.clear();
                    out.collect(state.violation());
                }
            }
            lastCapture.update(o.eventTime().toEpochMilli());
            timers.registerEventTimeTimer(o.eventTime().toEpochMilli() + MAX_GAP_MILLIS + 1);
        }
        if (state != null) {
            episode.update(state);
        }
    }
}
