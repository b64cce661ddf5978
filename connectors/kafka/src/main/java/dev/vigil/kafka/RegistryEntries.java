package dev.vigil.kafka;

import dev.vigil.model.Device;
import dev.vigil.model.Registry;
import dev.vigil.model.Section;
import dev.vigil.model.VigilJson;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A registry as the entries of the compacted {@code vigil.registry} topic: {@code device:<id>} and
 * {@code section:<id>} hold that device or section, {@code exemptions} the exemptions and
 * {@code hotlist} the hotlist array, each as the JSON of that entry.
 */
public final class RegistryEntries {
    public static final String DEVICE_PREFIX = "device:";
    public static final String SECTION_PREFIX = "section:";
    public static final String EXEMPTIONS = "exemptions";
    public static final String HOTLIST = "hotlist";

    private RegistryEntries() {}

    /** Key to JSON bytes for every entry of {@code registry}, in registry order. */
    public static Map<String, byte[]> of(Registry registry) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (Device device : registry.devices()) {
            entries.put(DEVICE_PREFIX + device.id(), VigilJson.toBytes(device));
        }
        for (Section section : registry.sections()) {
            entries.put(SECTION_PREFIX + section.id(), VigilJson.toBytes(section));
        }
        entries.put(EXEMPTIONS, VigilJson.toBytes(registry.exemptions()));
        entries.put(HOTLIST, VigilJson.toBytes(registry.hotlist()));
        return entries;
    }
}
