package dev.vigil.gateway;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.model.CameraEventReader;
import dev.vigil.model.DeadLetter;
import dev.vigil.model.DeadLetterReason;
import dev.vigil.model.DeadLetterSource;
import dev.vigil.model.ReadResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /api/v1/events} once the vendor is known: splits the body into events, reads each
 * strictly, and writes the accepted ones to the camera-event topic and the rejected ones, with
 * their reason, to the dead-letter topic. The answer lists every event; it is given only after
 * Kafka acknowledged all of them.
 */
final class EventIngest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** An HTTP answer; {@code code} names a request-level refusal. */
    record Answer(int status, byte[] body, String retryAfter, String code) {
        static Answer json(int status, Object body) {
            try {
                return new Answer(status, JSON.writeValueAsBytes(body), null, null);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }

        static Answer error(int status, String code, String detail) {
            Answer json = json(status, new Error(code, detail));
            return new Answer(status, json.body(), null, code);
        }

        Answer retryAfter(String seconds) {
            return new Answer(status, body, seconds, code);
        }
    }

    /** A request-level refusal. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Error(String error, String detail) {}

    /** One event's verdict. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Result(int index, String eventId, String status, String reason, String field, String detail) {}

    /** The answer body. */
    record Results(List<Result> results) {}

    private final BodySplitter splitter;
    private final CameraEventReader reader = new CameraEventReader();
    private final KafkaWriter kafka;
    private final GatewayConfig.Limits limits;
    private final VendorRates rates;

    EventIngest(KafkaWriter kafka, GatewayConfig.Limits limits, VendorRates rates) {
        this.kafka = kafka;
        this.limits = limits;
        this.rates = rates;
        this.splitter = new BodySplitter(limits.maxJsonDepth(), limits.maxStringLength());
    }

    Answer ingest(String vendor, byte[] body, Instant receivedAt) throws InterruptedException {
        List<BodySplitter.Part> parts = splitter.split(body);
        if (parts.size() > limits.maxEventsPerRequest()) {
            return Answer.error(413, "TOO_MANY_EVENTS", parts.size() + " events; at most " + limits.maxEventsPerRequest() + " per request");
        }
        if (!rates.take(vendor, parts.size())) {
            return Answer.error(429, "RATE_LIMITED", "more than " + limits.eventsPerSecond() + " events per second from " + vendor)
                    .retryAfter("1");
        }
        List<ReadResult> read = new ArrayList<>(parts.size());
        for (BodySplitter.Part part : parts) {
            ReadResult result = part.broken() != null ? null : reader.read(part.body(), part.offset(), part.length());
            read.add(result);
            if (result != null && result.isAccepted() && !vendor.equals(result.event().vendor())) {
                return Answer.error(403, "VENDOR_MISMATCH", "event " + result.event().eventId() + " names vendor "
                        + result.event().vendor() + ", the credentials are " + vendor + "'s");
            }
        }
        KafkaWriter.Batch batch = kafka.batch();
        List<Result> results = new ArrayList<>(parts.size());
        boolean anyAccepted = false;
        for (int i = 0; i < parts.size(); i++) {
            BodySplitter.Part part = parts.get(i);
            ReadResult result = read.get(i);
            if (result != null && result.isAccepted()) {
                batch.event(result.event().deviceId(), part.bytes());
                results.add(new Result(i, result.event().eventId(), "ACCEPTED", null, null, null));
                anyAccepted = true;
                continue;
            }
            DeadLetterReason reason = result == null ? DeadLetterReason.MALFORMED_JSON : result.reason();
            String detail = result == null ? part.broken() : result.detail();
            String field = result == null ? null : result.field();
            batch.deadLetter(vendor, DeadLetter.of(reason, detail, field, DeadLetterSource.GATEWAY, vendor, receivedAt, part.bytes()));
            results.add(new Result(i, eventIdOf(part), "REJECTED", reason.name(), field, detail));
        }
        try {
            batch.await();
        } catch (KafkaWriter.NotKeepingUp e) {
            return Answer.error(503, "KAFKA_NOT_KEEPING_UP", e.getMessage()).retryAfter("5");
        }
        return Answer.json(anyAccepted ? 200 : 400, new Results(results));
    }

    /** The eventId of a refused event when it can be found, to help the vendor match answers. */
    private static String eventIdOf(BodySplitter.Part part) {
        try {
            com.fasterxml.jackson.databind.JsonNode node = JSON.readTree(part.body(), part.offset(), part.length());
            return node != null && node.path("eventId").isTextual() ? node.get("eventId").asText() : null;
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
