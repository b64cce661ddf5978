package dev.vigil.console;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.elasticsearch.ElasticsearchClients;
import dev.vigil.evidence.EvidenceStore;
import dev.vigil.evidence.FileEvidenceStore;
import dev.vigil.elasticsearch.Indices;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console (DESIGN §11) on Jetty: the dashboard at {@code /} with its script, styles and
 * charts; the query API ({@code /api/violations}, {@code /api/violations/{id}}, {@code /api/alerts},
 * {@code /api/stats}, {@code /api/reports/summary}, {@code /api/devices},
 * {@code /api/evidence/{sha256}}) and the live stream ({@code /api/stream}) for signed-in people
 * (session cookie) and scripts with a configured token ({@code Authorization: Bearer …});
 * {@code GET /health} for anyone. A bad parameter answers 400 naming it:
 * {@code {"error":"BAD_PARAMETER","parameter":…,"detail":…}}.
 */
public final class Console implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Console.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Server server;
    private final ServerConnector connector;
    private final ElasticsearchClient client;
    private final Queries queries;
    private final Reports reports;
    private final Set<String> tokenHashes;
    private final LiveStream stream;
    private final Sessions sessions;
    private final SignInLimits signInLimits;
    private final EvidenceStore evidence;
    private final Devices devices;
    private final WebAssets assets = new WebAssets();

    private Console(ConsoleConfig config) throws java.io.IOException {
        this.client = ElasticsearchClients.create(config.elasticsearch().url(), config.elasticsearch().username(),
                config.elasticsearch().password());
        this.queries = new Queries(client, new Indices(config.elasticsearch().indexPrefix()));
        this.reports = new Reports(client, new Indices(config.elasticsearch().indexPrefix()));
        this.tokenHashes = Set.copyOf(config.tokens().stream().map(ConsoleConfig.Token::sha256).toList());
        this.sessions = new Sessions(config.users());
        this.signInLimits = new SignInLimits(config.signInAttemptsPerMinute());
        this.evidence = config.evidenceDir() == null ? null : new FileEvidenceStore(Path.of(config.evidenceDir()));
        this.devices = config.kafka() == null ? null : new Devices(config.kafka().bootstrapServers(), config.kafka().registryTopic());
        this.stream = config.kafka() == null ? null
                : new LiveStream(config.kafka().bootstrapServers(), config.kafka().statsTopic(), config.kafka().alertsTopic());
        QueuedThreadPool threads = new QueuedThreadPool(100, 4);
        threads.setName("console");
        this.server = new Server(threads);
        this.connector = new ServerConnector(server);
        connector.setHost(config.bindAddress());
        connector.setPort(config.port());
        server.addConnector(connector);
        server.setHandler(new Routes());
    }

    /** Starts the console; port 0 picks a free one. */
    public static Console start(ConsoleConfig config) throws Exception {
        Console console = new Console(config);
        try {
            console.server.start();
        } catch (Exception e) {
            console.close();
            throw e;
        }
        LOG.info("console listening on {}:{}", config.bindAddress(), console.port());
        return console;
    }

    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() {
        if (stream != null) {
            stream.stop();
        }
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("stopping the console's server: {}", e.toString());
        }
        try {
            client._transport().close();
        } catch (java.io.IOException e) {
            LOG.warn("closing the Elasticsearch client: {}", e.toString());
        }
    }

    /** The lowercase hex SHA-256 of a token, as the configuration keeps it. */
    public static String tokenHash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * An answer: a JSON body, text of a content type (CSV), or bytes of one (a page, an image);
     * {@code cookie} a Set-Cookie value; {@code cacheControl} the Cache-Control header.
     */
    private record Answer(int status, Object body, String contentType, String fileName, String cookie, String cacheControl) {
        Answer(int status, Object body) {
            this(status, body, null, null, null, null);
        }

        Answer(int status, Object body, String contentType, String fileName, String cookie) {
            this(status, body, contentType, fileName, cookie, null);
        }

        static Answer csv(String text, String fileName) {
            return new Answer(200, text, "text/csv; charset=utf-8", fileName, null);
        }

        static Answer bytes(byte[] bytes, String contentType, String cacheControl) {
            return new Answer(200, bytes, contentType, null, null, cacheControl);
        }
    }

    /** What the dashboard's page may load: only the console's own files, images and API. */
    private static final String PAGE_POLICY =
            "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'";

    private final class Routes extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            String path = Request.getPathInContext(request);
            Answer answer;
            try {
                if (path.equals("/api/stream") && stream != null && authorized(request) && request.getMethod().equals("GET")) {
                    stream.serve(response, callback, request.getHeaders().get("Last-Event-ID"));
                    return true;
                }
                answer = route(request, path);
            } catch (BadParameter e) {
                answer = new Answer(400, Map.of("error", "BAD_PARAMETER", "parameter", e.parameter, "detail", e.getMessage()));
            } catch (Exception e) {
                LOG.error("{} {} failed", request.getMethod(), path, e);
                answer = new Answer(500, Map.of("error", "INTERNAL", "detail", e.toString()));
            }
            byte[] body;
            try {
                body = answer.body() instanceof byte[] bytes ? bytes
                        : answer.contentType() != null ? ((String) answer.body()).getBytes(StandardCharsets.UTF_8)
                        : JSON.writeValueAsBytes(answer.body());
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            response.setStatus(answer.status());
            response.getHeaders().put(HttpHeader.CONTENT_TYPE,
                    answer.contentType() != null ? answer.contentType() : "application/json; charset=utf-8");
            if (answer.cookie() != null) {
                response.getHeaders().put(HttpHeader.SET_COOKIE, answer.cookie());
            }
            response.getHeaders().put("X-Content-Type-Options", "nosniff");
            if (answer.status() == 429) {
                response.getHeaders().put(HttpHeader.RETRY_AFTER, "60");
            }
            if (answer.cacheControl() != null) {
                response.getHeaders().put(HttpHeader.CACHE_CONTROL, answer.cacheControl());
            }
            if (answer.contentType() != null && answer.contentType().startsWith("text/html")) {
                response.getHeaders().put("Content-Security-Policy", PAGE_POLICY);
            }
            if (answer.fileName() != null) {
                response.getHeaders().put(HttpHeader.CONTENT_DISPOSITION, "attachment; filename=\"" + answer.fileName() + "\"");
            }
            response.write(true, ByteBuffer.wrap(body), callback);
            return true;
        }
    }

    private Answer route(Request request, String path) throws Exception {
        if (path.equals("/health")) {
            return new Answer(200, Map.of("status", "UP"));
        }
        if (!path.startsWith("/api/")) {
            WebAssets.Asset asset = assets.get(path);
            if (asset == null || !request.getMethod().equals("GET")) {
                return new Answer(404, Map.of("error", "NOT_FOUND", "detail", path));
            }
            return Answer.bytes(asset.bytes(), asset.contentType(), "no-cache");
        }
        if (path.equals("/api/login") && request.getMethod().equals("POST")) {
            return signIn(request);
        }
        if (path.equals("/api/me") && request.getMethod().equals("GET")) {
            String user = sessions.user(sessionId(request));
            return user != null ? new Answer(200, Map.of("user", user))
                    : authorized(request) ? new Answer(200, Map.of("user", "token"))
                    : new Answer(401, Map.of("error", "UNAUTHENTICATED", "detail", "sign in first"));
        }
        if (path.equals("/api/logout") && request.getMethod().equals("POST")) {
            sessions.signOut(sessionId(request));
            return new Answer(200, Map.of("signedOut", true), null, null, cookie("", 0));
        }
        if (!authorized(request)) {
            return new Answer(401, Map.of("error", "UNAUTHENTICATED", "detail", "Authorization: Bearer <token> required"));
        }
        if (!request.getMethod().equals("GET")) {
            return new Answer(405, Map.of("error", "METHOD_NOT_ALLOWED", "detail", "the query API is read-only"));
        }
        Map<String, List<String>> query = parameters(request);
        if (path.equals("/api/violations")) {
            String format = format(query);
            if (format.equals("csv")) {
                return Answer.csv(reports.violationsCsv(queries, query), "violations.csv");
            }
            Map<String, List<String>> search = new LinkedHashMap<>(query);
            search.remove("format");
            return page(queries.violations(new Params(search, Queries.VIOLATION_PARAMS)), "violations");
        }
        if (path.equals("/api/reports/summary")) {
            Map<String, Object> summary = reports.summary(new Params(query, Reports.SUMMARY_PARAMS));
            return format(query).equals("csv") ? Answer.csv(Reports.summaryCsv(summary), "summary.csv") : new Answer(200, summary);
        }
        if (path.startsWith("/api/violations/")) {
            new Params(query, Set.of());
            String id = path.substring("/api/violations/".length());
            if (!id.matches("[0-9a-f]{64}")) {
                throw new BadParameter("id", "a violation id is 64 lowercase hex characters");
            }
            JsonNode violation = queries.violation(id);
            return violation == null ? new Answer(404, Map.of("error", "NOT_FOUND", "detail", "no violation " + id))
                    : new Answer(200, violation);
        }
        if (path.equals("/api/stream")) {
            return new Answer(503, Map.of("error", "NO_STREAM", "detail", "the console has no Kafka configured"));
        }
        if (path.equals("/api/devices")) {
            new Params(query, Set.of());
            return devices == null ? new Answer(503, Map.of("error", "NO_REGISTRY", "detail", "the console has no Kafka configured"))
                    : new Answer(200, Map.of("devices", devices.list()));
        }
        if (path.startsWith("/api/evidence/")) {
            new Params(query, Set.of());
            return evidenceImage(path.substring("/api/evidence/".length()));
        }
        if (path.equals("/api/alerts")) {
            return page(queries.alerts(new Params(query, Queries.ALERT_PARAMS)), "alerts");
        }
        if (path.equals("/api/stats")) {
            return new Answer(200, queries.stats(new Params(query, Queries.STAT_PARAMS)));
        }
        return new Answer(404, Map.of("error", "NOT_FOUND", "detail", path));
    }

    /** {@code format}: json (default) or csv; removed from the parameters the query reads. */
    private static String format(Map<String, List<String>> query) throws BadParameter {
        List<String> values = query.get("format");
        if (values == null) {
            return "json";
        }
        if (values.size() != 1 || !(values.get(0).equals("json") || values.get(0).equals("csv"))) {
            throw new BadParameter("format", "json or csv");
        }
        return values.get(0);
    }

    private static Answer page(Queries.Page page, String name) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(name, page.items());
        body.put("next", page.next());
        return new Answer(200, body);
    }

    /** An evidence image by its SHA-256; its bytes never change, so browsers may keep it. */
    private Answer evidenceImage(String sha256) throws BadParameter, java.io.IOException {
        if (!sha256.matches("[0-9a-f]{64}")) {
            throw new BadParameter("sha256", "an image's SHA-256 is 64 lowercase hex characters");
        }
        Optional<byte[]> image = evidence == null ? Optional.empty() : evidence.get(sha256);
        if (image.isEmpty()) {
            return new Answer(404, Map.of("error", "NOT_FOUND", "detail", "no evidence image " + sha256));
        }
        return Answer.bytes(image.get(), imageType(image.get()), "private, max-age=31536000, immutable");
    }

    /** The content type of an image from its first bytes: JPEG, PNG, or else unknown bytes. */
    static String imageType(byte[] image) {
        if (image.length > 3 && (image[0] & 0xff) == 0xff && (image[1] & 0xff) == 0xd8) {
            return "image/jpeg";
        }
        if (image.length > 8 && (image[0] & 0xff) == 0x89 && image[1] == 'P' && image[2] == 'N' && image[3] == 'G') {
            return "image/png";
        }
        return "application/octet-stream";
    }

    private Answer signIn(Request request) throws java.io.IOException {
        JsonNode body;
        try (java.io.InputStream in = org.eclipse.jetty.io.Content.Source.asInputStream(request)) {
            body = JSON.readTree(in.readNBytes(4096));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            body = null;
        }
        String user = body == null ? null : body.path("user").asText(null);
        String password = body == null ? null : body.path("password").asText(null);
        if (!signInLimits.allow(user, Request.getRemoteAddr(request))) {
            LOG.warn("sign-in attempts as {} from {} exceed the limit", user, Request.getRemoteAddr(request));
            return new Answer(429, Map.of("error", "TOO_MANY_ATTEMPTS", "detail", "too many sign-in attempts; try again in a minute"),
                    null, null, null, null);
        }
        String session = sessions.signIn(user, password);
        if (session == null) {
            LOG.info("a sign-in as {} failed", user);
            return new Answer(401, Map.of("error", "UNAUTHENTICATED", "detail", "wrong user or password"));
        }
        return new Answer(200, Map.of("user", user), null, null, cookie(session, Sessions.LIFETIME.toSeconds()));
    }

    /** The session cookie: HttpOnly (scripts cannot read it), SameSite=Strict, for the whole console. */
    private static String cookie(String value, long maxAgeSeconds) {
        return Sessions.COOKIE + "=" + value + "; Path=/; Max-Age=" + maxAgeSeconds + "; HttpOnly; SameSite=Strict";
    }

    private static String sessionId(Request request) {
        for (org.eclipse.jetty.http.HttpCookie cookie : Request.getCookies(request)) {
            if (cookie.getName().equals(Sessions.COOKIE)) {
                return cookie.getValue();
            }
        }
        return null;
    }

    private boolean authorized(Request request) {
        if (sessions.user(sessionId(request)) != null) {
            return true;
        }
        String header = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] presented = tokenHash(header.substring(7).trim()).getBytes(StandardCharsets.US_ASCII);
        boolean match = false;
        for (String known : tokenHashes) {
            match |= MessageDigest.isEqual(presented, known.getBytes(StandardCharsets.US_ASCII));
        }
        return match;
    }

    private static Map<String, List<String>> parameters(Request request) {
        Fields fields = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (Fields.Field field : fields) {
            map.put(field.getName(), field.getValues());
        }
        return map;
    }

    /** {@code java dev.vigil.console.Console --config FILE}: runs until stopped. */
    public static void main(String[] args) throws Exception {
        if (args.length != 2 || !args[0].equals("--config")) {
            System.err.println("usage: console --config FILE");
            System.exit(2);
        }
        Console console = start(ConsoleConfig.load(Path.of(args[1])));
        Runtime.getRuntime().addShutdownHook(new Thread(console::close, "console-shutdown"));
        console.server.join();
    }
}
