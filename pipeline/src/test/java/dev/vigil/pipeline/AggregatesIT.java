package dev.vigil.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.kafka.RegistryPublisher;
import dev.vigil.model.Alert;
import dev.vigil.model.RegistryReader;
import dev.vigil.model.VigilJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The alerts of DESIGN §9 on the real stack, for a corpus built to raise each kind: the exact set
 * of alert ids (by the contract's formula) on Kafka, once each, and in Elasticsearch.
 */
class AggregatesIT {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    /** EP-A and EP-B are 1 km apart in town; CK-N is on the national road 9.6 km north of EP-A. */
    private static final String CITY = """
            devices:
              - {id: "EP-1", type: E_POLICE, siteId: "J-1", district: 城关镇, road: 解放路, location: {lat: 34.2651, lon: 108.9402}}
              - {id: "EP-A", type: E_POLICE, siteId: "J-A", district: 城关镇, road: 解放路, location: {lat: 34.2651, lon: 108.9402}, speedLimitKmh: 60}
              - {id: "EP-B", type: E_POLICE, siteId: "J-B", district: 城关镇, road: 东西大街, location: {lat: 34.2700, lon: 108.9500}, speedLimitKmh: 60}
              - {id: "EP-S", type: E_POLICE, siteId: "J-S", district: 城关镇, road: 钟楼巷, location: {lat: 34.2690, lon: 108.9460}}
              - {id: "CK-N", type: CHECKPOINT, siteId: "C-N", district: 城郊, road: 国道307, location: {lat: 34.3500, lon: 108.9200}}
            hotlist:
              - {plate: "陕A8K123", note: 盗抢车辆}
            """;

    @Test
    void everyAlertKindExactlyOnce() throws Exception {
        ViolationsScenario city = new ViolationsScenario();
        new RegistryPublisher(city.kafka, city.topics.registry()).publish(RegistryReader.read(CITY, "aggregates"));
        Corpus corpus = new Corpus()
                .pass("s1", "EP-S", city.t(0), "苏S00001", 30, "GREEN", "STRAIGHT", "s1")
                .pass("h1", "EP-A", city.t(10), "陕A8K123", 40, "GREEN", "STRAIGHT", "h1")
                .pass("r1", "EP-A", city.t(30), "苏R12345", 80, "GREEN", "STRAIGHT", "r1", "r1b")
                .pass("c1", "EP-A", city.t(50), "苏C12345", 40, "GREEN", "STRAIGHT", "c1")
                .pass("c2", "CK-N", city.t(110), "苏C12345", 40, "GREEN", "STRAIGHT", "c2")
                .pass("r2", "EP-A", city.t(360), "苏R12345", 80, "GREEN", "STRAIGHT", "r2", "r2b")
                .pass("h2", "EP-B", city.t(400), "陕A8K123", 40, "GREEN", "STRAIGHT", "h2")
                .pass("r3", "EP-A", city.t(700), "苏R12345", 80, "GREEN", "STRAIGHT", "r3", "r3b");
        // background traffic at EP-B keeps event time moving; EP-S comes back after the first part was decided
        Corpus later = new Corpus();
        for (int s = 5; s <= 1200; s += 15) {
            (s <= 900 ? corpus : later).pass("bg" + s, "EP-B", city.t(s), "苏B" + (10000 + s), 30, "GREEN", "STRAIGHT", "bg" + s);
            if (s == 995) {
                later.pass("s2", "EP-S", city.t(1000), "苏S00002", 30, "GREEN", "STRAIGHT", "s2");
            }
        }
        Set<String> expected = new TreeSet<>(List.of(
                id("HOTLIST_HIT", "陕A8K123", city.t(10)),
                id("HOTLIST_HIT", "陕A8K123", city.t(400)),
                id("CLONED_PLATE_SUSPECT", "苏C12345", city.t(110)),
                id("REPEAT_OFFENDER", "苏R12345", city.t(700)),
                id("DEVICE_SILENT", "EP-S", city.t(600)),
                id("DEVICE_RECOVERED", "EP-S", city.t(1000)),
                // when the flush moves time on, every device's last event is followed by silence
                id("DEVICE_SILENT", "CK-N", city.t(710)),
                id("DEVICE_SILENT", "EP-A", city.t(1300)),
                id("DEVICE_SILENT", "EP-S", city.t(1600)),
                id("DEVICE_SILENT", "EP-B", city.t(1790))));

        JobClient job = city.startJob("aggregates-it");
        try {
            city.send(corpus);
            // partitions without news go idle (1 s) and the watermark reaches t+890 s: EP-S's silence is decided
            // before its next event arrives, as it would be in a live stream
            String silent = id("DEVICE_SILENT", "EP-S", city.t(600));
            ViolationsScenario.await("EP-S's silence", () -> city.alertRecords().stream().anyMatch(a -> a.alertId().equals(silent)),
                    () -> describe(city.alertRecords()));
            city.send(later);
            city.sendFlush("flush", 3 * 3600);
            ViolationsScenario.await("the alerts", () -> city.alertRecords().size() >= expected.size(), () -> describe(city.alertRecords()));
            Thread.sleep(3000);

            List<Alert> onKafka = city.alertRecords();
            assertThat(onKafka).extracting(Alert::alertId).as(describe(onKafka)).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(expected);
            ViolationsScenario.await("the alerts index", () -> {
                try {
                    return city.alertDocs().size() == expected.size();
                } catch (Exception e) {
                    return false;
                }
            });
            assertThat(city.alertDocs()).extracting(Alert::alertId).containsExactlyInAnyOrderElementsOf(expected);

            Alert repeat = onKafka.stream().filter(a -> a.kind().name().equals("REPEAT_OFFENDER")).findFirst().orElseThrow();
            JsonNode details = VigilJson.mapper().readTree(repeat.details());
            assertThat(details.path("violations").findValuesAsText("violationId")).containsExactly(
                    CountySeat.violationId("SPEEDING", "苏R12345", "J-A", city.t(30)),
                    CountySeat.violationId("SPEEDING", "苏R12345", "J-A", city.t(360)),
                    CountySeat.violationId("SPEEDING", "苏R12345", "J-A", city.t(700)));
            Alert cloned = onKafka.stream().filter(a -> a.kind().name().equals("CLONED_PLATE_SUSPECT")).findFirst().orElseThrow();
            JsonNode sightings = VigilJson.mapper().readTree(cloned.details());
            assertThat(sightings.path("first").path("deviceId").asText()).isEqualTo("EP-A");
            assertThat(sightings.path("second").path("deviceId").asText()).isEqualTo("CK-N");
            assertThat(sightings.path("impliedSpeedKmh").asDouble()).isBetween(500.0, 650.0);
            Alert hit = onKafka.stream().filter(a -> a.kind().name().equals("HOTLIST_HIT")).findFirst().orElseThrow();
            assertThat(VigilJson.mapper().readTree(hit.details()).path("note").asText()).isEqualTo("盗抢车辆");
        } finally {
            job.cancel().get();
            city.close();
        }
    }

    private static String id(String kind, String subject, Instant at) throws Exception {
        return CityDayIT.sha256(kind + "|" + subject + "|" + at.toEpochMilli());
    }

    private static String describe(List<Alert> alerts) {
        List<String> lines = new ArrayList<>();
        for (Alert a : alerts) {
            lines.add(a.kind() + " " + (a.plate() != null ? a.plate() : a.deviceId()) + " " + a.eventTime());
        }
        return String.join("\n", lines);
    }
}
