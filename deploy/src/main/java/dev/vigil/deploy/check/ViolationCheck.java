package dev.vigil.deploy.check;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.deploy.sim.ExpectedAlert;
import dev.vigil.deploy.sim.ExpectedViolation;
import dev.vigil.model.AlertKind;
import dev.vigil.model.ViolationType;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares what the simulator made happen with what Elasticsearch holds, by violation id and per
 * type. An expected violation counts once its deciding event is older than the horizon (the system
 * reports it only after its watermark has passed); until then it is pending, found or not. A
 * violation in Elasticsearch that the simulator never made happen is unexpected at any time.
 */
public final class ViolationCheck {
    private static final int PAGE = 5_000;

    /** One type's line of the table. */
    public record Row(ViolationType type, int expected, int found, int missing, int unexpected, int pending) {}

    /** The table, and a few ids of each kind of difference to start looking from. */
    public record Result(List<Row> rows, long horizon, List<String> missingIds, List<String> unexpectedIds) {
        public boolean clean() {
            return missingIds.isEmpty() && unexpectedIds.isEmpty();
        }

        public Row total() {
            int expected = 0;
            int found = 0;
            int missing = 0;
            int unexpected = 0;
            int pending = 0;
            for (Row row : rows) {
                expected += row.expected();
                found += row.found();
                missing += row.missing();
                unexpected += row.unexpected();
                pending += row.pending();
            }
            return new Row(null, expected, found, missing, unexpected, pending);
        }

        public void print(PrintWriter out) {
            out.printf("%-28s %9s %9s %9s %11s %9s%n", "type", "expected", "found", "missing", "unexpected", "pending");
            for (Row row : rows) {
                out.printf("%-28s %9d %9d %9d %11d %9d%n", row.type(), row.expected(), row.found(), row.missing(), row.unexpected(),
                        row.pending());
            }
            Row total = total();
            out.printf("%-28s %9d %9d %9d %11d %9d%n", "total", total.expected(), total.found(), total.missing(), total.unexpected(),
                    total.pending());
            for (String id : missingIds.subList(0, Math.min(5, missingIds.size()))) {
                out.println("missing:    " + id);
            }
            for (String id : unexpectedIds.subList(0, Math.min(5, unexpectedIds.size()))) {
                out.println("unexpected: " + id);
            }
            out.flush();
        }
    }

    private ViolationCheck() {}

    /** One alert kind's line of the table. */
    public record AlertRow(AlertKind kind, int expected, int found, int missing, int unexpected, int pending) {}

    /** The alerts table. */
    public record AlertResult(List<AlertRow> rows, List<String> missingIds, List<String> unexpectedIds) {
        public boolean clean() {
            return missingIds.isEmpty() && unexpectedIds.isEmpty();
        }

        public void print(PrintWriter out) {
            out.printf("%-28s %9s %9s %9s %11s %9s%n", "alert", "expected", "found", "missing", "unexpected", "pending");
            for (AlertRow row : rows) {
                out.printf("%-28s %9d %9d %9d %11d %9d%n", row.kind(), row.expected(), row.found(), row.missing(), row.unexpected(),
                        row.pending());
            }
            for (String id : missingIds.subList(0, Math.min(5, missingIds.size()))) {
                out.println("missing alert:    " + id);
            }
            for (String id : unexpectedIds.subList(0, Math.min(5, unexpectedIds.size()))) {
                out.println("unexpected alert: " + id);
            }
            out.flush();
        }
    }

    /**
     * Compares the alerts the simulator's traffic must raise with those behind {@code index}.
     * Uncertain ones (a silence just at the threshold, or device alerts around a restart) are not judged.
     */
    public static AlertResult alerts(ElasticsearchClient client, String index, List<ExpectedAlert> expected, long horizon) throws IOException {
        Map<String, AlertKind> stored = new HashMap<>();
        Map<String, Long> storedTimes = new HashMap<>();
        for (JsonNode doc : all(client, index, "alertId", "alertId", "kind", "eventTime")) {
            stored.put(doc.path("alertId").asText(), AlertKind.valueOf(doc.path("kind").asText()));
            storedTimes.put(doc.path("alertId").asText(), java.time.Instant.parse(doc.path("eventTime").asText()).toEpochMilli());
        }
        Map<String, ExpectedAlert> certain = new HashMap<>();
        java.util.Set<String> uncertainIds = new java.util.HashSet<>();
        List<long[]> uncertainWindows = new ArrayList<>();
        for (ExpectedAlert alert : expected) {
            if (alert.alertId() == null) {
                uncertainWindows.add(new long[] {alert.eventTime(), alert.until()});
            } else if (alert.uncertain()) {
                uncertainIds.add(alert.alertId());
            } else {
                certain.putIfAbsent(alert.alertId(), alert);
            }
        }
        Map<AlertKind, int[]> counts = new EnumMap<>(AlertKind.class);
        for (AlertKind kind : AlertKind.values()) {
            counts.put(kind, new int[5]);
        }
        List<String> missing = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        for (ExpectedAlert alert : certain.values()) {
            int[] c = counts.get(alert.kind());
            boolean judged = !(alert.kind().name().startsWith("DEVICE_") && inAny(uncertainWindows, alert.eventTime()));
            if (!judged) {
                continue;
            }
            if (alert.settlesAt() > horizon) {
                c[4]++;
            } else {
                c[0]++;
                if (stored.containsKey(alert.alertId())) {
                    c[1]++;
                } else {
                    c[2]++;
                    missing.add(alert.alertId() + " " + alert.kind() + " " + alert.subject() + " at " + java.time.Instant.ofEpochMilli(alert.eventTime()));
                }
            }
        }
        stored.forEach((id, kind) -> {
            boolean device = kind.name().startsWith("DEVICE_");
            if (!certain.containsKey(id) && !uncertainIds.contains(id) && !(device && inAny(uncertainWindows, storedTimes.get(id)))) {
                counts.get(kind)[3]++;
                unexpected.add(id + " " + kind + " at " + java.time.Instant.ofEpochMilli(storedTimes.get(id)));
            }
        });
        List<AlertRow> rows = new ArrayList<>();
        counts.forEach((kind, c) -> rows.add(new AlertRow(kind, c[0], c[1], c[2], c[3], c[4])));
        return new AlertResult(rows, missing, unexpected);
    }

