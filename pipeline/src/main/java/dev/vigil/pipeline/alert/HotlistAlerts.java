package dev.vigil.pipeline.alert;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.model.Alert;
import dev.vigil.model.AlertKind;
import dev.vigil.model.CameraEvent;
import dev.vigil.model.Image;
import dev.vigil.pipeline.registry.Checked;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * {@code HOTLIST_HIT}: every sighting of a hotlisted plate, raised as the event passes the registry
 * checks, without waiting for the watermark. The two reports of one pass (a camera's violation
 * report and its pass record) have the same plate and time, hence the same alert id.
 */
public final class HotlistAlerts implements FlatMapFunction<Checked, Alert> {
    private static final long serialVersionUID = 1L;

    @Override
    public void flatMap(Checked checked, Collector<Alert> out) {
        if (checked.hotlistNote() == null) {
            return;
        }
        CameraEvent event = checked.event();
        ObjectNode details = Alerts.details();
        details.put("note", checked.hotlistNote());
        details.put("sourceEventId", event.sourceEventId());
        details.put("eventKind", event.kind().name());
        if (checked.device().name() != null) {
            details.put("deviceName", checked.device().name());
        }
        if (checked.device().road() != null) {
            details.put("road", checked.device().road());
        }
        details.putObject("location").put("lat", checked.device().location().lat()).put("lon", checked.device().location().lon());
        if (event.direction() != null) {
            details.put("direction", event.direction().name());
        }
        if (event.speedKmh() != null) {
            details.put("speedKmh", event.speedKmh());
        }
        ArrayNode images = details.putArray("images");
        for (Image image : event.images()) {
            images.add(image.uri());
        }
        out.collect(Alerts.alert(AlertKind.HOTLIST_HIT, event.eventTime(), checked.plate(), event.deviceId(), checked.device().siteId(),
                checked.device().district(), details));
    }
}
