package dev.vigil.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.kafka.RegistryPublisher;
import dev.vigil.model.RegistryReader;
import dev.vigil.model.Violation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A seeded day of a small city on the real stack: every violation type of the contract produced
 * by the running job from events alone, next to background traffic that breaks no rule. The
 * generator decides what each road user does and records the violation that must follow, by the
 * contract's id formula; the job's output must be exactly that set, per type.
 */
class CityDayIT {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    /** 人民路与解放路口 eastbound: lane 1 left, 2 straight, 3 straight/right, 4 left/U-turn; U-turns banned, no right on red. */
    private static final String CITY = """
            devices:
              - id: "EP-5"
                type: E_POLICE
                siteId: "J-5"
                district: 城关镇
                road: 人民路
                location: {lat: 34.2600, lon: 108.9300}
                speedLimitKmh: 50
                lanes:
                  - {number: 1, direction: E, movements: [LEFT]}
                  - {number: 2, direction: E, movements: [STRAIGHT]}
                  - {number: 3, direction: E, movements: [STRAIGHT, RIGHT]}
                  - {number: 4, direction: E, movements: [LEFT, U_TURN]}
                prohibitedMovements: [U_TURN]
                rightTurnOnRedAllowed: false
              - {id: "EP-1", type: E_POLICE, siteId: "J-1", district: 城关镇, road: 解放路, location: {lat: 34.2651, lon: 108.9402}, speedLimitKmh: 60}
              - {id: "CK-1", type: CHECKPOINT, siteId: "C-1", district: 新区, road: 迎宾大道, location: {lat: 34.2000, lon: 108.9000}}
              - {id: "CK-2", type: CHECKPOINT, siteId: "C-2", district: 新区, road: 迎宾大道, location: {lat: 34.2150, lon: 108.9100}}
              - {id: "PK-1", type: PARKING, siteId: "S-1", district: 城关镇, road: 北大街, location: {lat: 34.28, lon: 108.94}, zones: [{id: "Z-1"}]}
            sections:
              - {id: "SEC-1", entryDevice: "CK-1", exitDevice: "CK-2", lengthMeters: 2000, speedLimitKmh: 60}
            """;

    private record Planned(Instant at, String device, String json) {}

    @Test
    void everyTypeOfViolationAndNothingElse() throws Exception {
        ViolationsScenario city = new ViolationsScenario();
        new RegistryPublisher(city.kafka, city.topics.registry()).publish(RegistryReader.read(CITY, "city"));
        Random random = new Random(20261123);
        List<Planned> events = new ArrayList<>();
        Map<String, List<String>> expected = new TreeMap<>();
        String[] outcomes = {"NONE", "NONE", "RED_LIGHT", "RED_LIGHT_TURNING_RIGHT", "NON_MOTOR_RED_LIGHT", "PEDESTRIAN_RED_LIGHT",
            "WRONG_WAY", "WRONG_LANE", "PROHIBITED_TURN", "SPEEDING", "SECTION_SPEEDING", "ILLEGAL_PARKING",
            "NOT_YIELDING_TO_PEDESTRIAN"};
        for (int i = 0; i < 130; i++) {
            Instant at = city.t(i * 7L);
            String outcome = outcomes[random.nextInt(outcomes.length)];
            String id = "d" + i;
            String plate = "陕C" + (10000 + i);
            String[] images = {id + "a", id + "b", id + "c"};
            switch (outcome) {
                case "NONE" -> events.add(pass(id, at, plate, "MOTOR_VEHICLE", 3, "E", "STRAIGHT", "GREEN", 45.0, images));
                case "RED_LIGHT" -> {
                    events.add(pass(id, at, plate, "MOTOR_VEHICLE", 1, "E", "LEFT", "RED", null, images));
                    expect(expected, "RED_LIGHT", plate, "J-5", at);
                }
                case "RED_LIGHT_TURNING_RIGHT" -> {
                    events.add(pass(id, at, plate, "MOTOR_VEHICLE", 3, "E", "RIGHT", "RED", null, images));
                    expect(expected, "RED_LIGHT", plate, "J-5", at);
                }
                case "NON_MOTOR_RED_LIGHT", "PEDESTRIAN_RED_LIGHT" -> {
                    String subject = outcome.equals("PEDESTRIAN_RED_LIGHT") ? "PEDESTRIAN" : "NON_MOTOR_VEHICLE";
                    events.add(pass(id, at, "", subject, null, "E", "STRAIGHT", "RED", null, images));
                    expect(expected, outcome, "hik:" + id, "J-5", at);
                }
                case "WRONG_WAY" -> {
                    events.add(pass(id, at, plate, "MOTOR_VEHICLE", 2, "W", "STRAIGHT", "GREEN", null, images));
                    expect(expected, "WRONG_WAY", plate, "J-5", at);
                }
                case "WRONG_LANE" -> {
                    events.add(pass(id, at, plate, "MOTOR_VEHICLE", 2, "E", "LEFT", "GREEN", null, images));
                    expect(expected, "WRONG_LANE", plate, "J-5", at);
                }
                case "PROHIBITED_TURN" -> {
                    events.add(pass(id, at, plate, "MOTOR_VEHICLE", 4, "E", "U_TURN", "GREEN", null, images));
                    expect(expected, "PROHIBITED_TURN", plate, "J-5", at);
                }
                case "SPEEDING" -> {
                    events.add(pass(id, at, plate, "MOTOR_VEHICLE", 2, "E", "STRAIGHT", "GREEN", 60.0, images));
                    expect(expected, "SPEEDING", plate, "J-5", at);
                }
                case "SECTION_SPEEDING" -> {
                    events.add(new Planned(at, "CK-1", Corpus.json(id + "-in", "CK-1", "PASS", at, plate, 0.95, null, id + "a")));
                    Instant out = at.plusSeconds(80);
                    events.add(new Planned(out, "CK-2", Corpus.json(id + "-out", "CK-2", "PASS", out, plate, 0.95, null, id + "b")));
                    expect(expected, "SECTION_SPEEDING", plate, "SEC-1", at);
                }
                case "ILLEGAL_PARKING" -> {
                    for (int k = 0; k < 3; k++) {
                        Instant when = at.plusSeconds(new long[] {0, 150, 310}[k]);
                        events.add(new Planned(when, "PK-1", Corpus.json(id + "-" + k, "PK-1", "PARKING", when, plate, 0.95,
                                "\"zoneId\":\"Z-1\"", id + k)));
                    }
                    expect(expected, "ILLEGAL_PARKING", plate, "Z-1", at);
                }
                default -> {
                    events.add(new Planned(at, "EP-5", Corpus.json(id, "EP-5", "VIOLATION", at, plate, 0.95,
                            "\"violationCode\":\"1357\"", images)));
                    expect(expected, "NOT_YIELDING_TO_PEDESTRIAN", plate, "J-5", at);
                }
            }
        }
        events.sort(Comparator.comparing(Planned::at));
        Corpus corpus = new Corpus();
        for (Planned p : events) {
            corpus.raw(p.device(), p.json(), p.at());
        }
        expected.values().forEach(list -> list.sort(Comparator.naturalOrder()));
        int total = expected.values().stream().mapToInt(List::size).sum();
        assertThat(expected.keySet()).as("the seed plans every type").hasSize(10);

        JobClient job = city.startJob("city-day-it");
        try {
            city.send(corpus);
            city.sendFlush("flush", 3 * 3600);
            ViolationsScenario.await("the day's violations", () -> city.violationRecords().size() >= total, city::outputs);
            Thread.sleep(3000);

            Map<String, List<String>> onKafka = byType(city.violationRecords());
            Map<String, List<String>> indexed = byType(city.indexed());
            assertThat(onKafka).isEqualTo(expected);
            assertThat(indexed).isEqualTo(expected);
            assertThat(city.violationRecords()).allSatisfy(v -> {
                assertThat(v.revision()).isEqualTo(1);
                assertThat(v.status().name()).as(v.type() + " " + v.reasons())
                        .isEqualTo(v.type().name().endsWith("_RED_LIGHT") && !v.type().name().equals("RED_LIGHT") ? "REVIEW" : "CONFIRMED");
            });
            assertThat(city.deadLetters()).isEmpty();
            assertStatsCountTheIndexedViolations(city, city.indexed());
        } finally {
            job.cancel().get();
            city.close();
        }
    }