    private static boolean inAny(List<long[]> windows, long time) {
        for (long[] window : windows) {
            if (time >= window[0] && time <= window[1]) {
                return true;
            }
        }
        return false;
    }

    /** Compares {@code expected} with every violation behind {@code alias}. */
    public static Result run(ElasticsearchClient client, String alias, List<ExpectedViolation> expected, long horizon) throws IOException {
        Map<String, ViolationType> stored = storedViolations(client, alias);
        Map<String, ExpectedViolation> byId = new HashMap<>();
        for (ExpectedViolation violation : expected) {
            byId.putIfAbsent(violation.violationId(), violation);
        }
        Map<ViolationType, int[]> counts = new EnumMap<>(ViolationType.class);
        for (ViolationType type : ViolationType.values()) {
            counts.put(type, new int[5]);
        }
        List<String> missing = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        for (ExpectedViolation violation : byId.values()) {
            int[] c = counts.get(violation.type());
            boolean isStored = stored.get(violation.violationId()) == violation.type();
            if (violation.settlesAt() > horizon) {
                c[4]++;
            } else if (isStored) {
                c[0]++;
                c[1]++;
            } else {
                c[0]++;
                c[2]++;
                missing.add(violation.violationId() + " " + violation.type() + " " + violation.place() + " plate " + violation.plate()
                        + " at " + java.time.Instant.ofEpochMilli(violation.eventTime()));
            }
        }
        stored.forEach((id, type) -> {
            ExpectedViolation violation = byId.get(id);
            if (violation == null || violation.type() != type) {
                counts.get(type)[3]++;
                unexpected.add(id + " " + type);
            }
        });
        List<Row> rows = new ArrayList<>();
        counts.forEach((type, c) -> rows.add(new Row(type, c[0], c[1], c[2], c[3], c[4])));
        return new Result(rows, horizon, missing, unexpected);
    }

    /** violationId → type of every document behind {@code alias}; none when the index does not exist yet. */
    private static Map<String, ViolationType> storedViolations(ElasticsearchClient client, String alias) throws IOException {
        Map<String, ViolationType> stored = new HashMap<>();
        for (JsonNode doc : all(client, alias, "violationId", "violationId", "type")) {
            stored.put(doc.path("violationId").asText(), ViolationType.valueOf(doc.path("type").asText()));
        }
        return stored;
    }

    /** The given fields of every document behind {@code index}, paged by {@code sortField}; none when it does not exist. */
    private static List<JsonNode> all(ElasticsearchClient client, String index, String sortField, String... fields) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        List<FieldValue> after = null;
        while (true) {
            List<FieldValue> searchAfter = after;
            SearchResponse<JsonNode> page;
            try {
                page = client.search(s -> {
                    s.index(index).size(PAGE).trackTotalHits(t -> t.enabled(false))
                            .source(src -> src.filter(f -> f.includes(List.of(fields))))
                            .sort(o -> o.field(f -> f.field(sortField).order(SortOrder.Asc)));
                    if (searchAfter != null) {
                        s.searchAfter(searchAfter);
                    }
                    return s;
                }, JsonNode.class);
            } catch (ElasticsearchException e) {
                if (e.status() == 404) {
                    return docs;
                }
                throw e;
            }
            List<Hit<JsonNode>> hits = page.hits().hits();
            for (Hit<JsonNode> hit : hits) {
                docs.add(hit.source());
            }
            if (hits.size() < PAGE) {
                return docs;
            }
            after = hits.get(hits.size() - 1).sort();
        }
    }
}
