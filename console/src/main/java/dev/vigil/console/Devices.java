package dev.vigil.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.kafka.RegistryEntries;
import dev.vigil.kafka.RegistrySnapshot;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * {@code GET /api/devices}: the registry's cameras with where they stand, read from the compacted
 * registry topic and kept for a minute, so the dashboard's map draws from the registry's own
 * coordinates (no tile server) and names devices and roads.
 */
final class Devices {
    private static final Duration FRESH = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Properties client;
    private final String topic;
    private List<Map<String, Object>> cached;
    private long readAt;

    Devices(String bootstrapServers, String topic) {
        this.client = new Properties();
        client.put("bootstrap.servers", bootstrapServers);
        client.put("client.id", "vigil-console-registry");
        this.topic = topic;
    }

    /** Every device, by id: {@code id, name, type, siteId, district, road, lon, lat}. */
    synchronized List<Map<String, Object>> list() throws IOException {
        if (cached == null || System.nanoTime() - readAt > FRESH.toNanos()) {
            cached = read();
            readAt = System.nanoTime();
        }
        return cached;
    }

    private List<Map<String, Object>> read() throws IOException {
        List<Map<String, Object>> devices = new ArrayList<>();
        for (Map.Entry<String, byte[]> entry : RegistrySnapshot.read(client, topic).entries().entrySet()) {
            if (!entry.getKey().startsWith(RegistryEntries.DEVICE_PREFIX)) {
                continue;
            }
            JsonNode device = JSON.readTree(entry.getValue());
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", device.path("id").asText());
            row.put("name", text(device, "name"));
            row.put("type", text(device, "type"));
            row.put("siteId", text(device, "siteId"));
            row.put("district", text(device, "district"));
            row.put("road", text(device, "road"));
            row.put("lon", device.path("location").path("lon").asDouble());
            row.put("lat", device.path("location").path("lat").asDouble());
            devices.add(row);
        }
        devices.sort(Comparator.comparing(d -> (String) d.get("id")));
        return List.copyOf(devices);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
