package dev.vigil.gateway;

import dev.vigil.evidence.FileEvidenceStore;
import dev.vigil.evidence.EvidenceStore;
import dev.vigil.gateway.EventIngest.Answer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The vendor gateway (DESIGN §11) on Jetty: {@code POST /api/v1/events}, {@code PUT /api/v1/evidence},
 * {@code GET /evidence/{sha256}} (all signed per vendor), and {@code GET /health}. Checks run in
 * this order: body size (413), credentials (401), then per-request limits (413), the vendor's rate
 * (429) and the events themselves. Refused requests are counted (see {@code /health}) and logged,
 * never written.
 */
public final class Gateway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

    private final Server server;
    private final ServerConnector connector;
    private final KafkaWriter kafka;
    private final EventIngest ingest;
    private final Gat1400Endpoints gat1400;
    private final Authenticator authenticator;
    private final EvidenceStore evidence;
    private final GatewayConfig config;
    private final Map<String, AtomicLong> refused = new ConcurrentHashMap<>();

    private Gateway(GatewayConfig config, EvidenceStore evidence) {
        this.config = config;
        this.evidence = evidence;
        this.kafka = new KafkaWriter(config.kafka());
        VendorRates rates = new VendorRates(config.limits().eventsPerSecond());
        this.ingest = new EventIngest(kafka, config.limits(), rates);
        this.gat1400 = new Gat1400Endpoints(config, evidence, kafka, rates, System::currentTimeMillis);
        this.authenticator = new Authenticator(config.vendors(), () -> System.currentTimeMillis() / 1000);
        QueuedThreadPool threads = new QueuedThreadPool(200, 8);
        threads.setName("gateway");
        this.server = new Server(threads);
        this.connector = new ServerConnector(server);
        connector.setHost(config.bindAddress());
        connector.setPort(config.port());
        server.addConnector(connector);
        server.setHandler(new Routes());
    }

    /** Starts a gateway with a file evidence store under {@code config.evidenceDir()}; port 0 picks a free one. */
    public static Gateway start(GatewayConfig config) throws Exception {
        return start(config, new FileEvidenceStore(Path.of(config.evidenceDir())));
    }

    public static Gateway start(GatewayConfig config, EvidenceStore evidence) throws Exception {
        Gateway gateway = new Gateway(config, evidence);
        try {
            gateway.server.start();
        } catch (Exception e) {
            gateway.close();
            throw e;
        }
        LOG.info("gateway listening on {}:{}", config.bindAddress(), gateway.port());
        return gateway;
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** Requests refused before their events were read, by reason. */
    public Map<String, Long> refusedRequests() {
        Map<String, Long> counts = new LinkedHashMap<>();
        refused.forEach((reason, count) -> counts.put(reason, count.get()));
        return counts;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("stopping the gateway's server: {}", e.toString());
        }
        kafka.close();
    }

    /** The routes; blocking handlers on Jetty's pool. */
    private final class Routes extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            String path = Request.getPathInContext(request);
            String method = request.getMethod();
            Answer answer;
            try {
                if (path.equals("/health")) {
                    answer = method.equals("GET") ? health() : notAllowed();
                } else if (path.equals("/api/v1/events")) {
                    answer = method.equals("POST") ? signed(request, method, path, config.limits().maxBodyBytes(),
                            (vendor, body) -> ingest.ingest(vendor, body, Instant.now())) : notAllowed();
                } else if (path.equals("/api/v1/evidence")) {
                    answer = method.equals("PUT") ? signed(request, method, path, config.limits().maxImageBytes(),
                            (vendor, body) -> storeEvidence(body)) : notAllowed();
                } else if (path.startsWith("/VIID/")) {
                    answer = viid(request, method, path, response);
                } else if (path.startsWith("/evidence/")) {
                    answer = method.equals("GET") ? signed(request, method, path, 0,
                            (vendor, body) -> evidenceImage(path.substring("/evidence/".length()), response)) : notAllowed();
                } else {
                    answer = Answer.error(404, "NOT_FOUND", path);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                answer = Answer.error(503, "SHUTTING_DOWN", "the gateway is stopping").retryAfter("5");
            } catch (Exception e) {
                LOG.error("{} {} failed", method, path, e);
                answer = Answer.error(500, "INTERNAL", e.toString());
            }
            response.setStatus(answer.status());
            if (answer.retryAfter() != null) {
                response.getHeaders().put(HttpHeader.RETRY_AFTER, answer.retryAfter());
            }
            if (!response.getHeaders().contains(HttpHeader.CONTENT_TYPE)) {
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            }
            response.write(true, ByteBuffer.wrap(answer.body()), callback);
            return true;
        }
    }

    /** What a signed request does once its vendor is known. */
    @FunctionalInterface
    private interface SignedAction {
        Answer apply(String vendor, byte[] body) throws Exception;
    }

    /** The body, or null when it is larger than {@code maxBody}. */
    private static byte[] body(Request request, int maxBody) throws IOException {
        long declared = request.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH);
        if (declared > maxBody) {
            return null;
        }
        byte[] body;
        try (InputStream in = Content.Source.asInputStream(request)) {
            body = in.readNBytes(maxBody + 1);
        }
        return body.length > maxBody ? null : body;
    }

    private Answer viid(Request request, String method, String path, Response response) throws Exception {
        byte[] body = body(request, config.limits().maxBodyBytes());
        if (body == null) {
            return refuse(413, "BODY_TOO_LARGE", "the body has more than " + config.limits().maxBodyBytes() + " bytes");
        }
        Map<String, String> headersOut = new LinkedHashMap<>();
        Answer answer = gat1400.handle(method, path, request.getHeaders().get("User-Identify"), request.getHeaders().get("Authorization"),
                body, headersOut);
        headersOut.forEach((name, value) -> response.getHeaders().put(name, value));
        if (answer.status() == 401 || answer.status() == 413 || answer.status() == 429) {
            count(answer.status() == 401 ? "VIID_UNAUTHENTICATED" : answer.code(), null);
        }
        return answer;
    }

    private Answer signed(Request request, String method, String path, int maxBody, SignedAction action) throws Exception {
        byte[] body = body(request, maxBody);
        if (body == null) {
            return refuse(413, "BODY_TOO_LARGE", "the body has more than " + maxBody + " bytes");
        }
        var headers = request.getHeaders();
        Authenticator.Verdict verdict = authenticator.check(method, path, headers.get("X-Vigil-Key"), headers.get("X-Vigil-Timestamp"),
                headers.get("X-Vigil-Nonce"), headers.get("X-Vigil-Signature"), body);
        if (!verdict.ok()) {
            return refuse(401, "UNAUTHENTICATED", verdict.failure());
        }
        Answer answer = action.apply(verdict.vendor(), body);
        if (answer.status() == 403 || answer.status() == 413 || answer.status() == 429) {
            count(answer.code(), verdict.vendor());
        }
        return answer;
    }

    private Answer refuse(int status, String code, String detail) {
        count(code, null);
        LOG.info("refused a request: {} {}", code, detail);
        return Answer.error(status, code, detail);
    }

    private void count(String code, String vendor) {
        refused.computeIfAbsent(code, c -> new AtomicLong()).incrementAndGet();
        if (vendor != null) {
            LOG.info("refused a request of {}: {}", vendor, code);
        }
    }

    private Answer storeEvidence(byte[] image) throws IOException {
        if (image.length == 0) {
            return Answer.error(400, "EMPTY_IMAGE", "the body holds no image");
        }
        String sha256 = evidence.put(image);
        return Answer.json(200, Map.of("uri", "/evidence/" + sha256, "sha256", sha256));
    }

    private Answer evidenceImage(String sha256, Response response) throws IOException {
        Optional<byte[]> image = evidence.get(sha256);
        if (image.isEmpty()) {
            return Answer.error(404, "NOT_FOUND", "no evidence " + sha256);
        }
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType(image.get()));
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "private, max-age=31536000, immutable");
        return new Answer(200, image.get(), null, null);
    }

    private Answer health() {
        boolean up = kafka.reachable();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", up ? "UP" : "DOWN");
        body.put("kafka", up ? "reachable" : "unreachable: " + config.kafka().bootstrapServers());
        body.put("refusedRequests", refusedRequests());
        return Answer.json(up ? 200 : 503, body);
    }

    private static Answer notAllowed() {
        return Answer.error(405, "METHOD_NOT_ALLOWED", "see DESIGN §11 for the methods of each path");
    }

    /** The content type of an image, from its first bytes. */
    static String contentType(byte[] image) {
        if (image.length >= 3 && (image[0] & 0xFF) == 0xFF && (image[1] & 0xFF) == 0xD8 && (image[2] & 0xFF) == 0xFF) {
            return "image/jpeg";
        }
        if (image.length >= 8 && (image[0] & 0xFF) == 0x89 && image[1] == 'P' && image[2] == 'N' && image[3] == 'G') {
            return "image/png";
        }
        if (image.length >= 12 && image[0] == 'R' && image[1] == 'I' && image[2] == 'F' && image[3] == 'F'
                && image[8] == 'W' && image[9] == 'E' && image[10] == 'B' && image[11] == 'P') {
            return "image/webp";
        }
        return "application/octet-stream";
    }

    /** {@code java dev.vigil.gateway.Gateway --config FILE}: runs until stopped. */
    public static void main(String[] args) throws Exception {
        if (args.length != 2 || !args[0].equals("--config")) {
            System.err.println("usage: gateway --config FILE");
            System.exit(2);
        }
        Gateway gateway = start(GatewayConfig.load(Path.of(args[1])));
        Runtime.getRuntime().addShutdownHook(new Thread(gateway::close, "gateway-shutdown"));
        gateway.server.join();
    }
}
