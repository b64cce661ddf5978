package dev.vigil.pipeline.registry;

import dev.vigil.model.CameraEvent;
import dev.vigil.model.Device;
import dev.vigil.model.Nullable;
import dev.vigil.model.Section;
import java.util.List;

/**
 * An event that passed the registry checks (known device, code and zone), with its registry entry,
 * whether the registry exempts its plate, the hotlist's note when its plate is hotlisted, and the
 * speed sections its device begins or ends; the original key and bytes travel with it as far as
 * the late check, which keeps them for the late topic.
 *
 * @param plate the normalised plate, null when unreadable
 */
public record Checked(@Nullable String key, byte[] payload, CameraEvent event, Device device, @Nullable String plate, boolean exempt,
        @Nullable String hotlistNote, List<Section> sections) {}
