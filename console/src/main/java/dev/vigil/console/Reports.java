package dev.vigil.console;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.vigil.elasticsearch.Indices;
import dev.vigil.model.ViolationType;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The period summary a traffic police report needs (DESIGN §11): violations of {@code [from, to)}
 * by report category (违法停车, 闯红灯, 不按规定车道, 逆行, 超速, 违反禁令标志, 不礼让行人, 行人违法, 非机动车违法),
 * per district and per status, as JSON or CSV; and violation searches as CSV.
 */
final class Reports {
    static final Set<String> SUMMARY_PARAMS = Set.of("from", "to", "format");
    /** Report categories in report order, and the violation types each counts. */
    static final Map<String, List<ViolationType>> CATEGORIES = categories();
    private static final CsvMapper CSV = new CsvMapper();
    private static final int MAX_EXPORT = 10_000;

    private final ElasticsearchClient client;
    private final Indices indices;

    Reports(ElasticsearchClient client, Indices indices) {
        this.client = client;
        this.indices = indices;
    }

    private static Map<String, List<ViolationType>> categories() {
        Map<String, List<ViolationType>> c = new LinkedHashMap<>();
        c.put("违法停车", List.of(ViolationType.ILLEGAL_PARKING));
        c.put("闯红灯", List.of(ViolationType.RED_LIGHT));
        c.put("不按规定车道", List.of(ViolationType.WRONG_LANE));
        c.put("逆行", List.of(ViolationType.WRONG_WAY));
        c.put("超速", List.of(ViolationType.SPEEDING, ViolationType.SECTION_SPEEDING));
        c.put("违反禁令标志", List.of(ViolationType.PROHIBITED_TURN));
        c.put("不礼让行人", List.of(ViolationType.NOT_YIELDING_TO_PEDESTRIAN));
        c.put("行人违法", List.of(ViolationType.PEDESTRIAN_RED_LIGHT));
        c.put("非机动车违法", List.of(ViolationType.NON_MOTOR_RED_LIGHT));
        return java.util.Collections.unmodifiableMap(c);
    }

    /** The summary as a JSON-ready map. */
    Map<String, Object> summary(Params p) throws BadParameter, IOException {
        Instant from = p.time("from");
        Instant to = p.time("to");
        if (from == null || to == null) {
            throw new BadParameter(from == null ? "from" : "to", "a report needs its period: from and to");
        }
        Params.ordered(from, to);
        SearchResponse<Void> response;
        try {
            response = client.search(s -> s.index(indices.violationsAlias()).size(0)
                    .query(q -> q.range(r -> r.date(d -> d.field("eventTime").gte(from.toString()).lt(to.toString()))))
                    .aggregations("types", a -> a.terms(t -> t.field("type").size(ViolationType.values().length)))
                    .aggregations("statuses", a -> a.terms(t -> t.field("status").size(10)))
                    .aggregations("districts", a -> a.terms(t -> t.field("district").size(1000))
                            .aggregations("types", sub -> sub.terms(t -> t.field("type").size(ViolationType.values().length)))), Void.class);
        } catch (ElasticsearchException e) {
            if (e.status() != 404) {
                throw e;
            }
            response = null;
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("from", from.toString());
        answer.put("to", to.toString());
        Map<ViolationType, Long> byType = response == null ? Map.of() : byType(response.aggregations().get("types").sterms().buckets().array());
        answer.put("total", byType.values().stream().mapToLong(Long::longValue).sum());
        answer.put("categories", categoryCounts(byType));
        List<Map<String, Object>> districts = new ArrayList<>();
        Map<String, Long> statuses = new LinkedHashMap<>();
        if (response != null) {
            for (StringTermsBucket district : response.aggregations().get("districts").sterms().buckets().array()) {
                Map<ViolationType, Long> types = byType(district.aggregations().get("types").sterms().buckets().array());
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("district", district.key().stringValue());
                row.put("total", district.docCount());
                row.put("categories", categoryCounts(types));
                districts.add(row);
            }
            for (StringTermsBucket status : response.aggregations().get("statuses").sterms().buckets().array()) {
                statuses.put(status.key().stringValue(), status.docCount());
            }
        }
        answer.put("districts", districts);
        answer.put("statuses", statuses);
        return answer;
    }

    /** The summary as CSV: 区域, 类别, 数量, one row per district and category, then the totals (区域 全部). */
    @SuppressWarnings("unchecked")
    static String summaryCsv(Map<String, Object> summary) throws IOException {
        List<List<Object>> rows = new ArrayList<>();
        rows.add(List.of("区域", "类别", "数量"));
        for (Map<String, Object> district : (List<Map<String, Object>>) summary.get("districts")) {
            ((Map<String, Long>) district.get("categories")).forEach((category, count) -> rows.add(List.of(district.get("district"), category, count)));
        }
        ((Map<String, Long>) summary.get("categories")).forEach((category, count) -> rows.add(List.of("全部", category, count)));
        rows.add(List.of("全部", "合计", summary.get("total")));
        return CSV.writer(CsvSchema.emptySchema()).writeValueAsString(rows);
    }

    /** A violation search as CSV, every page up to {@value #MAX_EXPORT} rows. */
    String violationsCsv(Queries queries, Map<String, List<String>> query) throws BadParameter, IOException {
        List<List<Object>> rows = new ArrayList<>();
        rows.add(List.of("violationId", "type", "code", "description", "status", "reasons", "plate", "eventTime", "deviceId", "siteId",
                "district", "road", "speedKmh", "limitKmh", "fineYuan", "points"));
        Map<String, List<String>> page = new LinkedHashMap<>(query);
        page.remove("format");
        page.put("size", List.of("500"));
        while (rows.size() <= MAX_EXPORT) {
            Queries.Page result = queries.violations(new Params(page, Queries.VIOLATION_PARAMS));
            for (JsonNode v : result.items()) {
                List<String> reasons = new ArrayList<>();
                v.path("reasons").forEach(r -> reasons.add(r.asText()));
                rows.add(java.util.Arrays.asList(v.path("violationId").asText(), v.path("type").asText(), text(v, "code"), text(v, "description"),
                        v.path("status").asText(), String.join(" ", reasons), text(v.path("plate"), "number"), v.path("eventTime").asText(),
                        v.path("deviceIds").path(0).asText(), text(v, "siteId"), text(v, "district"), text(v, "road"), text(v, "speedKmh"),
                        text(v, "limitKmh"), text(v, "fineYuan"), text(v, "points")));
            }
            if (result.next() == null) {
                break;
            }
            page.put("after", List.of(result.next()));
        }
        return CSV.writer(CsvSchema.emptySchema()).writeValueAsString(rows);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isMissingNode() || value.isNull() ? "" : value.asText();
    }

    private static Map<ViolationType, Long> byType(List<StringTermsBucket> buckets) {
        Map<ViolationType, Long> counts = new EnumMap<>(ViolationType.class);
        for (StringTermsBucket bucket : buckets) {
            counts.put(ViolationType.valueOf(bucket.key().stringValue()), bucket.docCount());
        }
        return counts;
    }

    private static Map<String, Long> categoryCounts(Map<ViolationType, Long> byType) {
        Map<String, Long> counts = new LinkedHashMap<>();
        CATEGORIES.forEach((category, types) -> {
            long n = 0;
            for (ViolationType type : types) {
                n += byType.getOrDefault(type, 0L);
            }
            counts.put(category, n);
        });
        return counts;
    }
}
