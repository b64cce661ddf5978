package dev.vigil.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.kafka.TopicAdmin;
import dev.vigil.kafka.TopicSpec;
import dev.vigil.kafka.broker.KafkaBroker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway against a real broker: per-event answers, dead letters, authentication, limits, evidence. */
class GatewayIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HK_SECRET = "hk-secret-0123456789";
    private static final String HK_NEXT_SECRET = "hk-next-secret-0123456789";
    private static final String DH_SECRET = "dh-secret-0123456789";
    private static final String PLATFORM = "31000000001190000001";
    private static final String PLATFORM_PASSWORD = "viid-password-1";

    @TempDir
    Path dir;

    private String events;
    private String deadLetters;
    private Gateway gateway;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        events = "vigil.camera-events." + suffix;
        deadLetters = "vigil.dead-letters." + suffix;
        Properties admin = new Properties();
        admin.put("bootstrap.servers", KafkaBroker.shared().bootstrapServers());
        TopicAdmin.create(admin, List.of(new TopicSpec(events, 2, Map.of()), new TopicSpec(deadLetters, 1, Map.of())));
        gateway = Gateway.start(config(KafkaBroker.shared().bootstrapServers(), new GatewayConfig.Limits(4096, 5, 8, 200, 8, 4096)));
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    private GatewayConfig config(String kafka, GatewayConfig.Limits limits) {
        return new GatewayConfig("127.0.0.1", 0, new GatewayConfig.Kafka(kafka, events, deadLetters, 10, 500, 0), limits,
                dir.resolve("evidence").toString(), List.of(
                        new GatewayConfig.Vendor("hikvision", List.of(new GatewayConfig.Key("hk-1", HK_SECRET),
                                new GatewayConfig.Key("hk-2", HK_NEXT_SECRET)), List.of(new GatewayConfig.ViidAccount(PLATFORM, PLATFORM_PASSWORD))),
                        new GatewayConfig.Vendor("dahua", List.of(new GatewayConfig.Key("dh-1", DH_SECRET)))));
    }

    private static String event(String eventId, String vendor, String extra) {
        return "{\"eventId\":\"" + eventId + "\",\"vendor\":\"" + vendor + "\",\"deviceId\":\"EP-DX01-E\",\"kind\":\"PASS\","
                + "\"eventTime\":\"2026-11-24T08:00:00+08:00\"" + extra + "}";
    }

    @Test
    void aMixedBatchIsAnsweredPerEventAndOnlyTheGoodEventsReachTheEventTopicByteForByte() throws Exception {
        String good1 = event("A1", "hikvision", ",\"lane\":2");
        String bad = event("A2", "hikvision", ",\"lane\":\"two\"");
        String good2 = event("A3", "hikvision", "");
        String body = "[" + good1 + ", " + bad + ", {\"eventId\": , " + ",\n" + good2 + "]";
        // the broken element breaks the array: the whole body is one malformed part
        HttpResponse<String> broken = post("/api/v1/events", body, "hk-1", HK_SECRET);
        assertThat(broken.statusCode()).isEqualTo(400);
        assertThat(results(broken)).extracting(r -> r.path("reason").asText()).containsExactly("MALFORMED_JSON");

        HttpResponse<String> mixed = post("/api/v1/events", "[" + good1 + ", " + bad + ",\n" + good2 + ", 42]", "hk-1", HK_SECRET);

        assertThat(mixed.statusCode()).isEqualTo(200);
        List<JsonNode> results = results(mixed);
        assertThat(results).extracting(r -> r.path("status").asText()).containsExactly("ACCEPTED", "REJECTED", "ACCEPTED", "REJECTED");
        assertThat(results).extracting(r -> r.path("eventId").asText(null)).containsExactly("A1", "A2", "A3", null);
        assertThat(results.get(1).path("reason").asText()).isEqualTo("SCHEMA_VIOLATION");
        assertThat(results.get(1).path("field").asText()).isEqualTo("/lane");
        assertThat(results.get(3).path("reason").asText()).isEqualTo("SCHEMA_VIOLATION");

        List<ConsumerRecord<String, byte[]>> accepted = read(events, 2);
        assertThat(accepted).extracting(r -> new String(r.value(), StandardCharsets.UTF_8)).containsExactlyInAnyOrder(good1, good2);
        assertThat(accepted).extracting(ConsumerRecord::key).containsOnly("EP-DX01-E");
        List<ConsumerRecord<String, byte[]>> letters = read(deadLetters, 3);
        assertThat(letters).extracting(ConsumerRecord::key).containsOnly("hikvision");
        List<JsonNode> letterJson = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> letter : letters) {
            letterJson.add(JSON.readTree(letter.value()));
        }
        assertThat(letterJson).extracting(l -> l.path("reason").asText() + " " + l.path("field").asText(null) + " "
                + l.path("source").asText() + " " + l.path("payload").asText()).containsExactly(
                        "MALFORMED_JSON null gateway " + body,
                        "SCHEMA_VIOLATION /lane gateway " + bad,
                        "SCHEMA_VIOLATION  gateway 42");
    }

    @Test
    void ndjsonAndSingleEventsAreAcceptedAndAVendorCannotSpeakForAnother() throws Exception {
        String a = event("N1", "dahua", "");
        String b = event("N2", "dahua", "");
        HttpResponse<String> ndjson = post("/api/v1/events", a + "\n\n" + b + "\r\n", "dh-1", DH_SECRET);
        HttpResponse<String> single = post("/api/v1/events", "{\n  \"eventId\": \"N3\", \"vendor\": \"dahua\", \"deviceId\": \"EP-DX01-E\","
                + "\n  \"kind\": \"PASS\", \"eventTime\": \"2026-11-24T08:00:00Z\"\n}", "dh-1", DH_SECRET);
        HttpResponse<String> mismatch = post("/api/v1/events", event("N4", "dahua", "") + "\n" + event("N5", "hikvision", ""), "dh-1", DH_SECRET);

        assertThat(ndjson.statusCode()).isEqualTo(200);
        assertThat(results(ndjson)).extracting(r -> r.path("eventId").asText()).containsExactly("N1", "N2");
        assertThat(single.statusCode()).isEqualTo(200);
        assertThat(results(single)).extracting(r -> r.path("status").asText()).containsExactly("ACCEPTED");
        assertThat(mismatch.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(mismatch.body()).path("error").asText()).isEqualTo("VENDOR_MISMATCH");
        assertThat(read(events, 3)).extracting(r -> JSON.readTree(r.value()).path("eventId").asText()).containsExactlyInAnyOrder("N1", "N2", "N3");
        assertThat(read(deadLetters, 0)).isEmpty();
    }

    @Test
    void everyKindOfBadCredentialIsRefusedAndReachesNothingWhileTheRotatedKeyWorks() throws Exception {
        String body = event("C1", "hikvision", "");
        long now = System.currentTimeMillis() / 1000;
        HttpResponse<String> missing = send(HttpRequest.newBuilder(uri("/api/v1/events")).POST(HttpRequest.BodyPublishers.ofString(body)));
        HttpResponse<String> unknownKey = post("/api/v1/events", body, "nobody", HK_SECRET);
        HttpResponse<String> wrongSecret = post("/api/v1/events", body, "hk-1", DH_SECRET);
        HttpResponse<String> stale = signedPost("/api/v1/events", body, "hk-1", HK_SECRET, now - 301, "n-stale");
        HttpResponse<String> future = signedPost("/api/v1/events", body, "hk-1", HK_SECRET, now + 301, "n-future");
        HttpResponse<String> first = signedPost("/api/v1/events", body, "hk-1", HK_SECRET, now, "n-once");
        HttpResponse<String> replay = signedPost("/api/v1/events", body, "hk-1", HK_SECRET, now, "n-once");
        HttpResponse<String> tampered = sendSigned("/api/v1/events", body, event("C2", "hikvision", ""), "hk-1", HK_SECRET, now, "n-tamper");
        HttpResponse<String> rotated = post("/api/v1/events", event("C3", "hikvision", ""), "hk-2", HK_NEXT_SECRET);

        for (HttpResponse<String> refused : List.of(missing, unknownKey, wrongSecret, stale, future, replay, tampered)) {
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(401);
        }
        assertThat(missing.body()).contains("missing");
        assertThat(unknownKey.body()).contains("unknown key");
        assertThat(wrongSecret.body()).contains("wrong signature");
        assertThat(stale.body()).contains("stale");
        assertThat(replay.body()).contains("replayed");
        assertThat(tampered.body()).contains("wrong signature");
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(rotated.statusCode()).isEqualTo(200);
        assertThat(read(events, 2)).extracting(r -> JSON.readTree(r.value()).path("eventId").asText()).containsExactlyInAnyOrder("C1", "C3");
        assertThat(gateway.refusedRequests()).containsEntry("UNAUTHENTICATED", 7L);
    }

    @Test
    void limitsOnBodyEventsDepthStringLengthAndRateAreEnforced() throws Exception {
        String big = event("L1", "hikvision", ",\"pad\":\"" + "x".repeat(5000) + "\"");
        HttpResponse<String> tooBig = post("/api/v1/events", big, "hk-1", HK_SECRET);
        StringBuilder six = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            six.append(event("M" + i, "hikvision", "")).append('\n');
        }
        HttpResponse<String> tooMany = post("/api/v1/events", six.toString(), "hk-1", HK_SECRET);
        String deep = event("L2", "hikvision", ",\"images\":[[[[[[[[[[1]]]]]]]]]]");
        String longString = event("L3", "hikvision", ",\"zoneId\":\"" + "z".repeat(300) + "\"");
        HttpResponse<String> bounded = post("/api/v1/events", deep + "\n" + longString + "\n" + event("L4", "hikvision", ""), "hk-1", HK_SECRET);

        assertThat(tooBig.statusCode()).isEqualTo(413);
        assertThat(tooMany.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(tooMany.body()).path("error").asText()).isEqualTo("TOO_MANY_EVENTS");
        assertThat(bounded.statusCode()).isEqualTo(200);
        List<JsonNode> results = results(bounded);
        assertThat(results).extracting(r -> r.path("status").asText()).containsExactly("REJECTED", "REJECTED", "ACCEPTED");
        assertThat(results.get(0).path("detail").asText()).contains("depth");
        assertThat(results.get(1).path("detail").asText()).contains("longer than 200");

        // 8 events per second: the 3 above plus 5 more use the second up
        HttpResponse<String> rest = post("/api/v1/events", six.substring(0, six.length() / 6 * 5), "hk-1", HK_SECRET);
        HttpResponse<String> limited = post("/api/v1/events", event("R1", "hikvision", ""), "hk-1", HK_SECRET);
        HttpResponse<String> otherVendor = post("/api/v1/events", event("R2", "dahua", ""), "dh-1", DH_SECRET);
        assertThat(rest.statusCode()).isEqualTo(200);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(otherVendor.statusCode()).as("one noisy vendor does not starve another").isEqualTo(200);
        Thread.sleep(1_100);
        assertThat(post("/api/v1/events", event("R3", "hikvision", ""), "hk-1", HK_SECRET).statusCode()).isEqualTo(200);
    }

    @Test
    void evidenceIsStoredByContentAndServedToSignedReadersOnly() throws Exception {
        byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 1, 2, 3, 4};
        HttpResponse<String> put = sendSigned("PUT", "/api/v1/evidence", jpeg, "hk-1", HK_SECRET);
        String sha256 = RequestSigner.sha256Hex(jpeg);

        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(put.body()).path("sha256").asText()).isEqualTo(sha256);
        assertThat(JSON.readTree(put.body()).path("uri").asText()).isEqualTo("/evidence/" + sha256);
        HttpResponse<byte[]> got = getSigned("/evidence/" + sha256, "dh-1", DH_SECRET);
        assertThat(got.statusCode()).isEqualTo(200);
        assertThat(got.body()).isEqualTo(jpeg);
        assertThat(got.headers().firstValue("Content-Type")).hasValue("image/jpeg");
        assertThat(http.send(HttpRequest.newBuilder(uri("/evidence/" + sha256)).GET().build(), HttpResponse.BodyHandlers.ofString())
                .statusCode()).isEqualTo(401);
        assertThat(getSigned("/evidence/" + "0".repeat(64), "dh-1", DH_SECRET).statusCode()).isEqualTo(404);
    }

    @Test
    void healthReportsKafkaAndAGatewayWhoseKafkaIsGoneAnswers503InsteadOfAccepting() throws Exception {
        HttpResponse<String> healthy = http.send(HttpRequest.newBuilder(uri("/health")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(healthy.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(healthy.body()).path("status").asText()).isEqualTo("UP");

        gateway.close();
        gateway = Gateway.start(config("127.0.0.1:" + KafkaBroker.freePort(), new GatewayConfig.Limits(4096, 5, 8, 200, 100, 4096)));
        HttpResponse<String> down = http.send(HttpRequest.newBuilder(uri("/health")).GET().build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> refused = post("/api/v1/events", event("K1", "hikvision", ""), "hk-1", HK_SECRET);

        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(JSON.readTree(refused.body()).path("error").asText()).isEqualTo("KAFKA_NOT_KEEPING_UP");
    }

    @Test
    void aRestartMidStreamLosesNoAcknowledgedEvent() throws Exception {
        gateway.close();
        GatewayConfig fixedPort = config(KafkaBroker.shared().bootstrapServers(), new GatewayConfig.Limits(4096, 5, 8, 200, 10_000, 4096));
        gateway = Gateway.start(fixedPort);
        int port = gateway.port();
        GatewayConfig samePort = new GatewayConfig(fixedPort.bindAddress(), port, fixedPort.kafka(), fixedPort.limits(),
                fixedPort.evidenceDir(), fixedPort.vendors());
        java.util.Set<String> acknowledged = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.concurrent.atomic.AtomicInteger refusedOrCut = new java.util.concurrent.atomic.AtomicInteger();
        Thread client = new Thread(() -> {
            for (int i = 0; i < 400; i++) {
                String id = "S" + i;
                try {
                    HttpResponse<String> answer = post("/api/v1/events", event(id, "hikvision", ""), "hk-1", HK_SECRET);
                    if (answer.statusCode() == 200) {
                        acknowledged.add(id);
                    } else {
                        refusedOrCut.incrementAndGet();
                        Thread.sleep(50); // as a vendor backs off before its retry
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (Exception connectionLost) {
                    refusedOrCut.incrementAndGet();
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        });
        client.start();
        while (acknowledged.size() < 100) {
            Thread.sleep(10);
        }
        gateway.close();
        Thread.sleep(300);
        gateway = Gateway.start(samePort);
        client.join(120_000);

        assertThat(refusedOrCut.get()).as("the restart was noticed by the client").isPositive();
        assertThat(acknowledged.size()).isGreaterThan(150);
        List<ConsumerRecord<String, byte[]>> written = read(events, acknowledged.size());
        java.util.Set<String> inKafka = new java.util.HashSet<>();
        for (ConsumerRecord<String, byte[]> record : written) {
            inKafka.add(JSON.readTree(record.value()).path("eventId").asText());
        }
        assertThat(inKafka).containsAll(acknowledged);
    }

    @Test
    void gat1400RegistrationNeedsTheDigestAndDataPostsNeedAnActiveRegistration() throws Exception {
        String register = "{\"RegisterObject\":{\"DeviceID\":\"" + PLATFORM + "\"}}";
        HttpResponse<String> early = viid("POST", "/VIID/MotorVehicles", motorVehicles(motorVehicle("MV0", "20261124080000")), null);
        HttpResponse<String> challenge = viid("POST", "/VIID/System/Register", register, null);
        String wwwAuthenticate = challenge.headers().firstValue("WWW-Authenticate").orElseThrow();
        HttpResponse<String> wrongPassword = viid("POST", "/VIID/System/Register", register,
                DigestAuthenticator.answer(wwwAuthenticate, "POST", "/VIID/System/Register", PLATFORM, "not-the-password", "c1"));
        String fresh = viid("POST", "/VIID/System/Register", register, null).headers().firstValue("WWW-Authenticate").orElseThrow();
        String answer = DigestAuthenticator.answer(fresh, "POST", "/VIID/System/Register", PLATFORM, PLATFORM_PASSWORD, "c2");
        HttpResponse<String> registered = viid("POST", "/VIID/System/Register", register, answer);
        HttpResponse<String> nonceReused = viid("POST", "/VIID/System/Register", register, answer);
        HttpResponse<String> keepalive = viid("POST", "/VIID/System/Keepalive", "{\"KeepaliveObject\":{\"DeviceID\":\"" + PLATFORM + "\"}}", null);
        HttpResponse<String> time = viid("GET", "/VIID/System/Time", null, null);
        HttpResponse<String> unregistered = viid("POST", "/VIID/System/UnRegister", "{\"UnRegisterObject\":{\"DeviceID\":\"" + PLATFORM + "\"}}", null);
        HttpResponse<String> late = viid("POST", "/VIID/MotorVehicles", motorVehicles(motorVehicle("MV9", "20261124080000")), null);

        assertThat(early.statusCode()).isEqualTo(401);
        assertThat(challenge.statusCode()).isEqualTo(401);
        assertThat(wwwAuthenticate).startsWith("Digest ").contains("realm=\"vigil-viid\"", "qop=\"auth\"", "nonce=");
        assertThat(wrongPassword.statusCode()).isEqualTo(401);
        assertThat(registered.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(registered.body()).path("ResponseStatusObject").path("StatusCode").asInt(-1)).isZero();
        assertThat(JSON.readTree(registered.body()).path("ResponseStatusObject").path("Id").asText()).isEqualTo(PLATFORM);
        assertThat(nonceReused.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(keepalive.body()).path("ResponseStatusObject").path("StatusCode").asInt(-1)).isZero();
        assertThat(JSON.readTree(time.body()).path("SystemTimeObject").path("LocalTime").asText()).matches("\\d{14}");
        assertThat(unregistered.statusCode()).isEqualTo(200);
        assertThat(late.statusCode()).isEqualTo(401);
        assertThat(read(events, 0)).isEmpty();
    }

    @Test
    void gat1400MotorVehiclesBecomeCanonicalEventsWithInlineImagesInTheEvidenceStore() throws Exception {
        registerPlatform();
        byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE1, 9, 8, 7};
        String full = "{\"MotorVehicleID\":\"MV1\",\"DeviceID\":\"CK-YB-01\",\"PassTime\":\"20261124080000123\","
                + "\"PlateNo\":\"陕A12345\",\"PlateColor\":\"5\",\"PlateReliability\":\"92\",\"LaneNo\":2,\"Direction\":\"2\","
                + "\"Speed\":63.5,\"VehicleClass\":\"K33\",\"StorageUrl3\":\"http://cam/pano.jpg\","
                + "\"SubImageList\":{\"SubImageInfoObject\":[{\"ImageID\":\"I1\",\"Type\":\"02\",\"ShotTime\":\"20261124080000\","
                + "\"Width\":440,\"Height\":140,\"Data\":\"" + java.util.Base64.getEncoder().encodeToString(jpeg) + "\"}]}}";
        HttpResponse<String> posted = viid("POST", "/VIID/MotorVehicles",
                motorVehicles(full, motorVehicle("MV2", "2026-11-24 08:00:00"), "{\"DeviceID\":\"CK-YB-01\",\"PassTime\":\"20261124080000\"}"), null);
        HttpResponse<String> nonMotor = viid("POST", "/VIID/NonMotorVehicles",
                "{\"NonMotorVehicleListObject\":{\"NonMotorVehicleObject\":[{\"NonMotorVehicleID\":\"NM1\",\"DeviceID\":\"EP-DX01-E\","
                        + "\"PassTime\":\"20261124080001\",\"HasPlate\":\"0\"}]}}", null);

        assertThat(posted.statusCode()).isEqualTo(200);
        List<JsonNode> statuses = new ArrayList<>();
        JSON.readTree(posted.body()).path("ResponseStatusListObject").path("ResponseStatusObject").forEach(statuses::add);
        assertThat(statuses).extracting(n -> n.path("Id").asText() + " " + n.path("StatusCode").asInt())
                .containsExactly("MV1 0", "MV2 8", " 8");
        assertThat(statuses.get(1).path("StatusString").asText()).contains("PassTime");
        assertThat(JSON.readTree(nonMotor.body()).path("ResponseStatusListObject").path("ResponseStatusObject").get(0)
                .path("StatusCode").asInt(-1)).isZero();

        List<ConsumerRecord<String, byte[]>> written = read(events, 2);
        JsonNode mv1 = JSON.readTree(written.stream().filter(r -> r.key().equals("CK-YB-01")).findFirst().orElseThrow().value());
        String sha256 = RequestSigner.sha256Hex(jpeg);
        assertThat(mv1.toString()).isEqualTo("{\"eventId\":\"MV1\",\"vendor\":\"hikvision\",\"deviceId\":\"CK-YB-01\",\"kind\":\"PASS\","
                + "\"eventTime\":\"2026-11-24T00:00:00.123Z\",\"subject\":\"MOTOR_VEHICLE\","
                + "\"plate\":{\"number\":\"陕A12345\",\"color\":\"BLUE\",\"confidence\":0.92},\"vehicleClass\":\"CAR\",\"lane\":2,"
                + "\"direction\":\"E\",\"speedKmh\":63.5,\"images\":[{\"role\":\"PANORAMA\",\"uri\":\"http://cam/pano.jpg\"},"
                + "{\"role\":\"PLATE\",\"uri\":\"/evidence/" + sha256 + "\",\"sha256\":\"" + sha256 + "\",\"width\":440,\"height\":140,"
                + "\"shotTime\":\"2026-11-24T00:00:00.000Z\"}]}");
        JsonNode nm1 = JSON.readTree(written.stream().filter(r -> r.key().equals("EP-DX01-E")).findFirst().orElseThrow().value());
        assertThat(nm1.path("subject").asText()).isEqualTo("NON_MOTOR_VEHICLE");
        assertThat(getSigned("/evidence/" + sha256, "hk-1", HK_SECRET).body()).isEqualTo(jpeg);

        List<ConsumerRecord<String, byte[]>> letters = read(deadLetters, 2);
        assertThat(letters).extracting(r -> {
            JsonNode letter = JSON.readTree(r.value());
            return letter.path("reason").asText() + " " + letter.path("field").asText() + " " + letter.path("source").asText();
        }).containsExactly("SCHEMA_VIOLATION /PassTime gateway", "SCHEMA_VIOLATION /MotorVehicleID gateway");
    }

    private void registerPlatform() throws Exception {
        String register = "{\"RegisterObject\":{\"DeviceID\":\"" + PLATFORM + "\"}}";
        String challenge = viid("POST", "/VIID/System/Register", register, null).headers().firstValue("WWW-Authenticate").orElseThrow();
        HttpResponse<String> registered = viid("POST", "/VIID/System/Register", register,
                DigestAuthenticator.answer(challenge, "POST", "/VIID/System/Register", PLATFORM, PLATFORM_PASSWORD, "c"));
        assertThat(registered.statusCode()).isEqualTo(200);
    }

    private static String motorVehicle(String id, String passTime) {
        return "{\"MotorVehicleID\":\"" + id + "\",\"DeviceID\":\"CK-YB-01\",\"PassTime\":\"" + passTime + "\",\"PlateNo\":\"陕A00009\"}";
    }

    private static String motorVehicles(String... objects) {
        return "{\"MotorVehicleListObject\":{\"MotorVehicleObject\":[" + String.join(",", objects) + "]}}";
    }

    private HttpResponse<String> viid(String method, String path, String body, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("User-Identify", PLATFORM)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request);
    }

    // ---- helpers ----

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + gateway.port() + path);
    }

    private HttpResponse<String> post(String path, String body, String key, String secret) throws Exception {
        return signedPost(path, body, key, secret, System.currentTimeMillis() / 1000, UUID.randomUUID().toString());
    }

    private HttpResponse<String> signedPost(String path, String body, String key, String secret, long timestamp, String nonce) throws Exception {
        return sendSigned(path, body, body, key, secret, timestamp, nonce);
    }

    /** Signs {@code signedBody} but sends {@code sentBody}. */
    private HttpResponse<String> sendSigned(String path, String signedBody, String sentBody, String key, String secret, long timestamp,
            String nonce) throws Exception {
        String signature = RequestSigner.signature(secret, "POST", path, Long.toString(timestamp), nonce,
                signedBody.getBytes(StandardCharsets.UTF_8));
        return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(sentBody))
                .header("X-Vigil-Key", key).header("X-Vigil-Timestamp", Long.toString(timestamp))
                .header("X-Vigil-Nonce", nonce).header("X-Vigil-Signature", signature));
    }

    private HttpResponse<String> sendSigned(String method, String path, byte[] body, String key, String secret) throws Exception {
        return send(RequestSigner.signedRequest(uri(path), method, key, secret, body)
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    private HttpResponse<byte[]> getSigned(String path, String key, String secret) throws Exception {
        return http.send(RequestSigner.signedRequest(uri(path), "GET", key, secret, new byte[0]).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<JsonNode> results(HttpResponse<String> response) throws Exception {
        List<JsonNode> list = new ArrayList<>();
        JSON.readTree(response.body()).path("results").forEach(list::add);
        return list;
    }

    /** Everything on {@code topic} (read_committed), waiting until {@code expected} records arrived or 10 s passed. */
    private static List<ConsumerRecord<String, byte[]>> read(String topic, int expected) {
        Properties props = new Properties();
        props.put("bootstrap.servers", KafkaBroker.shared().bootstrapServers());
        props.put("group.id", "gateway-it-" + UUID.randomUUID());
        props.put("auto.offset.reset", "earliest");
        props.put("isolation.level", "read_committed");
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + (expected == 0 ? 3_000 : 10_000);
            while (System.currentTimeMillis() < deadline && (records.size() < expected || expected == 0)) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            // anything beyond the expected count would show up within another moment
            consumer.poll(Duration.ofMillis(500)).forEach(records::add);
        }
        records.sort(java.util.Comparator.comparingLong(ConsumerRecord::offset));
        return records;
    }
}
