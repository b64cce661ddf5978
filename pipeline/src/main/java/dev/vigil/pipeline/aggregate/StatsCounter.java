package dev.vigil.pipeline.aggregate;

import dev.vigil.model.Nullable;
import dev.vigil.model.Stat;
import dev.vigil.model.Violation;
import dev.vigil.model.ViolationType;
import dev.vigil.pipeline.state.BufferedTypeInfo;
import dev.vigil.rules.ViolationIds;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * One-minute counts of violations (DESIGN §8): first revisions only, by the violation's event time,
 * per (type, first device). A window's stat is emitted when the watermark passes its end; a first
 * revision arriving later (parking and section-speed violations are born minutes after their event
 * time) re-emits its window with the new count under the same {@code statId}, for as long as the
 * allowed lateness (26 h) after the window's end. Beyond that the violation is counted as
 * {@code stats.late} and its window, already cleared, stays as it was.
 *
 * <p>State per key: the counts of windows still within their lateness, each removed by a timer.
 */
public final class StatsCounter extends KeyedProcessFunction<String, Violation, Stat> {
    static final long WINDOW_MILLIS = 60_000;

    /** A window's count so far, whether it was emitted, and the site and district of its device. */
    public record WindowCount(long count, boolean emitted, @Nullable String siteId, @Nullable String district) {}

    private final long latenessMillis;
    private transient MapState<Long, WindowCount> windows;
    private transient Counter late;

    public StatsCounter(Duration allowedLateness) {
        this.latenessMillis = allowedLateness.toMillis();
    }

    /** Whether the violation counts: its first revision does, later ones do not. */
    public static boolean counts(Violation violation) {
        return violation.revision() == 1;
    }

    /** The key: type and first device. */
    public static String key(Violation violation) {
        return violation.type().name() + '|' + violation.deviceIds().get(0);
    }

    @Override
    public void open(OpenContext context) {
        windows = getRuntimeContext().getMapState(new MapStateDescriptor<>("windows", Types.LONG, BufferedTypeInfo.of(WindowCount.class)));
        late = getRuntimeContext().getMetricGroup().counter("stats.late");
    }

    @Override
    public void processElement(Violation violation, Context ctx, Collector<Stat> out) throws Exception {
        if (!counts(violation)) {
            return;
        }
        long start = Math.floorDiv(violation.eventTime().toEpochMilli(), WINDOW_MILLIS) * WINDOW_MILLIS;
        long lastMoment = start + WINDOW_MILLIS - 1;
        long watermark = ctx.timerService().currentWatermark();
        if (lastMoment + latenessMillis <= watermark) {
            late.inc();
            return;
        }
        WindowCount before = windows.get(start);
        if (before == null) {
            ctx.timerService().registerEventTimeTimer(lastMoment + latenessMillis);
        }
        // a window the watermark has passed is emitted now, and again with each later arrival
        boolean ended = lastMoment <= watermark;
        WindowCount now = before == null
                ? new WindowCount(1, ended, violation.siteId(), violation.district())
                : new WindowCount(before.count() + 1, before.emitted() || ended, before.siteId(), before.district());
        windows.put(start, now);
        if (now.emitted()) {
            out.collect(stat(ctx.getCurrentKey(), start, now));
        } else if (before == null) {
            ctx.timerService().registerEventTimeTimer(lastMoment);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Stat> out) throws Exception {
        // a timer ends one window (emit) and, when the lateness is whole minutes, clears an older one
        long endingStart = timestamp + 1 - WINDOW_MILLIS;
        WindowCount ending = windows.get(endingStart);
        if (ending != null && !ending.emitted()) {
            WindowCount emitted = new WindowCount(ending.count(), true, ending.siteId(), ending.district());
            windows.put(endingStart, emitted);
            out.collect(stat(ctx.getCurrentKey(), endingStart, emitted));
        }
        long expiredStart = timestamp + 1 - WINDOW_MILLIS - latenessMillis;
        if (windows.contains(expiredStart)) {
            windows.remove(expiredStart);
        }
    }

    private static Stat stat(String key, long start, WindowCount count) {
        int bar = key.indexOf('|');
        String type = key.substring(0, bar);
        String deviceId = key.substring(bar + 1);
        return new Stat(statId(type, deviceId, start), Stat.ONE_MINUTE, Instant.ofEpochMilli(start),
                Instant.ofEpochMilli(start + WINDOW_MILLIS), ViolationType.valueOf(type), deviceId, count.siteId(),
                count.district(), count.count(), Instant.now());
    }

    /** Hex SHA-256 of {@code type|deviceId|windowStart epoch millis}. */
    static String statId(String type, String deviceId, long windowStart) {
        return ViolationIds.sha256Hex(type + '|' + deviceId + '|' + windowStart);
    }
}
