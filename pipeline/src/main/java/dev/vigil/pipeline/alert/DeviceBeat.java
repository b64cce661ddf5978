package dev.vigil.pipeline.alert;

import dev.vigil.model.Nullable;
import dev.vigil.pipeline.registry.Checked;

/**
 * That a device sent an on-time event, and when: all the silence detector needs of an event, so
 * the raw payload and the parsed event do not cross the network to it.
 *
 * @param eventTime epoch millis
 */
public record DeviceBeat(String deviceId, long eventTime, String siteId, @Nullable String district, String sourceEventId) {

    public static DeviceBeat of(Checked checked) {
        return new DeviceBeat(checked.event().deviceId(), checked.event().eventTime().toEpochMilli(), checked.device().siteId(),
                checked.device().district(), checked.event().sourceEventId());
    }
}
