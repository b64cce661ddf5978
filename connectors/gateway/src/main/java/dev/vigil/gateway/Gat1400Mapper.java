package dev.vigil.gateway;

import dev.vigil.evidence.EvidenceStore;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.model.CameraEvent;
import dev.vigil.model.EventKind;
import dev.vigil.model.Image;
import dev.vigil.model.Plate;
import dev.vigil.model.Subject;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A GA/T 1400 MotorVehicleObject or NonMotorVehicleObject as a canonical PASS event (the mapping
 * table of docs/gateway.md): times are Beijing time, plate reliability 0–100 becomes 0–1, codes go
 * through {@link Gat1400Codes}, and inline images ({@code SubImageList…Data}) go to the evidence
 * store and are replaced by their URI and SHA-256.
 */
final class Gat1400Mapper {
    private static final ZoneOffset BEIJING = ZoneOffset.ofHours(8);
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuuMMddHHmmss");
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("uuuuMMddHHmmssSSS");

    /** The event, or why the object cannot be one (with the offending field as a JSON Pointer). */
    record Mapped(CameraEvent event, String field, String problem) {}

    /** A mapping problem. */
    private static final class Refusal extends Exception {
        final String field;

        Refusal(String field, String message) {
            super(message, null, false, false);
            this.field = field;
        }
    }

    private final Gat1400Codes codes;
    private final EvidenceStore evidence;

    Gat1400Mapper(Gat1400Codes codes, EvidenceStore evidence) {
        this.codes = codes;
        this.evidence = evidence;
    }

    Mapped map(JsonNode object, String idField, Subject subject, String vendor) throws IOException {
        try {
            String eventId = text(object, idField, true);
            String deviceId = text(object, "DeviceID", true);
            Instant passTime = time(object, "PassTime");
            Plate plate = plate(object);
            Integer lane = integer(object, "LaneNo");
            String direction = text(object, "Direction", false);
            Double speed = object.hasNonNull("Speed") ? number(object, "Speed") : null;
            return new Mapped(new CameraEvent(eventId, vendor, deviceId, EventKind.PASS, passTime, subject, plate,
                    codes.vehicleClass(text(object, "VehicleClass", false)), lane,
                    direction == null ? null : codes.directions().get(direction), null, speed, null, null, null, images(object)),
                    null, null);
        } catch (Refusal r) {
            return new Mapped(null, r.field, r.getMessage());
        }
    }

    private Plate plate(JsonNode object) throws Refusal {
        String hasPlate = text(object, "HasPlate", false);
        String number = text(object, "PlateNo", false);
        if ("0".equals(hasPlate) || "false".equalsIgnoreCase(hasPlate)) {
            number = null;
        }
        Double reliability = object.hasNonNull("PlateReliability") ? number(object, "PlateReliability") : null;
        if (number == null && reliability == null && !object.hasNonNull("PlateColor")) {
            return null;
        }
        if (reliability != null && (reliability < 0 || reliability > 100)) {
            throw new Refusal("/PlateReliability", "PlateReliability must be 0 to 100, was " + reliability);
        }
        return new Plate(number, codes.plateColor(text(object, "PlateColor", false)), reliability == null ? null : reliability / 100);
    }

    private List<Image> images(JsonNode object) throws Refusal, IOException {
        List<Image> images = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            String uri = text(object, "StorageUrl" + i, false);
            if (uri != null && !uri.isEmpty()) {
                images.add(new Image(codes.storageUrlRoles().get(Integer.toString(i)), uri, null, null, null, null));
            }
        }
        JsonNode list = object.path("SubImageList").path("SubImageInfoObject");
        for (int i = 0; i < list.size(); i++) {
            JsonNode sub = list.get(i);
            String at = "/SubImageList/SubImageInfoObject/" + i;
            String role = codes.subImageTypes().get(text(sub, "Type", false));
            Instant shot = sub.hasNonNull("ShotTime") ? time(sub, "ShotTime") : null;
            Integer width = integer(sub, "Width");
            Integer height = integer(sub, "Height");
            String data = text(sub, "Data", false);
            if (data != null && !data.isEmpty()) {
                byte[] bytes;
                try {
                    bytes = Base64.getMimeDecoder().decode(data);
                } catch (IllegalArgumentException e) {
                    throw new Refusal(at + "/Data", "Data is not base64: " + e.getMessage());
                }
                String sha256 = evidence.put(bytes);
                images.add(new Image(role, "/evidence/" + sha256, sha256, width, height, shot));
            } else if (text(sub, "StoragePath", false) != null) {
                images.add(new Image(role, text(sub, "StoragePath", false), null, width, height, shot));
            }
        }
        return images;
    }

    private static String text(JsonNode object, String field, boolean required) throws Refusal {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw new Refusal("/" + field, field + " is required");
            }
            return null;
        }
        if (!value.isTextual() && !value.isNumber()) {
            throw new Refusal("/" + field, field + " must be a string");
        }
        return value.asText();
    }

    private static Integer integer(JsonNode object, String field) throws Refusal {
        String text = text(object, field, false);
        if (text == null) {
            return null;
        }
        try {
            return Integer.valueOf(text);
        } catch (NumberFormatException e) {
            throw new Refusal("/" + field, field + " must be a whole number, was " + text);
        }
    }

    private static double number(JsonNode object, String field) throws Refusal {
        String text = text(object, field, false);
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException | NullPointerException e) {
            throw new Refusal("/" + field, field + " must be a number, was " + text);
        }
    }

    /** {@code yyyyMMddHHmmss}, optionally with milliseconds, Beijing time. */
    static Instant time(JsonNode object, String field) throws Refusal {
        String text = text(object, field, true);
        try {
            if (text.length() == 14) {
                return LocalDateTime.parse(text, SECONDS).toInstant(BEIJING);
            }
            if (text.length() == 17) {
                return LocalDateTime.parse(text, MILLIS).toInstant(BEIJING);
            }
        } catch (DateTimeParseException e) {
            // reported below
        }
        throw new Refusal("/" + field, field + " must be yyyyMMddHHmmss (Beijing time), optionally with milliseconds, was " + text);
    }

    /** The platform's clock as GA/T 1400 writes it. */
    static String localTime(Instant now) {
        return SECONDS.format(now.atOffset(BEIJING));
    }
}
