package dev.vigil.pipeline.registry;

import dev.vigil.model.CameraEvent;
import dev.vigil.model.Device;

/**
 * An event that passed every check: known device, known code and zone, not late; with its
 * registry entry and whether the registry exempts its plate.
 */
public record Checked(CameraEvent event, Device device, boolean exempt) {}
