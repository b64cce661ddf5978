package dev.vigil.pipeline.source;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Bounded out-of-orderness watermarks taken only from the event time of valid events: a record
 * the source refused never moves the watermark (there is no fallback to the Kafka timestamp).
 * Applied per source partition by the Kafka source; idle partitions stop holding it back.
 */
public final class ValidEventWatermarks implements WatermarkGenerator<Ingested> {
    private final long outOfOrdernessMillis;
    private long maxTimestamp = Long.MIN_VALUE;

    ValidEventWatermarks(Duration outOfOrderness) {
        this.outOfOrdernessMillis = outOfOrderness.toMillis();
    }

    /** The strategy for the camera-event source. */
    public static WatermarkStrategy<Ingested> strategy(Duration outOfOrderness, Duration idleness) {
        SerializableTimestampAssigner<Ingested> eventTime =
                (record, kafkaTimestamp) -> record.isValid() ? record.event().eventTime().toEpochMilli() : Long.MIN_VALUE;
        return WatermarkStrategy.<Ingested>forGenerator(context -> new ValidEventWatermarks(outOfOrderness))
                .withTimestampAssigner(eventTime)
                .withIdleness(idleness);
    }

    @Override
    public void onEvent(Ingested record, long timestamp, WatermarkOutput output) {
        if (record.isValid() && timestamp > maxTimestamp) {
            maxTimestamp = timestamp;
        }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        if (maxTimestamp != Long.MIN_VALUE) {
            output.emitWatermark(new Watermark(maxTimestamp - outOfOrdernessMillis - 1));
        }
    }
}
