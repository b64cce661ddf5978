package dev.vigil.gateway;

import dev.vigil.evidence.EvidenceStore;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.gateway.EventIngest.Answer;
import dev.vigil.model.CameraEvent;
import dev.vigil.model.CameraEventReader;
import dev.vigil.model.DeadLetter;
import dev.vigil.model.DeadLetterReason;
import dev.vigil.model.DeadLetterSource;
import dev.vigil.model.ReadResult;
import dev.vigil.model.Subject;
import dev.vigil.model.VigilJson;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The GA/T 1400 (视图库) side of the gateway, under {@code /VIID}: {@code System/Register} with HTTP
 * Digest, {@code Keepalive}, {@code UnRegister}, {@code Time}, and the data posts
 * {@code MotorVehicles} and {@code NonMotorVehicles}, accepted from an actively registered
 * {@code User-Identify} only. Each object is answered in a {@code ResponseStatusListObject}; its
 * {@code StatusCode} 0 means its canonical event is durable in Kafka. An object that cannot be an
 * event is answered with a non-zero code and dead-lettered with the reason.
 */
final class Gat1400Endpoints {
    /** How long a registration lasts without a keepalive or a data post. */
    static final long REGISTRATION_MILLIS = 5 * 60_000;
    static final int OK = 0;
    static final int DEVICE_BUSY = 2;
    static final int INVALID_OPERATION = 4;
    static final int INVALID_JSON_FORMAT = 7;
    static final int INVALID_JSON_CONTENT = 8;

    private final Map<String, String> passwords = new HashMap<>();
    private final Map<String, String> vendorOf = new HashMap<>();
    private final Map<String, Long> registeredUntil = new ConcurrentHashMap<>();
    private final DigestAuthenticator digest;
    private final Gat1400Mapper mapper;
    private final KafkaWriter kafka;
    private final VendorRates rates;
    private final GatewayConfig.Limits limits;
    private final CameraEventReader reader = new CameraEventReader();
    private final ObjectMapper json;
    private final LongSupplier clock;

