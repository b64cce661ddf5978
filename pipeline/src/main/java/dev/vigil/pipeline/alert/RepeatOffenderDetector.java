package dev.vigil.pipeline.alert;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.model.Alert;
import dev.vigil.model.AlertKind;
import dev.vigil.model.Violation;
import dev.vigil.model.ViolationStatus;
import dev.vigil.pipeline.episode.EventTimeOrdered;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.util.Collector;

/**
 * {@code REPEAT_OFFENDER} (DESIGN §9): the third (by default) distinct violation that is not
 * REJECTED of one plate within 24 h, taken in event-time order; raised at most once per plate per
 * calendar day in the configured time zone, listing the violations. Keyed by normalised plate;
 * later revisions of a violation already counted change nothing.
 *
 * <p>State: the plate's violations of the last 24 h and the day of its last alert, cleared by a
 * timer 24 h after each violation.
 */
public final class RepeatOffenderDetector extends EventTimeOrdered<Violation, Alert> {
    private static final Comparator<Violation> TIE_ORDER = Comparator.comparing(Violation::violationId);

    private final int threshold;
    private final long windowMillis;
    private final String timeZone;
    private transient ZoneId zone;
    private transient MapState<String, Long> recent;
    private transient MapState<String, String> types;
    private transient ValueState<Long> lastAlertDay;

    public RepeatOffenderDetector(int threshold, Duration window, ZoneId timeZone) {
        super(TypeInformation.of(Violation.class));
        this.threshold = threshold;
        this.windowMillis = window.toMillis();
        this.timeZone = timeZone.getId();
    }

    /** Whether a violation counts towards repeat offending: a readable plate, not rejected. */
    public static boolean counts(Violation violation) {
        return violation.plate() != null && violation.plate().number() != null && violation.status() != ViolationStatus.REJECTED;
    }

    @Override
    public void open(OpenContext context) throws Exception {
        super.open(context);
        zone = ZoneId.of(timeZone);
        recent = getRuntimeContext().getMapState(new MapStateDescriptor<>("recent", Types.STRING, Types.LONG));
        types = getRuntimeContext().getMapState(new MapStateDescriptor<>("types", Types.STRING, Types.STRING));
        lastAlertDay = getRuntimeContext().getState(new ValueStateDescriptor<>("lastAlertDay", Types.LONG));
    }

    @Override
    protected Comparator<Violation> tieOrder() {
        return TIE_ORDER;
    }

    @Override
    protected long eventTime(Violation violation) {
        return violation.eventTime().toEpochMilli();
    }

    @Override
    protected void decide(long timestamp, List<Violation> due, TimerService timers, Collector<Alert> out) throws Exception {
        if (due.isEmpty()) {
            expire(timestamp);
            return;
        }
        for (Violation violation : due) {
            if (recent.contains(violation.violationId())) {
                continue;
            }
            long at = violation.eventTime().toEpochMilli();
            recent.put(violation.violationId(), at);
            types.put(violation.violationId(), violation.type().name() + '|' + violation.siteId());
            timers.registerEventTimeTimer(at + windowMillis + 1);
            List<Map.Entry<String, Long>> within = new ArrayList<>();
            for (Map.Entry<String, Long> entry : recent.entries()) {
                if (entry.getValue() <= at && at - entry.getValue() <= windowMillis) {
                    within.add(Map.entry(entry.getKey(), entry.getValue()));
                }
            }
            long day = Instant.ofEpochMilli(at).atZone(zone).toLocalDate().toEpochDay();
            Long last = lastAlertDay.value();
            if (within.size() >= threshold && (last == null || last != day)) {
                lastAlertDay.update(day);
                within.sort(Map.Entry.<String, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey()));
                ObjectNode details = Alerts.details();
                details.put("count", within.size());
                details.put("windowHours", windowMillis / 3_600_000.0);
                ArrayNode list = details.putArray("violations");
                for (Map.Entry<String, Long> entry : within) {
                    String[] typeAndSite = types.get(entry.getKey()).split("\\|", 2);
                    list.addObject().put("violationId", entry.getKey()).put("type", typeAndSite[0]).put("siteId", typeAndSite[1])
                            .put("eventTime", Alerts.time(entry.getValue()));
                }
                out.collect(Alerts.alert(AlertKind.REPEAT_OFFENDER, violation.eventTime(), violation.plate().number(),
                        violation.deviceIds().get(0), violation.siteId(), violation.district(), details));
            }
        }
    }

    /** Forgets violations older than the window; with none left, the plate is forgotten entirely. */
    private void expire(long timestamp) throws Exception {
        List<String> expired = new ArrayList<>();
        for (Map.Entry<String, Long> entry : recent.entries()) {
            if (timestamp - entry.getValue() > windowMillis) {
                expired.add(entry.getKey());
            }
        }
        // removed by key: removing through a heap state's iterator can leave an empty map behind
        for (String id : expired) {
            recent.remove(id);
            types.remove(id);
        }
        if (recent.isEmpty()) {
            // a day has passed since the last violation, so the once-a-day mark is spent too
            lastAlertDay.clear();
        }
    }
}
