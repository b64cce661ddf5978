package dev.vigil.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loads a camera registry from YAML or JSON and validates it against
 * {@code schema/camera-registry.schema.json} plus the rules a schema cannot say (unique device,
 * section and zone ids, sections between known devices, unique lane numbers). Every problem is
 * reported at once, each naming the device or section and the field. Fills in the schema's
 * defaults ({@code rightTurnOnRedAllowed: true}, {@code minIntervalSeconds: 300}).
 *
 * <p>YAML 1.1 reads {@code id: 0101} as a number and a bare {@code no} as false: such ids are
 * refused with a message to quote them.
 */
public final class RegistryReader {
    private static final ObjectMapper YAML = YAMLMapper.builder(YAMLFactory.builder()
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
            .build();

    private RegistryReader() {}

    /** Reads the registry at {@code path}; YAML unless the file name ends in {@code .json}. */
    public static Registry read(Path path) throws IOException {
        byte[] bytes = Files.readAllBytes(path);
        boolean json = path.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".json");
        return read(bytes, json, path.toString());
    }

    /** Reads a registry document; {@code json} selects strict JSON, else YAML. */
    public static Registry read(byte[] document, boolean json, String source) {
        JsonNode root;
        try {
            root = (json ? VigilJson.mapper() : YAML).readTree(document);
        } catch (JsonProcessingException e) {
            throw new RegistryException(source, List.of("not valid " + (json ? "JSON" : "YAML") + ": "
                    + e.getOriginalMessage()));
        } catch (IOException e) {
            throw new RegistryException(source, List.of("unreadable: " + e.getMessage()));
        }
        if (root == null || root.isMissingNode()) {
            throw new RegistryException(source, List.of("the document is empty"));
        }
        List<String> problems = new ArrayList<>();
        new Checker(problems).registry(root);
        if (!problems.isEmpty()) {
            throw new RegistryException(source, problems);
        }
        fillDefaults(root);
        try {
            return VigilJson.mapper().treeToValue(root, Registry.class);
        } catch (JsonProcessingException e) {
            throw new RegistryException(source, List.of("cannot map: " + e.getOriginalMessage()));
        }
    }

    /** Reads a registry document given as text (YAML, which includes JSON-looking input). */
    public static Registry read(String document, String source) {
        return read(document.getBytes(StandardCharsets.UTF_8), false, source);
    }

    private static void fillDefaults(JsonNode root) {
        for (JsonNode device : root.path("devices")) {
            ObjectNode d = (ObjectNode) device;
            if (!d.has("rightTurnOnRedAllowed")) {
                d.put("rightTurnOnRedAllowed", true);
            }
            for (JsonNode zone : d.path("zones")) {
                if (!zone.has("minIntervalSeconds")) {
                    ((ObjectNode) zone).put("minIntervalSeconds", Zone.DEFAULT_MIN_INTERVAL_SECONDS);
                }
            }
        }
    }

    /** Walks the tree and records one line per problem. */
    private static final class Checker {
        private static final Set<String> MOVEMENTS = Set.of("STRAIGHT", "LEFT", "RIGHT", "U_TURN");
        private static final Set<String> DIRECTIONS = Set.of("N", "E", "S", "W");
        private static final Set<String> DEVICE_TYPES = Set.of("E_POLICE", "CHECKPOINT", "PARKING");

        private final List<String> problems;
        private String subject = "registry";

        Checker(List<String> problems) {
            this.problems = problems;
        }

        void registry(JsonNode root) {
            if (!object(root, "", Set.of("devices", "sections", "exemptions", "hotlist"))) {
                return;
            }
            Set<String> deviceIds = new HashSet<>();
            Set<String> zoneIds = new HashSet<>();
            JsonNode devices = root.get("devices");
            if (devices == null) {
                problem("/devices", "required");
            } else if (array(devices, "/devices")) {
                for (int i = 0; i < devices.size(); i++) {
                    device(devices.get(i), "/devices/" + i, deviceIds, zoneIds);
                }
            }
            JsonNode sections = root.get("sections");
            if (sections != null && array(sections, "/sections")) {
                Set<String> sectionIds = new HashSet<>();
                for (int i = 0; i < sections.size(); i++) {
                    section(sections.get(i), "/sections/" + i, deviceIds, sectionIds);
                }
            }
            subject = "registry";
            JsonNode exemptions = root.get("exemptions");
            if (exemptions != null && object(exemptions, "/exemptions", Set.of("plates", "plateSuffixes"))) {
                stringArray(exemptions.get("plates"), "/exemptions/plates");
                stringArray(exemptions.get("plateSuffixes"), "/exemptions/plateSuffixes");
            }
            JsonNode hotlist = root.get("hotlist");
            if (hotlist != null && array(hotlist, "/hotlist")) {
                for (int i = 0; i < hotlist.size(); i++) {
                    String at = "/hotlist/" + i;
                    JsonNode entry = hotlist.get(i);
                    if (object(entry, at, Set.of("plate", "note"))) {
                        requiredString(entry, at, "plate", 0, Integer.MAX_VALUE);
                        optionalString(entry, at, "note");
                    }
                }
            }
        }

