package dev.vigil.pipeline.alert;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.model.Alert;
import dev.vigil.model.AlertKind;
import dev.vigil.pipeline.episode.EventTimeOrdered;
import dev.vigil.pipeline.state.BufferedTypeInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.util.Collector;

/**
 * {@code CLONED_PLATE_SUSPECT} (DESIGN §9): one plate seen at devices of two different sites within
 * the window (30 min), at least 1 s apart, so far apart that the implied speed (haversine distance
 * over the time between) exceeds the threshold (200 km/h). Raised at the later sighting, naming
 * both, at most once per device pair per window. Keyed by plate; sightings are taken in event-time
 * order.
 *
 * <p>State: the plate's sightings of the last window and the pairs alerted within it, both cleared
 * by a timer one window after the newest sighting (one timer per plate, not one per sighting).
 */
public final class ClonedPlateDetector extends EventTimeOrdered<Sighting, Alert> {
    private static final double EARTH_RADIUS_METERS = 6_371_008.8;
    private static final Comparator<Sighting> TIE_ORDER = Comparator.comparing(Sighting::sourceEventId);

    private final long windowMillis;
    private final double speedKmh;
    private transient ListState<Sighting> recent;
    private transient MapState<String, Long> alertedPairs;
    private transient ValueState<Long> cleanup;

    public ClonedPlateDetector(Duration window, double speedKmh) {
        super(TypeInformation.of(Sighting.class));
        this.windowMillis = window.toMillis();
        this.speedKmh = speedKmh;
    }

    @Override
    public void open(OpenContext context) throws Exception {
        super.open(context);
        recent = getRuntimeContext().getListState(new ListStateDescriptor<>("recent", BufferedTypeInfo.of(Sighting.class)));
        alertedPairs = getRuntimeContext().getMapState(new MapStateDescriptor<>("alertedPairs", Types.STRING, Types.LONG));
        cleanup = getRuntimeContext().getState(new ValueStateDescriptor<>("cleanup", Types.LONG));
    }

    @Override
    protected Comparator<Sighting> tieOrder() {
        return TIE_ORDER;
    }

    @Override
    protected long eventTime(Sighting sighting) {
        return sighting.eventTime();
    }

    @Override
    protected void decide(long timestamp, List<Sighting> due, TimerService timers, Collector<Alert> out) throws Exception {
        List<Sighting> kept = new ArrayList<>();
        for (Sighting s : recent.get()) {
            if (timestamp - s.eventTime() <= windowMillis) {
                kept.add(s);
            }
        }
        for (Sighting now : due) {
            for (Sighting before : kept) {
                check(before, now, out);
            }
            kept.add(now);
        }
        List<String> expired = new ArrayList<>();
        for (Map.Entry<String, Long> entry : alertedPairs.entries()) {
            if (timestamp - entry.getValue() > windowMillis) {
                expired.add(entry.getKey());
            }
        }
        // removed by key: removing through a heap state's iterator can leave an empty map behind
        for (String pair : expired) {
            alertedPairs.remove(pair);
        }
        if (kept.isEmpty()) {
            recent.clear();
        } else {
            recent.update(kept);
        }
        // one cleanup timer per plate, one window after its newest sighting; moved on when it fires early
        Long pending = cleanup.value();
        if (pending != null && pending > timestamp) {
            return;
        }
        if (kept.isEmpty()) {
            cleanup.clear();
            return;
        }
        long newest = Long.MIN_VALUE;
        for (Sighting s : kept) {
            newest = Math.max(newest, s.eventTime());
        }
        cleanup.update(newest + windowMillis + 1);
        timers.registerEventTimeTimer(newest + windowMillis + 1);
    }

    private void check(Sighting before, Sighting now, Collector<Alert> out) throws Exception {
        long millis = now.eventTime() - before.eventTime();
        if (before.siteId().equals(now.siteId()) || millis < 1_000 || millis > windowMillis) {
            return;
        }
        double meters = haversineMeters(before, now);
        // km/h = meters / 1000 / (millis / 3_600_000)
        double impliedKmh = meters * 3_600 / millis;
        if (!(impliedKmh > speedKmh)) {
            return;
        }
        String pair = before.deviceId().compareTo(now.deviceId()) < 0 ? before.deviceId() + '|' + now.deviceId()
                : now.deviceId() + '|' + before.deviceId();
        Long last = alertedPairs.get(pair);
        if (last != null && now.eventTime() - last <= windowMillis) {
            return;
        }
        alertedPairs.put(pair, now.eventTime());
        ObjectNode details = Alerts.details();
        sighting(details.putObject("first"), before);
        sighting(details.putObject("second"), now);
        details.put("distanceMeters", Math.round(meters));
        details.put("seconds", millis / 1000.0);
        details.put("impliedSpeedKmh", Math.round(impliedKmh * 10) / 10.0);
        out.collect(Alerts.alert(AlertKind.CLONED_PLATE_SUSPECT, Instant.ofEpochMilli(now.eventTime()), now.plate(), now.deviceId(),
                now.siteId(), now.district(), details));
    }

    private static void sighting(ObjectNode node, Sighting s) {
        node.put("deviceId", s.deviceId());
        node.put("siteId", s.siteId());
        node.put("eventTime", Alerts.time(s.eventTime()));
        node.put("sourceEventId", s.sourceEventId());
        node.putObject("location").put("lat", s.lat()).put("lon", s.lon());
    }

    static double haversineMeters(Sighting a, Sighting b) {
        double lat1 = Math.toRadians(a.lat());
        double lat2 = Math.toRadians(b.lat());
        double dLat = lat2 - lat1;
        double dLon = Math.toRadians(b.lon() - a.lon());
        double h = Math.sin(dLat / 2) * Math.sin(dLat / 2) + Math.cos(lat1) * Math.cos(lat2) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
        return 2 * EARTH_RADIUS_METERS * Math.asin(Math.min(1, Math.sqrt(h)));
    }
}
