package dev.vigil.deploy.check;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.deploy.sim.ExpectedViolation;
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
        List<FieldValue> after = null;
        while (true) {
            List<FieldValue> searchAfter = after;
            SearchResponse<JsonNode> page;
            try {
                page = client.search(s -> {
                    s.index(alias).size(PAGE).trackTotalHits(t -> t.enabled(false))
                            .source(src -> src.filter(f -> f.includes("violationId", "type")))
                            .sort(o -> o.field(f -> f.field("violationId").order(SortOrder.Asc)));
                    if (searchAfter != null) {
                        s.searchAfter(searchAfter);
                    }
                    return s;
                }, JsonNode.class);
            } catch (ElasticsearchException e) {
                if (e.status() == 404) {
                    return stored;
                }
                throw e;
            }
            List<Hit<JsonNode>> hits = page.hits().hits();
            for (Hit<JsonNode> hit : hits) {
                stored.put(hit.source().path("violationId").asText(), ViolationType.valueOf(hit.source().path("type").asText()));
            }
            if (hits.size() < PAGE) {
                return stored;
            }
            after = hits.get(hits.size() - 1).sort();
        }
    }
}
