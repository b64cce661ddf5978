package dev.vigil.pipeline;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/** Builds camera-event payloads for the pipeline ITs; every image is distinct unless named alike. */
final class Corpus {
    /** One record to send: key, payload and, when set, the partition to send it to. */
    record Send(String key, byte[] payload, Integer partition, Instant time) {}

    private final List<Send> sends = new ArrayList<>();

    List<Send> sends() {
        return sends;
    }

    Corpus violation(String eventId, String device, Instant at, String plate, Double confidence, String code, String... images) {
        return add(device, at, json(eventId, device, "VIOLATION", at, plate, confidence,
                "\"violationCode\":" + (code == null ? "null" : "\"" + code + "\""), images));
    }

    Corpus speeding(String eventId, String device, Instant at, String plate, double speed, String code, String... images) {
        return add(device, at, json(eventId, device, "VIOLATION", at, plate, 0.95,
                "\"violationCode\":\"" + code + "\",\"speedKmh\":" + speed, images));
    }

    Corpus pass(String eventId, String device, Instant at, String plate, double speed, String signal, String movement,
            String... images) {
        return add(device, at, json(eventId, device, "PASS", at, plate, 0.95,
                "\"speedKmh\":" + speed + ",\"signal\":\"" + signal + "\",\"movement\":\"" + movement + "\"", images));
    }

    Corpus parking(String eventId, String device, Instant at, String plate, String zone, String... images) {
        return add(device, at, json(eventId, device, "PARKING", at, plate, 0.95, "\"zoneId\":\"" + zone + "\"", images));
    }

    /** A pass that no rule turns into a violation, sent to one partition to move its watermark. */
    Corpus flush(String eventId, Instant at, int partition) {
        sends.add(new Send("EP-1", bytes(json(eventId, "EP-1", "PASS", at, "苏Z00000", 0.99, null)), partition, at));
        return this;
    }

    Corpus raw(String key, String payload, Instant at) {
        sends.add(new Send(key, bytes(payload), null, at));
        return this;
    }

    private Corpus add(String device, Instant at, String json) {
        sends.add(new Send(device, bytes(json), null, at));
        return this;
    }

    /**
     * A canonical event. Images are {@code name[:width x height[:role]]}; the sha256 is derived from
     * the name so equal names are the same picture.
     */
    static String json(String eventId, String device, String kind, Instant at, String plate, Double confidence,
            String extra, String... images) {
        StringJoiner imageList = new StringJoiner(",", "[", "]");
        for (String image : images) {
            String[] parts = image.split(":");
            String[] size = parts.length > 1 && !parts[1].isEmpty() ? parts[1].split("x") : new String[] {"1920", "1080"};
            String role = parts.length > 2 ? parts[2] : "IN_JUNCTION";
            imageList.add("{\"role\":\"" + role + "\",\"uri\":\"file:///evidence/" + parts[0] + ".jpg\",\"sha256\":\""
                    + CountySeat.violationId("IMG", parts[0], "", Instant.EPOCH) + "\",\"width\":" + size[0]
                    + ",\"height\":" + size[1] + "}");
        }
        return "{\"eventId\":\"" + eventId + "\",\"vendor\":\"hik\",\"deviceId\":\"" + device + "\",\"kind\":\"" + kind
                + "\",\"eventTime\":\"" + at + "\",\"plate\":{\"number\":\"" + plate + "\",\"color\":\"BLUE\""
                + (confidence == null ? "" : ",\"confidence\":" + confidence) + "}"
                + (extra == null ? "" : "," + extra) + ",\"images\":" + imageList + "}";
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
