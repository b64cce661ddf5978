package dev.vigil.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.json.JsonData;
import dev.vigil.model.Evidence;
import dev.vigil.model.GeoPoint;
import dev.vigil.model.Plate;
import dev.vigil.model.PlateColor;
import dev.vigil.model.Reason;
import dev.vigil.model.Subject;
import dev.vigil.model.Violation;
import dev.vigil.model.ViolationStatus;
import dev.vigil.model.ViolationType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Templates, indexing and the searches analysts run, against a real Elasticsearch shared by this JVM. */
class ElasticsearchIT {
    private static final GeoPoint DONGXI_JIEFANG = new GeoPoint(34.2651, 108.9402);
    private static final GeoPoint NORTH_CHECKPOINT = new GeoPoint(34.3500, 108.9402); // ~9.5 km north

    private static ElasticsearchClient client;
    private Indices indices;

    @BeforeAll
    static void connect() {
        client = ElasticsearchClients.create(ElasticsearchServer.shared().url());
    }

    @AfterAll
    static void disconnect() throws Exception {
        client._transport().close();
    }

    @BeforeEach
    void freshIndices() {
        indices = new Indices("t" + UUID.randomUUID().toString().substring(0, 8) + "-");
    }

    @Test
    void findsAViolationByPlateTimeRangeDistancePictureAndSourceEvent() throws Exception {
        IndexTemplates.install(client, indices);
        IndexTemplates.install(client, indices); // idempotent
        Violation redLight = violation("1", "苏ED8888", Instant.parse("2026-11-23T02:15:00Z"), DONGXI_JIEFANG);
        Violation elsewhere = violation("2", "陕A12345", Instant.parse("2026-11-23T03:40:00Z"), NORTH_CHECKPOINT);
        Violation lastMonth = violation("3", "苏ED8888", Instant.parse("2026-10-31T23:59:59Z"), DONGXI_JIEFANG);
        for (Violation v : List.of(redLight, elsewhere, lastMonth)) {
            client.index(i -> i.index(indices.violationsIndex(v.eventTime())).id(v.violationId()).document(v));
        }
        client.indices().refresh(r -> r.index(indices.violationsAlias()));

        assertThat(ids(Query.of(q -> q.term(t -> t.field("plate.number").value("苏ED8888")))))
                .containsExactlyInAnyOrder(redLight.violationId(), lastMonth.violationId());
        assertThat(ids(Query.of(q -> q.range(r -> r.untyped(u -> u.field("eventTime")
                .gte(JsonData.of("2026-11-01T00:00:00Z")).lt(JsonData.of("2026-12-01T00:00:00Z")))))))
                .containsExactlyInAnyOrder(redLight.violationId(), elsewhere.violationId());
        assertThat(ids(Query.of(q -> q.geoDistance(g -> g.field("location").distance("2km")
                .location(l -> l.latlon(ll -> ll.lat(34.2660).lon(108.9410)))))))
                .containsExactlyInAnyOrder(redLight.violationId(), lastMonth.violationId());
        assertThat(ids(Query.of(q -> q.term(t -> t.field("evidence.sha256").value("2".repeat(64))))))
                .as("the violations that used a picture").containsExactly(elsewhere.violationId());
        assertThat(ids(Query.of(q -> q.term(t -> t.field("evidence.sourceEventId").value("v:1")))))
                .containsExactly(redLight.violationId());
        assertThat(ids(Query.of(q -> q.term(t -> t.field("sourceEventIds").value("v:3")))))
                .as("the violations an event made").containsExactly(lastMonth.violationId());
        Violation stored = client.get(g -> g.index(indices.violationsIndex(redLight.eventTime())).id(redLight.violationId()),
                Violation.class).source();
        assertThat(stored).isEqualTo(redLight);
        assertThat(client.indices().getAlias(a -> a.name(indices.violationsAlias())).result().keySet())
                .containsExactlyInAnyOrder(indices.violationsIndex(redLight.eventTime()), indices.violationsIndex(lastMonth.eventTime()));
    }

    @Test
    void mappingsAreStrict() throws Exception {
        IndexTemplates.install(client, indices);

        assertThatThrownBy(() -> client.index(i -> i.index(indices.stats()).id("x")
                .document(Map.of("statId", "x", "colour", "red"))))
                .isInstanceOfSatisfying(ElasticsearchException.class,
                        e -> assertThat(e.error().type()).isEqualTo("strict_dynamic_mapping_exception"));
        assertThat(client.indices().exists(e -> e.index(indices.alerts())).value()).isTrue();
    }

    @Test
    void retentionDeletesOnlyMonthsPastThePeriod() throws Exception {
        IndexTemplates.install(client, indices);
        for (String month : List.of("2024.10", "2024.11", "2024.12", "2026.11")) {
            client.indices().create(c -> c.index(indices.prefix() + "violations-" + month));
        }

        List<String> deleted = Retention.deleteExpiredViolationIndices(client, indices, 24, Instant.parse("2026-11-23T00:00:00Z"));

        assertThat(deleted).containsExactlyInAnyOrder(indices.prefix() + "violations-2024.10", indices.prefix() + "violations-2024.11");
        assertThat(client.indices().get(g -> g.index(indices.violationsPattern())).result().keySet())
                .containsExactlyInAnyOrder(indices.prefix() + "violations-2024.12", indices.prefix() + "violations-2026.11");
    }

    private List<String> ids(Query query) throws Exception {
        return client.search(s -> s.index(indices.violationsAlias()).query(query).size(100), Violation.class)
                .hits().hits().stream().map(Hit::id).toList();
    }

    private static Violation violation(String seed, String plate, Instant at, GeoPoint where) {
        String id = String.format("%64s", seed).replace(' ', 'a');
        return new Violation(id, 1, ViolationType.RED_LIGHT, "1625", "驾驶机动车违反道路交通信号灯通行",
                ViolationStatus.REVIEW, List.of(Reason.LOW_RESOLUTION), new Plate(plate, PlateColor.BLUE, 0.9),
                Subject.MOTOR_VEHICLE, List.of("EP-" + seed), "J-" + seed, null, null, "城关镇", "东西大街", where, at, at,
                null, null, null, 200, 6,
                List.of(new Evidence("IN_JUNCTION", "file:///ev/" + seed + ".jpg", seed.repeat(64), 1280, 720, at, "v:" + seed)),
                List.of("v:" + seed), "{\"signal\":\"RED\",\"movement\":\"STRAIGHT\"}", "national-2022", at.plusSeconds(2));
    }
}
