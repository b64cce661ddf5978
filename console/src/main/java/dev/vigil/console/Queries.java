package dev.vigil.console;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.aggregations.CalendarInterval;
import co.elastic.clients.elasticsearch._types.aggregations.DateHistogramBucket;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.elasticsearch.Indices;
import dev.vigil.model.AlertKind;
import dev.vigil.model.Plates;
import dev.vigil.model.ViolationStatus;
import dev.vigil.model.ViolationType;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The console's reads from Elasticsearch. Lists are sorted newest first (ties by id) and paged
 * with {@code search_after}: a page's {@code next} cursor names its last hit, so paging through a
 * result never skips or repeats a document, however deep.
 */
final class Queries {
    static final Set<String> VIOLATION_PARAMS = Set.of("plate", "platePrefix", "type", "status", "deviceId", "siteId", "district",
            "road", "from", "to", "bbox", "size", "after");
    static final Set<String> ALERT_PARAMS = Set.of("kind", "plate", "deviceId", "from", "to", "size", "after");
    static final Set<String> STAT_PARAMS = Set.of("from", "to", "type", "district", "deviceId", "by", "interval");

    /** A page of documents and the cursor of the next page, null when this was the last. */
    record Page(List<JsonNode> items, String next) {}

    private final ElasticsearchClient client;
    private final Indices indices;

    Queries(ElasticsearchClient client, Indices indices) {
        this.client = client;
        this.indices = indices;
    }

    Page violations(Params p) throws BadParameter, IOException {
        List<Query> filters = new ArrayList<>();
        addTerm(filters, "plate.number", plate(p, "plate"));
        String prefix = plate(p, "platePrefix");
        if (prefix != null) {
            filters.add(Query.of(q -> q.prefix(x -> x.field("plate.number").value(prefix))));
        }
        ViolationType type = p.choice("type", ViolationType.class);
        if (type != null) {
            filters.add(term("type", type.name()));
        }
        ViolationStatus status = p.choice("status", ViolationStatus.class);
        if (status != null) {
            filters.add(term("status", status.name()));
        }
        addTerm(filters, "deviceIds", p.text("deviceId"));
        addTerm(filters, "siteId", p.text("siteId"));
        addTerm(filters, "district", p.text("district"));
        addTerm(filters, "road", p.text("road"));
        addRange(filters, "eventTime", p.time("from"), p.time("to"));
        double[] box = p.bbox("bbox");
        if (box != null) {
            filters.add(Query.of(q -> q.geoBoundingBox(g -> g.field("location")
                    .boundingBox(b -> b.coords(c -> c.left(box[0]).bottom(box[1]).right(box[2]).top(box[3]))))));
        }
        return page(indices.violationsAlias(), "violationId", filters, p);
    }

    /** The violation with this id, or null. */
    JsonNode violation(String id) throws IOException {
        Page page = search(indices.violationsAlias(), "violationId", List.of(term("violationId", id)), 1, null);
        return page.items().isEmpty() ? null : page.items().get(0);
    }

    Page alerts(Params p) throws BadParameter, IOException {
        List<Query> filters = new ArrayList<>();
        AlertKind kind = p.choice("kind", AlertKind.class);
        if (kind != null) {
            filters.add(term("kind", kind.name()));
        }
        addTerm(filters, "plate", plate(p, "plate"));
        addTerm(filters, "deviceId", p.text("deviceId"));
        addRange(filters, "eventTime", p.time("from"), p.time("to"));
        return page(indices.alerts(), "alertId", filters, p);
    }

