package dev.vigil.gateway;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.vigil.model.Direction;
import dev.vigil.model.PlateColor;
import dev.vigil.model.VehicleClass;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The GA/T 1400 code tables (plate colours, directions, vehicle classes, image roles), read from
 * configuration: {@code gat1400-codes.yaml} ships the values public implementations agree on.
 */
record Gat1400Codes(Map<String, PlateColor> plateColors, Map<String, Direction> directions,
        Map<String, VehicleClass> vehicleClassPrefixes, Map<String, String> storageUrlRoles, Map<String, String> subImageTypes) {

    static Gat1400Codes defaults() {
        try (InputStream in = Gat1400Codes.class.getResourceAsStream("gat1400-codes.yaml")) {
            return new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .readValue(in, Gat1400Codes.class);
        } catch (IOException e) {
            throw new UncheckedIOException("the shipped GA/T 1400 code table is unreadable", e);
        }
    }

    PlateColor plateColor(String code) {
        return code == null ? null : plateColors.getOrDefault(code, PlateColor.OTHER);
    }

    VehicleClass vehicleClass(String code) {
        if (code == null || code.isEmpty()) {
            return null;
        }
        String best = null;
        for (String prefix : vehicleClassPrefixes.keySet()) {
            if (code.startsWith(prefix) && (best == null || prefix.length() > best.length())) {
                best = prefix;
            }
        }
        return best == null ? VehicleClass.OTHER : vehicleClassPrefixes.get(best);
    }
}