    Gat1400Endpoints(GatewayConfig config, EvidenceStore evidence, KafkaWriter kafka, VendorRates rates, LongSupplier clock) {
        for (GatewayConfig.Vendor vendor : config.vendors()) {
            for (GatewayConfig.ViidAccount account : vendor.viid()) {
                passwords.put(account.userIdentify(), account.password());
                vendorOf.put(account.userIdentify(), vendor.name());
            }
        }
        this.digest = new DigestAuthenticator(clock);
        this.mapper = new Gat1400Mapper(Gat1400Codes.defaults(), evidence);
        this.kafka = kafka;
        this.rates = rates;
        this.limits = config.limits();
        this.clock = clock;
        // inline images are long base64 strings; the other fields are bounded by the event schema
        this.json = new ObjectMapper(JsonFactory.builder().streamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(limits.maxJsonDepth())
                .maxStringLength(Math.max(limits.maxStringLength(), limits.maxImageBytes() / 3 * 4 + 4))
                .build()).build());
    }

    /** The answer to {@code method path}; {@code authorization} and {@code userIdentify} are the request's headers. */
    Answer handle(String method, String path, String userIdentify, String authorization, byte[] body, Map<String, String> headersOut)
            throws InterruptedException, IOException {
        return switch (path) {
            case "/VIID/System/Register" -> method.equals("POST") ? register(path, userIdentify, authorization, body, headersOut) : notAllowed();
            case "/VIID/System/Keepalive" -> method.equals("POST") ? keepalive(path, userIdentify, body) : notAllowed();
            case "/VIID/System/UnRegister" -> method.equals("POST") ? unregister(path, userIdentify, body) : notAllowed();
            case "/VIID/System/Time" -> method.equals("GET") ? time() : notAllowed();
            case "/VIID/MotorVehicles" -> method.equals("POST")
                    ? objects(path, userIdentify, body, "MotorVehicleListObject", "MotorVehicleObject", "MotorVehicleID", Subject.MOTOR_VEHICLE)
                    : notAllowed();
            case "/VIID/NonMotorVehicles" -> method.equals("POST")
                    ? objects(path, userIdentify, body, "NonMotorVehicleListObject", "NonMotorVehicleObject", "NonMotorVehicleID",
                            Subject.NON_MOTOR_VEHICLE)
                    : notAllowed();
            default -> Answer.error(404, "NOT_FOUND", path);
        };
    }

    private Answer register(String path, String userIdentify, String authorization, byte[] body, Map<String, String> headersOut) {
        String user = digest.verify("POST", authorization, passwords);
        if (user == null || (userIdentify != null && !userIdentify.equals(user))) {
            headersOut.put("WWW-Authenticate", digest.challenge());
            return status(401, path, INVALID_OPERATION, "Unauthorized", userIdentify);
        }
        registeredUntil.put(user, clock.getAsLong() + REGISTRATION_MILLIS);
        return status(200, path, OK, "OK", deviceId(body, "RegisterObject", user));
    }

    private Answer keepalive(String path, String userIdentify, byte[] body) {
        if (!refresh(userIdentify)) {
            return status(401, path, INVALID_OPERATION, "not registered: register first", userIdentify);
        }
        return status(200, path, OK, "OK", deviceId(body, "KeepaliveObject", userIdentify));
    }

    private Answer unregister(String path, String userIdentify, byte[] body) {
        if (userIdentify == null || registeredUntil.remove(userIdentify) == null) {
            return status(401, path, INVALID_OPERATION, "not registered", userIdentify);
        }
        return status(200, path, OK, "OK", deviceId(body, "UnRegisterObject", userIdentify));
    }

    private Answer time() {
        Map<String, Object> time = new LinkedHashMap<>();
        time.put("VIIDServerID", "vigil");
        time.put("TimeMode", "1");
        time.put("LocalTime", Gat1400Mapper.localTime(Instant.ofEpochMilli(clock.getAsLong())));
        time.put("TimeZone", "Asia/Shanghai");
        return Answer.json(200, Map.of("SystemTimeObject", time));
    }

    private Answer objects(String path, String userIdentify, byte[] body, String listName, String objectName, String idField,
            Subject subject) throws InterruptedException, IOException {
        if (!refresh(userIdentify)) {
            return status(401, path, INVALID_OPERATION, "not registered: register first", userIdentify);
        }
        String vendor = vendorOf.get(userIdentify);
        Instant receivedAt = Instant.ofEpochMilli(clock.getAsLong());
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (IOException e) {
            KafkaWriter.Batch batch = kafka.batch();
            batch.deadLetter(vendor, DeadLetter.of(DeadLetterReason.MALFORMED_JSON, brief(e), null, DeadLetterSource.GATEWAY, vendor,
                    receivedAt, body));
            return awaitThen(batch, path, List.of(new Status(path, INVALID_JSON_FORMAT, "invalid JSON: " + brief(e), null)), 400);
        }
        JsonNode list = root == null ? null : root.path(listName).path(objectName);
        if (list == null || !list.isArray()) {
            return status(400, path, INVALID_JSON_CONTENT, "expected {\"" + listName + "\":{\"" + objectName + "\":[…]}}", null);
        }
        if (list.size() > limits.maxEventsPerRequest()) {
            return Answer.error(413, "TOO_MANY_EVENTS", list.size() + " objects; at most " + limits.maxEventsPerRequest() + " per request");
        }
        if (!rates.take(vendor, list.size())) {
            return Answer.error(429, "RATE_LIMITED", "more than " + rates.perSecond() + " events per second from " + vendor).retryAfter("1");
        }
        KafkaWriter.Batch batch = kafka.batch();
        List<Status> statuses = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            JsonNode object = list.get(i);
            String id = object.path(idField).asText(null);
            Gat1400Mapper.Mapped mapped = mapper.map(object, idField, subject, vendor);
            String field = mapped.field();
            String problem = mapped.problem();
            DeadLetterReason reason = DeadLetterReason.SCHEMA_VIOLATION;
            if (mapped.event() != null) {
                byte[] canonical = VigilJson.toBytes(mapped.event());
                ReadResult checked = reader.read(canonical);
                if (checked.isAccepted()) {
                    CameraEvent event = checked.event();
                    batch.event(event.deviceId(), canonical);
                    statuses.add(new Status(path, OK, "OK", id));
                    continue;
                }
                field = checked.field();
                problem = checked.detail();
                reason = checked.reason();
            }
            batch.deadLetter(vendor, DeadLetter.of(reason, problem, field, DeadLetterSource.GATEWAY, vendor, receivedAt,
                    json.writeValueAsBytes(object)));
            statuses.add(new Status(path, INVALID_JSON_CONTENT, problem + (field == null ? "" : " (" + field + ")"), id));
        }
        return awaitThen(batch, path, statuses, 200);
    }

    private Answer awaitThen(KafkaWriter.Batch batch, String path, List<Status> statuses, int status) throws InterruptedException {
        try {
            batch.await();
        } catch (KafkaWriter.NotKeepingUp e) {
            List<Status> busy = new ArrayList<>(statuses.size());
            for (Status s : statuses) {
                busy.add(new Status(path, DEVICE_BUSY, "not stored, send again: " + e.getMessage(), s.id()));
            }
            return list(503, busy).retryAfter("5");
        }
        return list(status, statuses);
    }

    /** Whether {@code userIdentify} is actively registered; if so its registration is extended. */
    private boolean refresh(String userIdentify) {
        if (userIdentify == null) {
            return false;
        }
        long now = clock.getAsLong();
        Long until = registeredUntil.get(userIdentify);
        if (until == null || until < now) {
            registeredUntil.remove(userIdentify);
            return false;
        }
        registeredUntil.put(userIdentify, now + REGISTRATION_MILLIS);
        return true;
    }

    private String deviceId(byte[] body, String objectName, String fallback) {
        try {
            JsonNode node = json.readTree(body);
            return node == null ? fallback : node.path(objectName).path("DeviceID").asText(fallback);
        } catch (IOException e) {
            return fallback;
        }
    }

    /** One entry of a GA/T 1400 answer. */
    private record Status(String requestUrl, int code, String text, String id) {}

    private Answer status(int httpStatus, String path, int code, String text, String id) {
        return Answer.json(httpStatus, Map.of("ResponseStatusObject", entry(new Status(path, code, text, id))));
    }

    private Answer list(int httpStatus, List<Status> statuses) {
        List<Map<String, Object>> entries = new ArrayList<>(statuses.size());
        for (Status s : statuses) {
            entries.add(entry(s));
        }
        return Answer.json(httpStatus, Map.of("ResponseStatusListObject", Map.of("ResponseStatusObject", entries)));
    }

    private Map<String, Object> entry(Status s) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("RequestURL", s.requestUrl());
        entry.put("StatusCode", s.code());
        entry.put("StatusString", s.text());
        entry.put("Id", s.id() == null ? "" : s.id());
        entry.put("LocalTime", Gat1400Mapper.localTime(Instant.ofEpochMilli(clock.getAsLong())));
        return entry;
    }

    private static Answer notAllowed() {
        return Answer.error(405, "METHOD_NOT_ALLOWED", "see GA/T 1400 for the methods of each path");
    }

    private static String brief(IOException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        int newline = message.indexOf('\n');
        return newline > 0 ? message.substring(0, newline) : message;
    }
}