    /**
     * DESIGN §8: per (type, first device, minute of the event time) the number of first revisions.
     * Computed here from the violations Elasticsearch holds; the job's last stat per window, on
     * Kafka and in Elasticsearch, must say exactly that.
     */
    private static void assertStatsCountTheIndexedViolations(ViolationsScenario city, List<Violation> violations) throws Exception {
        Map<String, Long> expected = new TreeMap<>();
        for (Violation v : violations) {
            long minute = Math.floorDiv(v.eventTime().toEpochMilli(), 60_000L) * 60_000L;
            expected.merge(v.type() + "|" + v.deviceIds().get(0) + "|" + Instant.ofEpochMilli(minute), 1L, Long::sum);
        }
        ViolationsScenario.await("a stat per window", () -> latestCounts(city.statRecords()).equals(expected),
                () -> latestCounts(city.statRecords()) + " expected " + expected);
        ViolationsScenario.await("the stats index", () -> {
            try {
                return latestCounts(city.statDocs()).equals(expected);
            } catch (Exception e) {
                return false;
            }
        });
        for (dev.vigil.model.Stat stat : city.statDocs()) {
            assertThat(stat.statId()).isEqualTo(sha256(stat.type() + "|" + stat.deviceId() + "|" + stat.windowStart().toEpochMilli()));
            assertThat(stat.windowEnd()).isEqualTo(stat.windowStart().plusSeconds(60));
            assertThat(stat.district()).isNotNull();
        }
    }

    private static Map<String, Long> latestCounts(List<dev.vigil.model.Stat> stats) {
        Map<String, Long> counts = new TreeMap<>();
        for (dev.vigil.model.Stat stat : stats) {
            counts.merge(stat.type() + "|" + stat.deviceId() + "|" + stat.windowStart(), stat.count(), Math::max);
        }
        return counts;
    }

    static String sha256(String text) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    private static Planned pass(String id, Instant at, String plate, String subject, Integer lane, String direction,
            String movement, String signal, Double speed, String... images) {
        String extra = "\"subject\":\"" + subject + "\",\"direction\":\"" + direction + "\",\"movement\":\"" + movement
                + "\",\"signal\":\"" + signal + "\"" + (lane == null ? "" : ",\"lane\":" + lane)
                + (speed == null ? "" : ",\"speedKmh\":" + speed);
        return new Planned(at, "EP-5", Corpus.json(id, "EP-5", "PASS", at, plate, 0.95, extra, images));
    }

    private static void expect(Map<String, List<String>> expected, String type, String who, String where, Instant at) {
        expected.computeIfAbsent(type, t -> new ArrayList<>()).add(CountySeat.violationId(type, who, where, at));
    }

    private static Map<String, List<String>> byType(List<Violation> violations) {
        return violations.stream().collect(Collectors.groupingBy(v -> v.type().name(), TreeMap::new,
                Collectors.collectingAndThen(Collectors.mapping(Violation::violationId, Collectors.toList()), list -> {
                    list.sort(Comparator.naturalOrder());
                    return list;
                })));
    }
}
