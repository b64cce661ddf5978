package dev.vigil.pipeline.alert;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.model.Alert;
import dev.vigil.model.AlertKind;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * {@code DEVICE_SILENT} / {@code DEVICE_RECOVERED} (DESIGN §9): a device that has sent at least one
 * event and then sends none for the silence threshold (10 min) of event time, measured by the
 * watermark (so a stalled pipeline raises nothing), and its first event after that. Keyed by
 * device; state per device: its newest event time, its site and district, while silent when the
 * silence was raised, and the one timer it has pending (moved on when it fires early, rather than
 * one timer per event).
 */
public final class DeviceSilenceDetector extends KeyedProcessFunction<String, DeviceBeat, Alert> {
    private final long silenceMillis;
    private transient ValueState<Long> lastSeen;
    private transient ValueState<Long> silentAt;
    private transient ValueState<String> site;
    private transient ValueState<Long> deadline;

    public DeviceSilenceDetector(Duration silence) {
        this.silenceMillis = silence.toMillis();
    }

    @Override
    public void open(OpenContext context) {
        lastSeen = getRuntimeContext().getState(new ValueStateDescriptor<>("lastSeen", Types.LONG));
        silentAt = getRuntimeContext().getState(new ValueStateDescriptor<>("silentAt", Types.LONG));
        site = getRuntimeContext().getState(new ValueStateDescriptor<>("site", Types.STRING));
        deadline = getRuntimeContext().getState(new ValueStateDescriptor<>("deadline", Types.LONG));
    }

    @Override
    public void processElement(DeviceBeat beat, Context ctx, Collector<Alert> out) throws Exception {
        long at = beat.eventTime();
        Long silent = silentAt.value();
        Long last = lastSeen.value();
        if (silent != null && at > silent - silenceMillis) {
            silentAt.clear();
            ObjectNode details = Alerts.details();
            details.put("silentSince", Alerts.time(silent - silenceMillis));
            details.put("silenceRaisedAt", Alerts.time(silent));
            details.put("silentMinutes", Math.round((at - (silent - silenceMillis)) / 6_000.0) / 10.0);
            details.put("sourceEventId", beat.sourceEventId());
            out.collect(Alerts.alert(AlertKind.DEVICE_RECOVERED, Instant.ofEpochMilli(at), null, ctx.getCurrentKey(),
                    beat.siteId(), beat.district(), details));
        }
        if (last == null || at > last) {
            lastSeen.update(at);
            if (!samePlace(site.value(), beat)) { // a device is rarely moved: the state is written once, not per event
                site.update(beat.siteId() + '|' + (beat.district() == null ? "" : beat.district()));
            }
            if (deadline.value() == null) {
                deadline.update(at + silenceMillis);
                ctx.timerService().registerEventTimeTimer(at + silenceMillis);
            }
        }
    }

    /** Whether {@code stored} ("siteId|district") is the beat's site and district. */
    static boolean samePlace(String stored, DeviceBeat beat) {
        String siteId = beat.siteId();
        String district = beat.district() == null ? "" : beat.district();
        return stored != null && stored.length() == siteId.length() + 1 + district.length() && stored.startsWith(siteId)
                && stored.charAt(siteId.length()) == '|' && stored.endsWith(district);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        deadline.clear();
        Long last = lastSeen.value();
        if (last == null || silentAt.value() != null) {
            return;
        }
        if (last + silenceMillis > timestamp) { // a newer event moved the deadline on
            deadline.update(last + silenceMillis);
            ctx.timerService().registerEventTimeTimer(last + silenceMillis);
            return;
        }
        silentAt.update(timestamp);
        String[] siteAndDistrict = site.value().split("\\|", 2);
        ObjectNode details = Alerts.details();
        details.put("lastEventTime", Alerts.time(last));
        details.put("silentMinutes", silenceMillis / 60_000.0);
        out.collect(Alerts.alert(AlertKind.DEVICE_SILENT, Instant.ofEpochMilli(timestamp), null, ctx.getCurrentKey(), siteAndDistrict[0],
                siteAndDistrict[1].isEmpty() ? null : siteAndDistrict[1], details));
    }
}
