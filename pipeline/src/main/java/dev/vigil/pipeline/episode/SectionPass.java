package dev.vigil.pipeline.episode;

import dev.vigil.model.CameraEvent;
import dev.vigil.model.Device;
import dev.vigil.model.Section;

/**
 * A pass of a readable plate at one end of a speed section.
 *
 * @param entry true at the section's entry device, false at its exit
 */
public record SectionPass(Section section, boolean entry, CameraEvent event, Device device, boolean exempt) {

    /** The pairing key: the section and the normalised plate. */
    public String key() {
        return section.id() + '|' + dev.vigil.model.Plates.normalize(event.plate().number());
    }
}