        private void device(JsonNode device, String at, Set<String> deviceIds, Set<String> zoneIds) {
            JsonNode idNode = device.get("id");
            subject = idNode != null && idNode.isTextual() ? "device '" + idNode.asText() + "'" : "device " + at;
            if (!object(device, at, Set.of("id", "type", "siteId", "name", "district", "road", "location",
                    "speedLimitKmh", "lanes", "prohibitedMovements", "rightTurnOnRedAllowed", "zones"))) {
                return;
            }
            String id = requiredString(device, at, "id", 1, 64);
            if (id != null && !deviceIds.add(id)) {
                problem(at + "/id", "duplicate device id");
            }
            JsonNode type = device.get("type");
            if (type == null) {
                problem(at + "/type", "required");
            } else {
                oneOf(type, at + "/type", DEVICE_TYPES);
            }
            requiredString(device, at, "siteId", 1, 64);
            optionalString(device, at, "name");
            optionalString(device, at, "district");
            optionalString(device, at, "road");
            JsonNode location = device.get("location");
            if (location == null) {
                problem(at + "/location", "required");
            } else if (object(location, at + "/location", Set.of("lat", "lon"))) {
                coordinate(location, at + "/location", "lat", 90);
                coordinate(location, at + "/location", "lon", 180);
            }
            JsonNode limit = device.get("speedLimitKmh");
            if (limit != null) {
                positive(limit, at + "/speedLimitKmh");
            }
            JsonNode lanes = device.get("lanes");
            if (lanes != null && array(lanes, at + "/lanes")) {
                Set<Long> numbers = new HashSet<>();
                for (int i = 0; i < lanes.size(); i++) {
                    lane(lanes.get(i), at + "/lanes/" + i, numbers);
                }
            }
            JsonNode prohibited = device.get("prohibitedMovements");
            if (prohibited != null && array(prohibited, at + "/prohibitedMovements")) {
                for (int i = 0; i < prohibited.size(); i++) {
                    oneOf(prohibited.get(i), at + "/prohibitedMovements/" + i, MOVEMENTS);
                }
            }
            JsonNode rightTurn = device.get("rightTurnOnRedAllowed");
            if (rightTurn != null && !rightTurn.isBoolean()) {
                problem(at + "/rightTurnOnRedAllowed", "must be true or false");
            }
            JsonNode zones = device.get("zones");
            if (zones != null && array(zones, at + "/zones")) {
                for (int i = 0; i < zones.size(); i++) {
                    String zoneAt = at + "/zones/" + i;
                    JsonNode zone = zones.get(i);
                    if (!object(zone, zoneAt, Set.of("id", "minIntervalSeconds"))) {
                        continue;
                    }
                    String zoneId = requiredString(zone, zoneAt, "id", 0, Integer.MAX_VALUE);
                    if (zoneId != null && !zoneIds.add(zoneId)) {
                        problem(zoneAt + "/id", "duplicate zone id '" + zoneId + "' (zone ids are unique across the registry)");
                    }
                    JsonNode interval = zone.get("minIntervalSeconds");
                    if (interval != null && (!isInteger(interval) || interval.decimalValue().compareTo(java.math.BigDecimal.TEN) < 0)) {
                        problem(zoneAt + "/minIntervalSeconds", "must be an integer of at least 10");
                    }
                }
            }
        }

        private void lane(JsonNode lane, String at, Set<Long> numbers) {
            if (!object(lane, at, Set.of("number", "direction", "movements"))) {
                return;
            }
            JsonNode number = lane.get("number");
            if (number == null) {
                problem(at + "/number", "required");
            } else if (!isInteger(number) || number.decimalValue().signum() <= 0) {
                problem(at + "/number", "must be an integer of at least 1");
            } else if (!numbers.add(number.longValue())) {
                problem(at + "/number", "duplicate lane number " + number.longValue());
            }
            JsonNode direction = lane.get("direction");
            if (direction != null) {
                oneOf(direction, at + "/direction", DIRECTIONS);
            }
            JsonNode movements = lane.get("movements");
            if (movements != null && array(movements, at + "/movements")) {
                for (int i = 0; i < movements.size(); i++) {
                    oneOf(movements.get(i), at + "/movements/" + i, MOVEMENTS);
                }
            }
        }

