package dev.vigil.pipeline.registry;

import dev.vigil.pipeline.DeadLetters;
import dev.vigil.pipeline.LateEvent;
import java.util.List;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Sends events at or behind the watermark, unchanged, to the late side output and counts them;
 * the rest go on to the rules.
 *
 * <p>Flink does not checkpoint watermarks: after a restore with nothing to replay the watermark
 * would start again from nothing, and an event that was late before a failure would count after
 * it. This operator therefore keeps the highest watermark it has received in (union) operator
 * state and judges against that, so a failure does not change which events are late. It is an
 * operator rather than a function because only an operator sees watermarks as they arrive.
 */
public final class LateEventFilter extends AbstractStreamOperator<Checked> implements OneInputStreamOperator<Checked, Checked> {
    private static final long serialVersionUID = 1L;

    private transient ListState<Long> retained;
    private transient long highestWatermark;
    private transient Counter late;

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        retained = context.getOperatorStateStore().getUnionListState(new ListStateDescriptor<>("highest-watermark", Types.LONG));
        highestWatermark = Long.MIN_VALUE;
        for (Long watermark : retained.get()) {
            highestWatermark = Math.max(highestWatermark, watermark);
        }
    }

    @Override
    public void open() throws Exception {
        super.open();
        late = getMetricGroup().counter("lateEvents");
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        retained.update(List.of(highestWatermark));
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        if (mark.getTimestamp() > highestWatermark) {
            highestWatermark = mark.getTimestamp();
        }
        super.processWatermark(mark);
    }

    @Override
    public void processElement(StreamRecord<Checked> record) {
        Checked checked = record.getValue();
        if (checked.event().eventTime().toEpochMilli() <= highestWatermark) {
            late.inc();
            output.collect(DeadLetters.LATE, new StreamRecord<>(new LateEvent(checked.key(), checked.payload()), record.getTimestamp()));
            return;
        }
        output.collect(record);
    }
}
