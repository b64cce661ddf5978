package dev.vigil.pipeline.episode;

import dev.vigil.model.Nullable;
import dev.vigil.pipeline.state.BufferedTypeInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Hands a key's records to {@link #decide} in event-time order: each waits in state until the
 * watermark passes its event time, and records with equal times come in {@link #tieOrder}. A record
 * that arrives already behind the watermark (one sent before its source's first watermark travels
 * on a channel marked idle, which holds no watermark back) is decided at once and counted as
 * {@code behindWatermark}, rather than left waiting for a further watermark.
 *
 * <p>{@link #decide} is also called, with no records, for every other timer a subclass registers.
 */
public abstract class EventTimeOrdered<I, O> extends KeyedProcessFunction<String, I, O> {
    private final TypeInformation<I> type;
    private transient MapState<Long, List<I>> pending;
    private transient Counter behindWatermark;

    protected EventTimeOrdered(TypeInformation<I> type) {
        this.type = type;
    }

    /** The order of records with equal event times (a static constant: functions are serialized). */
    protected abstract Comparator<I> tieOrder();

    /** The record's event time in epoch milliseconds. */
    protected abstract long eventTime(I record);

    /**
     * Takes the records at {@code timestamp} (in tie order), or none when a subclass's own timer
     * fired; the watermark has reached {@code timestamp}.
     */
    protected abstract void decide(long timestamp, List<I> due, TimerService timers, Collector<O> out) throws Exception;

    @Override
    public void open(OpenContext context) throws Exception {
        pending = getRuntimeContext().getMapState(new MapStateDescriptor<>("pending", Types.LONG, BufferedTypeInfo.of(Types.LIST(type))));
        behindWatermark = getRuntimeContext().getMetricGroup().counter("behindWatermark");
    }

    @Override
    public void processElement(I record, Context ctx, Collector<O> out) throws Exception {
        long at = eventTime(record);
        if (at <= ctx.timerService().currentWatermark()) {
            behindWatermark.inc();
            decide(at, List.of(record), ctx.timerService(), out);
            return;
        }
        List<I> due = pending.get(at);
        if (due == null) {
            due = new ArrayList<>(1);
        }
        due.add(record);
        pending.put(at, due);
        ctx.timerService().registerEventTimeTimer(at);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<O> out) throws Exception {
        @Nullable List<I> due = pending.get(timestamp);
        if (due == null) {
            decide(timestamp, List.of(), ctx.timerService(), out);
            return;
        }
        pending.remove(timestamp);
        if (due.size() > 1) {
            due.sort(tieOrder());
        }
        decide(timestamp, due, ctx.timerService(), out);
    }
}