        private void section(JsonNode section, String at, Set<String> deviceIds, Set<String> sectionIds) {
            JsonNode idNode = section.get("id");
            subject = idNode != null && idNode.isTextual() ? "section '" + idNode.asText() + "'" : "section " + at;
            if (!object(section, at, Set.of("id", "entryDevice", "exitDevice", "lengthMeters", "speedLimitKmh"))) {
                return;
            }
            String id = requiredString(section, at, "id", 0, Integer.MAX_VALUE);
            if (id != null && !sectionIds.add(id)) {
                problem(at + "/id", "duplicate section id");
            }
            for (String end : List.of("entryDevice", "exitDevice")) {
                String device = requiredString(section, at, end, 0, Integer.MAX_VALUE);
                if (device != null && !deviceIds.contains(device)) {
                    problem(at + "/" + end, "no device '" + device + "' in the registry");
                }
            }
            for (String number : List.of("lengthMeters", "speedLimitKmh")) {
                JsonNode value = section.get(number);
                if (value == null) {
                    problem(at + "/" + number, "required");
                } else {
                    positive(value, at + "/" + number);
                }
            }
        }

        // --- primitives ----------------------------------------------------------------------

        private boolean object(JsonNode node, String at, Set<String> allowed) {
            if (!node.isObject()) {
                problem(at, "must be an object");
                return false;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                String name = it.next().getKey();
                if (!allowed.contains(name)) {
                    problem(CameraEventReader.pointer(at, name), "unknown property (allowed: " + new java.util.TreeSet<>(allowed) + ")");
                }
            }
            return true;
        }

        private boolean array(JsonNode node, String at) {
            if (!node.isArray()) {
                problem(at, "must be a list");
                return false;
            }
            return true;
        }

        @Nullable
        private String requiredString(JsonNode parent, String at, String name, int min, int max) {
            JsonNode node = parent.get(name);
            if (node == null) {
                problem(at + "/" + name, "required");
                return null;
            }
            return string(node, at + "/" + name, min, max);
        }

        private void optionalString(JsonNode parent, String at, String name) {
            JsonNode node = parent.get(name);
            if (node != null) {
                string(node, at + "/" + name, 0, Integer.MAX_VALUE);
            }
        }

        @Nullable
        private String string(JsonNode node, String at, int min, int max) {
            if (!node.isTextual()) {
                problem(at, node.isNumber() || node.isBoolean()
                        ? "must be a string: quote it (YAML reads " + node.asText() + " unquoted as a "
                                + (node.isNumber() ? "number" : "boolean") + ")"
                        : "must be a string");
                return null;
            }
            String value = node.textValue();
            int length = value.codePointCount(0, value.length());
            if (length < min || length > max) {
                problem(at, "length must be " + min + ".." + max + " characters");
                return null;
            }
            return value;
        }

        private void stringArray(@Nullable JsonNode node, String at) {
            if (node != null && array(node, at)) {
                for (int i = 0; i < node.size(); i++) {
                    string(node.get(i), at + "/" + i, 0, Integer.MAX_VALUE);
                }
            }
        }

        private void oneOf(JsonNode node, String at, Set<String> values) {
            if (!node.isTextual() || !values.contains(node.textValue())) {
                problem(at, "must be one of " + new java.util.TreeSet<>(values) + ", was " + node);
            }
        }

        private void coordinate(JsonNode location, String at, String name, int bound) {
            JsonNode value = location.get(name);
            if (value == null) {
                problem(at + "/" + name, "required");
            } else if (!value.isNumber() || Math.abs(value.doubleValue()) > bound) {
                problem(at + "/" + name, "must be a number in -" + bound + ".." + bound);
            }
        }

        private void positive(JsonNode value, String at) {
            if (!value.isNumber() || value.decimalValue().signum() <= 0) {
                problem(at, "must be a number greater than 0");
            }
        }

        private static boolean isInteger(JsonNode node) {
            return node.isIntegralNumber()
                    || (node.isNumber() && node.decimalValue().stripTrailingZeros().scale() <= 0);
        }

        private void problem(String field, String message) {
            problems.add(subject + " " + field + ": " + message);
        }
    }
}
