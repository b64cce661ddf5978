package dev.vigil.deploy.sim;

import dev.vigil.gateway.DigestAuthenticator;
import dev.vigil.gateway.RequestSigner;
import dev.vigil.model.CameraEventReader;
import dev.vigil.model.ReadResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uploads through the gateway, as vendors do: per vendor, batches of NDJSON signed with the
 * vendor's key, sent by a background thread every 50 ms or as soon as a batch is full. A batch the
 * gateway could not take (429, 503, connection lost) is signed anew and sent again after the
 * answer's Retry-After; the gateway's 2xx means the events are in Kafka.
 *
 * <p>With GA/T 1400 accounts, checkpoint passes go as {@code MotorVehicleObject}s to
 * {@code /VIID/MotorVehicles} instead, after a Digest registration kept alive every minute.
 */
public final class GatewayEventSink implements Simulator.EventSink {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayEventSink.class);
    private static final int MAX_BATCH = 500;
    private static final int MAX_QUEUED = 200_000;

    /** A vendor's key. */
    public record Credential(String keyId, String secret) {}

    /** A vendor's GA/T 1400 platform account. */
    public record ViidAccount(String userIdentify, String password) {}

    private static final String VIID = "|viid";
    private static final String EVIDENCE = "|evidence";
    private static final long KEEPALIVE_MILLIS = 60_000;

    private final URI events;
    private final URI base;
    private final Map<String, Credential> credentials;
    private final Map<String, ViidAccount> viidAccounts;
    private final Map<String, Long> lastViidExchange = new HashMap<>();
    private final CameraEventReader reader = new CameraEventReader();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, ArrayDeque<byte[]>> queues = new HashMap<>();
    private final AtomicLong failures = new AtomicLong();
    private final Thread sender;
    private int queued;
    private volatile boolean closing;

    public GatewayEventSink(String gatewayUrl, Map<String, Credential> credentials) {
        this(gatewayUrl, credentials, Map.of());
    }

    /** With {@code viidAccounts} (by vendor), checkpoint passes of those vendors go through GA/T 1400. */
    public GatewayEventSink(String gatewayUrl, Map<String, Credential> credentials, Map<String, ViidAccount> viidAccounts) {
        this.base = URI.create(gatewayUrl.replaceAll("/+$", "") + "/");
        this.events = base.resolve("api/v1/events");
        this.credentials = Map.copyOf(credentials);
        this.viidAccounts = Map.copyOf(viidAccounts);
        this.sender = new Thread(this::run, "simulator-uploads");
        sender.setDaemon(true);
        sender.start();
    }

    @Override
    public synchronized void send(String vendor, String deviceId, byte[] payload) {
        if (!credentials.containsKey(vendor)) {
            failures.incrementAndGet();
            return;
        }
        if (queued >= MAX_QUEUED) {
            failures.incrementAndGet(); // the gateway has been away for long: do not grow without bound
            return;
        }
        String lane = vendor;
        byte[] upload = payload;
        if (viidAccounts.containsKey(vendor)) {
            ReadResult read = reader.read(payload);
            if (read.isAccepted() && Gat1400Encoder.fits(read.event())) {
                lane = vendor + VIID;
                upload = Gat1400Encoder.motorVehicle(read.event()).toString().getBytes(StandardCharsets.UTF_8);
            }
        }
        queues.computeIfAbsent(lane, v -> new ArrayDeque<>()).add(upload);
        queued++;
        if (queued >= MAX_BATCH) {
            notifyAll();
        }
    }

    /** The gateway keeps evidence: pictures go up with {@code PUT /api/v1/evidence}, ahead of the events naming them. */
    @Override
    public boolean keepsEvidence() {
        return true;
    }

    @Override
    public synchronized void sendEvidence(String vendor, byte[] image) {
        if (!credentials.containsKey(vendor) || queued >= MAX_QUEUED) {
            failures.incrementAndGet();
            return;
        }
        queues.computeIfAbsent(vendor + EVIDENCE, v -> new ArrayDeque<>()).add(image);
        queued++;
    }

    @Override
    public long failures() {
        return failures.get();
    }

    /** Sends what is queued (retrying for up to 30 s), then stops. */
    @Override
    public void close() {
        closing = true;
        synchronized (this) {
            notifyAll();
        }
        try {
            sender.join(35_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            failures.addAndGet(queued);
        }
    }

    private void run() {
        long giveUpAt = Long.MAX_VALUE;
        while (true) {
            Map<String, List<byte[]>> batches = take();
            if (batches.isEmpty()) {
                if (closing) {
                    return;
                }
                continue;
            }
            if (closing && giveUpAt == Long.MAX_VALUE) {
                giveUpAt = System.currentTimeMillis() + 30_000;
            }
            for (Map.Entry<String, List<byte[]>> batch : batches.entrySet()) {
                while (!upload(batch.getKey(), batch.getValue())) {
                    if (closing && giveUpAt == Long.MAX_VALUE) {
                        giveUpAt = System.currentTimeMillis() + 30_000;
                    }
                    if (System.currentTimeMillis() > giveUpAt) {
                        failures.addAndGet(batch.getValue().size());
                        break;
                    }
                }
            }
        }
    }

    /** Waits up to 50 ms (unless a batch is full or closing), then takes up to a batch per vendor. */
    private synchronized Map<String, List<byte[]>> take() {
        if (queued < MAX_BATCH && !closing) {
            try {
                wait(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                closing = true;
            }
        }
        Map<String, List<byte[]>> batches = new HashMap<>();
        queues.forEach((vendor, queue) -> {
            List<byte[]> batch = new ArrayList<>(Math.min(queue.size(), MAX_BATCH));
            while (!queue.isEmpty() && batch.size() < MAX_BATCH) {
                batch.add(queue.poll());
            }
            if (!batch.isEmpty()) {
                batches.put(vendor, batch);
            }
        });
        batches.values().forEach(b -> queued -= b.size());
        return batches;
    }

    /** One attempt; true when the gateway answered for good (accepted, or refused for a reason a retry cannot fix). */
    private boolean upload(String lane, List<byte[]> batch) {
        if (lane.endsWith(EVIDENCE)) {
            return uploadEvidence(lane.substring(0, lane.length() - EVIDENCE.length()), batch);
        }
        return lane.endsWith(VIID) ? uploadViid(lane.substring(0, lane.length() - VIID.length()), batch) : uploadCanonical(lane, batch);
    }

    private boolean uploadViid(String vendor, List<byte[]> batch) {
        ViidAccount account = viidAccounts.get(vendor);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes("{\"MotorVehicleListObject\":{\"MotorVehicleObject\":[".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < batch.size(); i++) {
            if (i > 0) {
                body.write(',');
            }
            body.writeBytes(batch.get(i));
        }
        body.writeBytes("]}}".getBytes(StandardCharsets.UTF_8));
        try {
            Long last = lastViidExchange.get(vendor);
            long now = System.currentTimeMillis();
            if (last == null && !register(account)) {
                pause(1000);
                return false;
            }
            if (last != null && now - last > KEEPALIVE_MILLIS) {
                HttpResponse<String> keepalive = viid(account, "System/Keepalive",
                        "{\"KeepaliveObject\":{\"DeviceID\":\"" + account.userIdentify() + "\"}}", null);
                if (keepalive.statusCode() != 200 && !register(account)) {
                    pause(1000);
                    return false;
                }
            }
            HttpResponse<String> answer = viid(account, "MotorVehicles", body.toString(StandardCharsets.UTF_8), null);
            if (answer.statusCode() == 200) {
                lastViidExchange.put(vendor, System.currentTimeMillis());
                return true;
            }
            if (answer.statusCode() == 401) {
                lastViidExchange.remove(vendor); // registration lapsed: register again, then resend
                return false;
            }
            return retryLaterOrGiveUp(answer, batch.size(), "GA/T 1400 batch of " + vendor);
        } catch (IOException e) {
            pause(1000);
            return false;
        } catch (InterruptedException e) {
            return interrupted();
        }
    }

    /** After an answer that is neither success nor a reason to re-register: false to retry (429, 503), true to give up. */
    private boolean retryLaterOrGiveUp(HttpResponse<String> answer, int events, String what) {
        if (answer.statusCode() == 429 || answer.statusCode() == 503) {
            pause(answer.headers().firstValue("Retry-After").map(Long::parseLong).orElse(1L) * 1000);
            return false;
        }
        LOG.warn("the gateway refused a {} ({} events): {} {}", what, events, answer.statusCode(), answer.body());
        failures.addAndGet(events);
        return true;
    }

    private boolean interrupted() {
        Thread.currentThread().interrupt();
        closing = true;
        return false;
    }

    /** GA/T 1400 registration: the challenge, then the Digest answer. */
    private boolean register(ViidAccount account) throws IOException, InterruptedException {
        String body = "{\"RegisterObject\":{\"DeviceID\":\"" + account.userIdentify() + "\"}}";
        HttpResponse<String> challenge = viid(account, "System/Register", body, null);
        String wwwAuthenticate = challenge.headers().firstValue("WWW-Authenticate").orElse(null);
        if (wwwAuthenticate == null) {
            return false;
        }
        HttpResponse<String> answer = viid(account, "System/Register", body, DigestAuthenticator.answer(wwwAuthenticate, "POST",
                "/VIID/System/Register", account.userIdentify(), account.password(), UUID.randomUUID().toString()));
        if (answer.statusCode() != 200) {
            LOG.warn("GA/T 1400 registration of {} refused: {} {}", account.userIdentify(), answer.statusCode(), answer.body());
            return false;
        }
        for (Map.Entry<String, ViidAccount> entry : viidAccounts.entrySet()) {
            if (entry.getValue().equals(account)) {
                lastViidExchange.put(entry.getKey(), System.currentTimeMillis());
            }
        }
        return true;
    }

    private HttpResponse<String> viid(ViidAccount account, String path, String body, String authorization)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("VIID/" + path))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .header("User-Identify", account.userIdentify())
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Each picture in turn; the store keeps one copy per SHA-256, so a batch retried after a failure stores nothing twice. */
    private boolean uploadEvidence(String vendor, List<byte[]> batch) {
        URI evidence = base.resolve("api/v1/evidence");
        for (byte[] image : batch) {
            try {
                HttpResponse<String> answer = http.send(signed(evidence, "PUT", vendor, image).header("Content-Type", "image/jpeg")
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(image)).build(), HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() != 200) {
                    return retryLaterOrGiveUp(answer, batch.size(), "evidence of " + vendor);
                }
            } catch (IOException e) {
                pause(1000);
                return false;
            } catch (InterruptedException e) {
                return interrupted();
            }
        }
        return true;
    }

    /** A request to {@code uri} signed with {@code vendor}'s key (DESIGN §11). */
    private HttpRequest.Builder signed(URI uri, String method, String vendor, byte[] body) {
        Credential credential = credentials.get(vendor);
        return RequestSigner.signedRequest(uri, method, credential.keyId(), credential.secret(), body).timeout(Duration.ofSeconds(60));
    }

    private boolean uploadCanonical(String vendor, List<byte[]> batch) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] payload : batch) {
            body.writeBytes(payload);
            body.write('\n');
        }
        byte[] bytes = body.toByteArray();
        HttpRequest request = signed(events, "POST", vendor, bytes).header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build();
        try {
            HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() == 200 || answer.statusCode() == 400) {
                return true; // per-event answers: refused events are the malformed ones the simulator meant to send
            }
            return retryLaterOrGiveUp(answer, batch.size(), "batch of " + vendor);
        } catch (IOException e) {
            pause(1000);
            return false;
        } catch (InterruptedException e) {
            return interrupted();
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
