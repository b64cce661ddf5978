package dev.vigil.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The registry reader accepts a registry exactly when the shipped schema does, on seeded valid
 * registries and single mutations of them. (The reader also refuses what the schema cannot say,
 * such as duplicate ids; the generator keeps ids unique so that only the schema decides.)
 */
class RegistrySchemaAgreementTest {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final String[] MOVES = {"STRAIGHT", "LEFT", "RIGHT", "U_TURN"};

    private final SchemaOracle oracle = new SchemaOracle("/schema/camera-registry.schema.json");
    private final Random random = new Random(20261124L);

    @Test
    void readerAndSchemaValidatorAgree() {
        List<String> disagreements = new ArrayList<>();
        int valid = 0;
        int invalid = 0;
        for (int i = 0; i < 1500; i++) {
            ObjectNode registry = registry();
            if (random.nextInt(3) > 0) {
                mutate(registry);
            }
            byte[] json = registry.toString().getBytes(StandardCharsets.UTF_8);
            boolean schemaAccepts = oracle.judge(json) == SchemaOracle.Verdict.VALID;
            boolean readerAccepts;
            String why = "";
            try {
                RegistryReader.read(json, true, "generated");
                readerAccepts = true;
            } catch (RegistryException e) {
                readerAccepts = false;
                why = e.problems().toString();
            }
            if (schemaAccepts) {
                valid++;
            } else {
                invalid++;
            }
            if (schemaAccepts != readerAccepts) {
                disagreements.add("#" + i + " schema " + schemaAccepts + ", reader " + readerAccepts + " " + why + ": " + registry);
            }
        }
        assertThat(disagreements).isEmpty();
        assertThat(valid).isGreaterThan(400);
        assertThat(invalid).isGreaterThan(400);
    }

    private ObjectNode registry() {
        ObjectNode r = F.objectNode();
        ArrayNode devices = r.putArray("devices");
        int n = 1 + random.nextInt(4);
        for (int d = 0; d < n; d++) {
            ObjectNode device = devices.addObject();
            device.put("id", "D-" + d);
            device.put("type", new String[] {"E_POLICE", "CHECKPOINT", "PARKING"}[random.nextInt(3)]);
            device.put("siteId", "S-" + random.nextInt(3));
            device.putObject("location").put("lat", 34 + random.nextDouble()).put("lon", 108 + random.nextDouble());
            if (random.nextBoolean()) {
                device.put("name", "东西大街 " + d).put("district", "城关镇").put("road", "东西大街");
            }
            if (random.nextBoolean()) {
                device.put("speedLimitKmh", 40 + random.nextInt(80));
            }
            if (random.nextBoolean()) {
                ArrayNode lanes = device.putArray("lanes");
                for (int l = 1; l <= 1 + random.nextInt(3); l++) {
                    ObjectNode lane = lanes.addObject().put("number", l);
                    if (random.nextBoolean()) {
                        lane.put("direction", new String[] {"N", "E", "S", "W"}[random.nextInt(4)]);
                    }
                    if (random.nextBoolean()) {
                        lane.putArray("movements").add(MOVES[random.nextInt(4)]);
                    }
                }
            }
            if (random.nextBoolean()) {
                device.putArray("prohibitedMovements").add(MOVES[random.nextInt(4)]);
            }
            if (random.nextBoolean()) {
                device.put("rightTurnOnRedAllowed", random.nextBoolean());
            }
            if (random.nextBoolean()) {
                ObjectNode zone = device.putArray("zones").addObject().put("id", "Z-" + d);
                if (random.nextBoolean()) {
                    zone.put("minIntervalSeconds", 10 + random.nextInt(600));
                }
            }
        }
        if (n >= 2 && random.nextBoolean()) {
            r.putArray("sections").addObject().put("id", "SEC-1").put("entryDevice", "D-0").put("exitDevice", "D-1")
                    .put("lengthMeters", 1000 + random.nextInt(5000)).put("speedLimitKmh", 60 + random.nextInt(60));
        }
        if (random.nextBoolean()) {
            ObjectNode ex = r.putObject("exemptions");
            ex.putArray("plates").add("陕A00001");
            ex.putArray("plateSuffixes").add("警");
        }
        if (random.nextBoolean()) {
            r.putArray("hotlist").addObject().put("plate", "陕A12345").put("note", "套牌");
        }
        return r;
    }

    private void mutate(ObjectNode r) {
        ObjectNode device = (ObjectNode) r.get("devices").get(0);
        switch (random.nextInt(16)) {
            case 0 -> device.remove(new String[] {"id", "type", "siteId", "location"}[random.nextInt(4)]);
            case 1 -> device.put("id", random.nextBoolean() ? "" : "x".repeat(65));
            case 2 -> device.put("id", 101);
            case 3 -> device.put("type", "CAMERA");
            case 4 -> ((ObjectNode) device.get("location")).put("lat", random.nextBoolean() ? 90.0 : 90.5);
            case 5 -> ((ObjectNode) device.get("location")).remove("lon");
            case 6 -> device.put("speedLimitKmh", random.nextBoolean() ? 0 : 0.5);
            case 7 -> device.putArray("lanes").addObject().put("number", random.nextBoolean() ? 0 : 1.0);
            case 8 -> device.putArray("lanes").addObject().put("number", 1).put("direction", "NE");
            case 9 -> device.putArray("prohibitedMovements").add("FLY");
            case 10 -> device.put("rightTurnOnRedAllowed", "no");
            case 11 -> device.putArray("zones").addObject().put("id", "Z-x").put("minIntervalSeconds", random.nextBoolean() ? 9 : 10);
            case 12 -> device.put("colour", "red");
            case 13 -> r.put("version", 2);
            case 14 -> r.putObject("exemptions").put("plates", "陕A00001");
            default -> r.putArray("hotlist").addObject().put("note", "no plate");
        }
    }
}
