package dev.vigil.console;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.elasticsearch.ElasticsearchClients;
import dev.vigil.elasticsearch.ElasticsearchServer;
import dev.vigil.elasticsearch.IndexTemplates;
import dev.vigil.elasticsearch.Indices;
import dev.vigil.evidence.FileEvidenceStore;
import dev.vigil.model.Alert;
import dev.vigil.model.AlertKind;
import dev.vigil.model.GeoPoint;
import dev.vigil.model.Plate;
import dev.vigil.model.Stat;
import dev.vigil.model.Violation;
import dev.vigil.model.ViolationStatus;
import dev.vigil.model.ViolationType;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The query API against a real Elasticsearch with known contents: exact hits, paging, 400s, 401s. */
class ConsoleIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "analyst-token-0123456789";
    private static final List<ConsoleConfig.User> USERS = List.of(new ConsoleConfig.User("duty",
            at.favre.lib.crypto.bcrypt.BCrypt.withDefaults().hashToString(4, "值班密码 secret".toCharArray())));
    private static final Instant T0 = Instant.parse("2026-11-20T00:00:00Z");
    private static final String[] DISTRICTS = {"城关镇", "新区", "城郊"};
    private static final String[] ROADS = {"解放路", "东西大街"};

    private static final List<Violation> VIOLATIONS = new ArrayList<>();
    private static Console console;
    private static ElasticsearchClient es;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** A JPEG's first bytes and some more: what the evidence store keeps and the console gives back. */
    private static final byte[] JPEG = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 0, 16, 'J', 'F', 'I', 'F', 0, 1, 2, 3};
    private static String jpegSha256;

    @BeforeAll
    static void start() throws Exception {
        Indices indices = new Indices("c" + UUID.randomUUID().toString().substring(0, 8) + "-");
        es = ElasticsearchClients.create(ElasticsearchServer.shared().url());
        IndexTemplates.install(es, indices);
        BulkRequest.Builder bulk = new BulkRequest.Builder().refresh(co.elastic.clients.elasticsearch._types.Refresh.True);
        ViolationType[] types = ViolationType.values();
        for (int i = 0; i < 30; i++) {
            // every third pair shares an event time, so ties are ordered by id
            Instant at = T0.plusSeconds(600L * (i / 2));
            String plate = i % 5 == 0 ? "陕A12345" : "陕" + (char) ('A' + i % 3) + String.format("%05d", 1000 + i);
            Violation v = new Violation(String.format("%064x", 1000 + i * 7919), 1, types[i % types.length], null, null,
                    i % 4 == 0 ? ViolationStatus.REVIEW : ViolationStatus.CONFIRMED, List.of(), new Plate(plate, null, 0.9), null,
                    List.of("EP-" + (i % 4), "EP-9"), "J-" + (i % 4), null, null, DISTRICTS[i % 3], ROADS[i % 2],
                    new GeoPoint(34.2 + 0.01 * (i % 10), 108.9 + 0.01 * (i % 10)), at, at, null, null, null, null, null, List.of(),
                    List.of("hik:e" + i), null, null, at);
            VIOLATIONS.add(v);
            bulk.operations(op -> op.index(x -> x.index(indices.violationsIndex(v.eventTime())).id(v.violationId()).document(v)));
        }
        for (int i = 0; i < 12; i++) {
            Instant window = T0.plusSeconds(3600L * (i / 4) + 60L * i);
            Stat stat = new Stat("s" + i, Stat.ONE_MINUTE, window, window.plusSeconds(60), i % 2 == 0 ? ViolationType.RED_LIGHT
                    : ViolationType.SPEEDING, "EP-" + (i % 3), "J-" + (i % 3), DISTRICTS[i % 3], i + 1, window);
            bulk.operations(op -> op.index(x -> x.index(indices.stats()).id(stat.statId()).document(stat)));
        }
        for (int i = 0; i < 5; i++) {
            Instant at = T0.plusSeconds(100L * i);
            Alert alert = new Alert(String.format("%064x", 77 + i), i < 3 ? AlertKind.HOTLIST_HIT : AlertKind.DEVICE_SILENT, at,
                    i < 3 ? "陕A8K123" : null, "EP-" + i, "J-" + i, "城关镇", "{\"note\":\"n" + i + "\"}", at);
            bulk.operations(op -> op.index(x -> x.index(indices.alerts()).id(alert.alertId()).document(alert)));
        }
        assertThat(es.bulk(bulk.build()).errors()).isFalse();
        Path evidence = Files.createTempDirectory("console-it-evidence");
        jpegSha256 = new FileEvidenceStore(evidence).put(JPEG);
        console = Console.start(new ConsoleConfig("127.0.0.1", 0, new ConsoleConfig.Elasticsearch(ElasticsearchServer.shared().url(), null,
                null, indices.prefix()), null, List.of(new ConsoleConfig.Token("it", Console.tokenHash(TOKEN))), USERS,
                evidence.toString(), null));
    }

    @AfterAll
    static void stop() throws Exception {
        console.close();
        es._transport().close();
    }

    private static HttpResponse<String> get(String pathAndQuery, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + console.port() + pathAndQuery)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode ok(String pathAndQuery) throws Exception {
        HttpResponse<String> response = get(pathAndQuery, TOKEN);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Every page of a search, following next cursors. */
    private static List<String> allIds(String query, int size) throws Exception {
        List<String> ids = new ArrayList<>();
        String after = null;
        do {
            JsonNode page = ok("/api/violations?size=" + size + query + (after == null ? "" : "&after=" + q(after)));
            page.path("violations").forEach(v -> ids.add(v.path("violationId").asText()));
            after = page.path("next").isNull() ? null : page.path("next").asText();
        } while (after != null);
        return ids;
    }

    private static List<String> expected(Predicate<Violation> filter) {
        return VIOLATIONS.stream().filter(filter)
                .sorted(Comparator.comparing(Violation::eventTime).reversed().thenComparing(Violation::violationId))
                .map(Violation::violationId).toList();
    }

    @Test
    void pagingThroughEverythingNeitherSkipsNorRepeatsAndIsNewestFirst() throws Exception {
        assertThat(allIds("", 7)).containsExactlyElementsOf(expected(v -> true));
        assertThat(allIds("", 500)).hasSize(30);
    }

    @Test
    void everyFilterSelectsExactlyItsViolations() throws Exception {
        assertThat(allIds("&plate=" + q("陕A 12345"), 4)).containsExactlyElementsOf(expected(v -> v.plate().number().equals("陕A12345")));
        assertThat(allIds("&platePrefix=" + q("陕B"), 4)).containsExactlyElementsOf(expected(v -> v.plate().number().startsWith("陕B")));
        assertThat(allIds("&type=SPEEDING", 4)).containsExactlyElementsOf(expected(v -> v.type() == ViolationType.SPEEDING));
        assertThat(allIds("&status=REVIEW", 4)).containsExactlyElementsOf(expected(v -> v.status() == ViolationStatus.REVIEW));
        assertThat(allIds("&deviceId=EP-2", 4)).containsExactlyElementsOf(expected(v -> v.deviceIds().contains("EP-2")));
        assertThat(allIds("&siteId=J-1", 4)).containsExactlyElementsOf(expected(v -> v.siteId().equals("J-1")));
        assertThat(allIds("&district=" + q("新区"), 4)).containsExactlyElementsOf(expected(v -> v.district().equals("新区")));
        assertThat(allIds("&road=" + q("解放路") + "&type=RED_LIGHT", 4))
                .containsExactlyElementsOf(expected(v -> v.road().equals("解放路") && v.type() == ViolationType.RED_LIGHT));
        Instant from = T0.plusSeconds(1800);
        Instant to = T0.plusSeconds(4800);
        assertThat(allIds("&from=" + q("2026-11-20T08:30:00+08:00") + "&to=" + q(to.toString()), 4))
                .containsExactlyElementsOf(expected(v -> !v.eventTime().isBefore(from) && v.eventTime().isBefore(to)));
        assertThat(allIds("&bbox=108.92,34.22,108.945,34.245", 4)).containsExactlyElementsOf(expected(v ->
                v.location().lon() >= 108.92 && v.location().lon() <= 108.945 && v.location().lat() >= 34.22 && v.location().lat() <= 34.245))
                .isNotEmpty();
    }

    @Test
    void oneViolationByIdAndWhatIsNotThere() throws Exception {
        Violation v = VIOLATIONS.get(7);
        assertThat(ok("/api/violations/" + v.violationId()).path("plate").path("number").asText()).isEqualTo(v.plate().number());
        assertThat(get("/api/violations/" + "f".repeat(64), TOKEN).statusCode()).isEqualTo(404);
        assertThat(get("/api/violations/nope", TOKEN).statusCode()).isEqualTo(400);
    }

    @Test
    void badParametersAre400sNamingTheParameterAndNoTokenIs401() throws Exception {
        String[][] cases = {
            {"/api/violations?colour=red", "colour"},
            {"/api/violations?type=RUNNING_RED", "type"},
            {"/api/violations?from=yesterday", "from"},
            {"/api/violations?from=2026-11-20T10:00:00Z&to=2026-11-20T09:00:00Z", "to"},
            {"/api/violations?bbox=1,2,3", "bbox"},
            {"/api/violations?size=0", "size"},
            {"/api/violations?size=501", "size"},
            {"/api/violations?after=garbage", "after"},
            {"/api/violations?plate=" + q("无牌"), "plate"},
            {"/api/alerts?kind=FIRE", "kind"},
            {"/api/stats?by=colour", "by"},
            {"/api/stats?interval=week", "interval"},
        };
        for (String[] c : cases) {
            HttpResponse<String> response = get(c[0], TOKEN);
            assertThat(response.statusCode()).as(c[0] + " " + response.body()).isEqualTo(400);
            assertThat(JSON.readTree(response.body()).path("parameter").asText()).as(c[0]).isEqualTo(c[1]);
        }
        assertThat(get("/api/violations", null).statusCode()).isEqualTo(401);
        assertThat(get("/api/violations", "wrong-token").statusCode()).isEqualTo(401);
        assertThat(get("/health", null).statusCode()).isEqualTo(200);
    }

    @Test
    void peopleSignInForAnHttpOnlySessionCookieAndSignOut() throws Exception {
        HttpResponse<String> wrong = login("{\"user\":\"duty\",\"password\":\"guess\"}");
        HttpResponse<String> nobody = login("{\"user\":\"nobody\",\"password\":\"值班密码 secret\"}");
        HttpResponse<String> right = login("{\"user\":\"duty\",\"password\":\"值班密码 secret\"}");

        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(nobody.statusCode()).isEqualTo(401);
        assertThat(right.statusCode()).isEqualTo(200);
        String setCookie = right.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).startsWith("vigil_session=").contains("HttpOnly", "SameSite=Strict", "Path=/");
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        HttpResponse<String> withCookie = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + console.port()
                + "/api/violations?size=1")).header("Cookie", cookie).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(withCookie.statusCode()).isEqualTo(200);
        HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + console.port() + "/api/logout")).header("Cookie", cookie)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> afterwards = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + console.port()
                + "/api/violations?size=1")).header("Cookie", cookie).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(afterwards.statusCode()).isEqualTo(401);
    }

    @Test
    void signInAttemptsBeyondTenAMinuteForOneNameAre429() throws Exception {
        for (int i = 0; i < 10; i++) {
            assertThat(login("{\"user\":\"intruder\",\"password\":\"guess" + i + "\"}").statusCode()).isEqualTo(401);
        }
        HttpResponse<String> limited = login("{\"user\":\"intruder\",\"password\":\"guess10\"}");
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).contains("60");
        assertThat(JSON.readTree(limited.body()).path("error").asText()).isEqualTo("TOO_MANY_ATTEMPTS");
        // another name from the same address still gets its own allowance
        assertThat(login("{\"user\":\"duty\",\"password\":\"值班密码 secret\"}").statusCode()).isEqualTo(200);
    }

    @Test
    void evidenceImagesComeFromTheStoreByTheirSha256() throws Exception {
        HttpResponse<byte[]> image = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + console.port()
                + "/api/evidence/" + jpegSha256)).header("Authorization", "Bearer " + TOKEN).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(image.statusCode()).isEqualTo(200);
        assertThat(image.body()).isEqualTo(JPEG);
        assertThat(image.headers().firstValue("Content-Type")).contains("image/jpeg");
        assertThat(image.headers().firstValue("Cache-Control").orElseThrow()).contains("immutable");

        assertThat(get("/api/evidence/" + "0".repeat(64), TOKEN).statusCode()).isEqualTo(404);
        HttpResponse<String> bad = get("/api/evidence/not-a-digest", TOKEN);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(bad.body()).path("parameter").asText()).isEqualTo("sha256");
        assertThat(get("/api/evidence/" + jpegSha256, null).statusCode()).isEqualTo(401);
    }

    @Test
    void theDashboardAndItsChartsAreServedFromTheConsoleItself() throws Exception {
        HttpResponse<String> page = get("/", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("default-src 'self'");
        assertThat(page.body()).contains("<script src=\"/vendor/echarts.min.js\"", "<script src=\"/app.js\"", "id=\"view-dashboard\"",
                "id=\"view-search\"", "id=\"view-detail\"", "lang=\"zh-CN\"").doesNotContain("http://", "https://");
        HttpResponse<String> script = get("/app.js", null);
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.body()).contains("EventSource('/api/stream')", "'违法停车', 'Illegal parking', ['ILLEGAL_PARKING']");
        HttpResponse<String> charts = get("/vendor/echarts.min.js", null);
        assertThat(charts.statusCode()).isEqualTo(200);
        assertThat(charts.headers().firstValue("Content-Type")).contains("text/javascript; charset=utf-8");
        assertThat(charts.body().length()).isGreaterThan(500_000);
        assertThat(get("/app.css", null).statusCode()).isEqualTo(200);
        assertThat(get("/nothing-here.html", null).statusCode()).isEqualTo(404);
        // the page is open to all; what it shows needs a sign-in
        assertThat(get("/api/me", null).statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(get("/api/me", TOKEN).body()).path("user").asText()).isEqualTo("token");
        // no Kafka configured: no registry to draw devices from
        assertThat(get("/api/devices", TOKEN).statusCode()).isEqualTo(503);
    }

    private static HttpResponse<String> login(String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + console.port() + "/api/login"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void statsSumTheMinuteCountsByGroupAndHourOrDay() throws Exception {
        JsonNode all = ok("/api/stats?from=" + q(T0.toString()) + "&to=" + q(T0.plusSeconds(86_400).toString()) + "&by=district");
        assertThat(all.path("total").asLong()).isEqualTo(78); // 1 + 2 + … + 12
        assertThat(all.path("groups").findValuesAsText("key")).containsExactlyInAnyOrder(DISTRICTS);
        long cityCount = 1 + 4 + 7 + 10; // i % 3 == 0
        assertThat(all.path("groups")).anySatisfy(g -> {
            assertThat(g.path("key").asText()).isEqualTo("城关镇");
            assertThat(g.path("count").asLong()).isEqualTo(cityCount);
        });
        // windows fall in three hours: i / 4 = 0, 1, 2
        assertThat(all.path("buckets")).extracting(b -> b.path("count").asLong()).containsExactly(10L, 26L, 42L);
        JsonNode redLight = ok("/api/stats?type=RED_LIGHT&interval=day");
        assertThat(redLight.path("total").asLong()).isEqualTo(1 + 3 + 5 + 7 + 9 + 11);
        assertThat(redLight.path("buckets")).singleElement().satisfies(b -> assertThat(b.path("start").asText())
                .isEqualTo("2026-11-19T16:00:00Z")); // the day in Asia/Shanghai
    }

    @Test
    void theSummaryCountsReportCategoriesPerDistrictAndStatusAsJsonAndCsv() throws Exception {
        String period = "from=" + q("2026-11-20T08:00:00+08:00") + "&to=" + q("2026-11-21T08:00:00+08:00");
        JsonNode summary = ok("/api/reports/summary?" + period);
        assertThat(summary.path("total").asLong()).isEqualTo(30);
        assertThat(summary.path("categories").path("超速").asLong()).isEqualTo(6);    // SPEEDING and SECTION_SPEEDING, 3 each
        assertThat(summary.path("categories").path("闯红灯").asLong()).isEqualTo(3);
        assertThat(summary.path("categories").path("非机动车违法").asLong()).isEqualTo(3);
        assertThat(summary.path("statuses").path("REVIEW").asLong()).isEqualTo(8);  // i % 4 == 0
        assertThat(summary.path("statuses").path("CONFIRMED").asLong()).isEqualTo(22);
        assertThat(summary.path("districts")).hasSize(3).allSatisfy(d -> assertThat(d.path("total").asLong()).isEqualTo(10));

        HttpResponse<String> csv = get("/api/reports/summary?" + period + "&format=csv", TOKEN);
        assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
        assertThat(csv.body().lines().toList()).startsWith("区域,类别,数量").contains("全部,超速,6", "全部,合计,30");
        assertThat(get("/api/reports/summary", TOKEN).statusCode()).isEqualTo(400);
        assertThat(get("/api/reports/summary?" + period + "&format=xml", TOKEN).statusCode()).isEqualTo(400);
    }

    @Test
    void aViolationSearchExportsAsCsvInItsOrder() throws Exception {
        HttpResponse<String> csv = get("/api/violations?type=SPEEDING&format=csv", TOKEN);
        List<List<String>> rows = new ArrayList<>();
        try (var it = new com.fasterxml.jackson.dataformat.csv.CsvMapper()
                .enable(com.fasterxml.jackson.dataformat.csv.CsvParser.Feature.WRAP_AS_ARRAY)
                .readerForListOf(String.class).<List<String>>readValues(csv.body())) {
            it.forEachRemaining(rows::add);
        }
        assertThat(rows.get(0)).startsWith("violationId", "type", "code", "description", "status", "reasons", "plate", "eventTime",
                "deviceId");
        assertThat(rows.subList(1, rows.size())).extracting(r -> r.get(0))
                .containsExactlyElementsOf(expected(v -> v.type() == ViolationType.SPEEDING));
        assertThat(rows.subList(1, rows.size())).extracting(r -> r.get(1)).containsOnly("SPEEDING");
    }

    @Test
    void alertsFilterAndPage() throws Exception {
        JsonNode first = ok("/api/alerts?kind=HOTLIST_HIT&size=2");
        assertThat(first.path("alerts").findValuesAsText("eventTime")).hasSize(2);
        JsonNode second = ok("/api/alerts?kind=HOTLIST_HIT&size=2&after=" + q(first.path("next").asText()));
        List<String> ids = new ArrayList<>(first.path("alerts").findValuesAsText("alertId"));
        ids.addAll(second.path("alerts").findValuesAsText("alertId"));
        assertThat(ids).containsExactly(String.format("%064x", 79), String.format("%064x", 78), String.format("%064x", 77));
        assertThat(second.path("next").isNull()).isTrue();
        assertThat(ok("/api/alerts?plate=" + q("陕A8K123")).path("alerts")).hasSize(3);
        assertThat(ok("/api/alerts?deviceId=EP-4").path("alerts").findValuesAsText("kind")).containsExactly("DEVICE_SILENT");
    }
}
