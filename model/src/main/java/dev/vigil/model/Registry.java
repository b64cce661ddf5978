package dev.vigil.model;

import java.util.List;

/**
 * The camera registry: devices, speed sections, exemptions and the hotlist. Loaded and validated
 * by {@link RegistryReader}; see {@code schema/camera-registry.schema.json}.
 */
public record Registry(List<Device> devices, List<Section> sections, Exemptions exemptions, List<HotlistEntry> hotlist) {
    public Registry {
        devices = devices == null ? List.of() : List.copyOf(devices);
        sections = sections == null ? List.of() : List.copyOf(sections);
        exemptions = exemptions == null ? Exemptions.NONE : exemptions;
        hotlist = hotlist == null ? List.of() : List.copyOf(hotlist);
    }
}