    /**
     * Counts from the one-minute stats: the total, per group ({@code by} type, district, deviceId
     * or siteId) and per hour or day bucket (in Asia/Shanghai), over {@code [from, to)} of window starts.
     */
    Map<String, Object> stats(Params p) throws BadParameter, IOException {
        List<Query> filters = new ArrayList<>();
        addRange(filters, "windowStart", p.time("from"), p.time("to"));
        ViolationType type = p.choice("type", ViolationType.class);
        if (type != null) {
            filters.add(term("type", type.name()));
        }
        addTerm(filters, "district", p.text("district"));
        addTerm(filters, "deviceId", p.text("deviceId"));
        String by = p.text("by") == null ? "type" : p.text("by");
        if (!Set.of("type", "district", "deviceId", "siteId").contains(by)) {
            throw new BadParameter("by", "one of type, district, deviceId, siteId");
        }
        String interval = p.text("interval") == null ? "hour" : p.text("interval");
        if (!interval.equals("hour") && !interval.equals("day")) {
            throw new BadParameter("interval", "hour or day");
        }
        SearchResponse<Void> response;
        try {
            response = client.search(s -> s.index(indices.stats()).size(0)
                    .query(q -> q.bool(b -> b.filter(filters)))
                    .aggregations("total", a -> a.sum(x -> x.field("count")))
                    .aggregations("groups", a -> a.terms(t -> t.field(by).size(1000))
                            .aggregations("count", c -> c.sum(x -> x.field("count"))))
                    .aggregations("buckets", a -> a.dateHistogram(d -> d.field("windowStart")
                                    .calendarInterval(interval.equals("hour") ? CalendarInterval.Hour : CalendarInterval.Day)
                                    .timeZone("Asia/Shanghai").minDocCount(1))
                            .aggregations("count", c -> c.sum(x -> x.field("count")))), Void.class);
        } catch (ElasticsearchException e) {
            if (e.status() == 404) {
                return Map.of("total", 0, "by", by, "groups", List.of(), "interval", interval, "buckets", List.of());
            }
            throw e;
        }
        List<Map<String, Object>> groups = new ArrayList<>();
        for (StringTermsBucket bucket : response.aggregations().get("groups").sterms().buckets().array()) {
            groups.add(Map.of("key", bucket.key().stringValue(), "count", (long) bucket.aggregations().get("count").sum().value()));
        }
        List<Map<String, Object>> buckets = new ArrayList<>();
        for (DateHistogramBucket bucket : response.aggregations().get("buckets").dateHistogram().buckets().array()) {
            buckets.add(Map.of("start", Instant.ofEpochMilli(bucket.key()).toString(), "count",
                    (long) bucket.aggregations().get("count").sum().value()));
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("total", (long) response.aggregations().get("total").sum().value());
        answer.put("by", by);
        answer.put("groups", groups);
        answer.put("interval", interval);
        answer.put("buckets", buckets);
        return answer;
    }

    private Page page(String index, String idField, List<Query> filters, Params p) throws BadParameter, IOException {
        int size = p.integer("size", 50, 1, 500);
        String after = p.text("after");
        List<FieldValue> searchAfter = null;
        if (after != null) {
            int colon = after.indexOf(':');
            try {
                searchAfter = List.of(FieldValue.of(Long.parseLong(after.substring(0, colon))), FieldValue.of(after.substring(colon + 1)));
            } catch (RuntimeException e) {
                throw new BadParameter("after", "not a cursor from a previous page's next");
            }
        }
        return search(index, idField, filters, size, searchAfter);
    }

    private Page search(String index, String idField, List<Query> filters, int size, List<FieldValue> after) throws IOException {
        SearchRequest request = SearchRequest.of(s -> {
            s.index(index).size(size).trackTotalHits(t -> t.enabled(false))
                    .query(q -> q.bool(b -> b.filter(filters)))
                    .sort(o -> o.field(f -> f.field("eventTime").order(SortOrder.Desc)))
                    .sort(o -> o.field(f -> f.field(idField).order(SortOrder.Asc)));
            if (after != null) {
                s.searchAfter(after);
            }
            return s;
        });
        SearchResponse<JsonNode> response;
        try {
            response = client.search(request, JsonNode.class);
        } catch (ElasticsearchException e) {
            if (e.status() == 404) {
                return new Page(List.of(), null);
            }
            throw e;
        }
        List<JsonNode> items = new ArrayList<>();
        List<Hit<JsonNode>> hits = response.hits().hits();
        for (Hit<JsonNode> hit : hits) {
            items.add(hit.source());
        }
        String next = null;
        if (hits.size() == size) {
            List<FieldValue> sort = hits.get(hits.size() - 1).sort();
            next = sort.get(0).longValue() + ":" + sort.get(1).stringValue();
        }
        return new Page(items, next);
    }

    /** A plate parameter as documents hold plates: normalised (DESIGN §6); refused when unreadable. */
    private static String plate(Params p, String name) throws BadParameter {
        String plate = p.text(name);
        if (plate == null) {
            return null;
        }
        String normalized = Plates.normalize(plate);
        if (normalized == null) {
            throw new BadParameter(name, "not a readable plate: '" + plate + "'");
        }
        return normalized;
    }

    private static Query term(String field, String value) {
        return Query.of(q -> q.term(t -> t.field(field).value(value)));
    }

    private static void addTerm(List<Query> filters, String field, String value) {
        if (value != null) {
            filters.add(term(field, value));
        }
    }

    private static void addRange(List<Query> filters, String field, Instant from, Instant to) throws BadParameter {
        Params.ordered(from, to);
        if (from == null && to == null) {
            return;
        }
        filters.add(Query.of(q -> q.range(r -> r.date(d -> {
            d.field(field);
            if (from != null) {
                d.gte(from.toString());
            }
            if (to != null) {
                d.lt(to.toString());
            }
            return d;
        }))));
    }
}
