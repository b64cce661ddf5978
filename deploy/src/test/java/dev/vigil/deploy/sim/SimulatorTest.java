package dev.vigil.deploy.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.model.CameraEvent;
import dev.vigil.model.CameraEventReader;
import dev.vigil.model.Device;
import dev.vigil.model.EventKind;
import dev.vigil.model.Plates;
import dev.vigil.model.ReadResult;
import dev.vigil.model.Registry;
import dev.vigil.model.RegistryReader;
import dev.vigil.model.Section;
import dev.vigil.model.Signal;
import dev.vigil.model.ViolationType;
import dev.vigil.model.Zone;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulator on a simulated clock, without Kafka: what it uploads is valid (but for the
 * malformed payloads it means to send), reproducible, disordered only as DESIGN §7 allows, and its
 * ground truth matches what the cameras were shown.
 */
class SimulatorTest {
    /** 08:00 in Asia/Shanghai, the morning peak. */
    private static final long START = Instant.parse("2026-11-24T00:00:00Z").toEpochMilli();
    private static final Duration RUN = Duration.ofMinutes(20);

    private static Registry city;
    private static Map<String, Device> devices;

    @TempDir
    Path dir;

    /** An upload: when, keyed how, and the bytes. */
    record Upload(long at, String key, byte[] payload) {}

    /** Collects uploads; the clock is the simulation's. */
    static final class Collector implements Simulator.EventSink {
        final List<Upload> uploads = new ArrayList<>();
        long now;

        @Override
        public void send(String vendor, String deviceId, byte[] payload) {
            uploads.add(new Upload(now, deviceId, payload));
        }

        @Override
        public long failures() {
            return 0;
        }

        @Override
        public void close() {}
    }

    /** One simulated run: uploads, ground truth, report. */
    record Outcome(List<Upload> uploads, List<ExpectedViolation> expected, SimulatorReport report) {}

    @BeforeAll
    static void loadCity() throws Exception {
        try (InputStream in = SimulatorTest.class.getResourceAsStream("/dev/vigil/deploy/county-seat.yaml")) {
            city = RegistryReader.read(in.readAllBytes(), false, "county-seat.yaml");
        }
        devices = new HashMap<>();
        for (Device device : city.devices()) {
            devices.put(device.id(), device);
        }
    }

    private Outcome simulate(Path directory, SimulatorSettings settings) throws Exception {
        return simulate(directory, settings, Duration.ZERO);
    }

    private Outcome simulate(Path directory, SimulatorSettings settings, Duration prime) throws Exception {
        Collector collector = new Collector();
        SimulatorReport report;
        try (Simulator simulator = new Simulator(city, settings, directory, collector)) {
            if (!prime.isZero()) {
                simulator.prime(START, prime);
            }
            for (long t = START; t < START + RUN.toMillis(); t += 100) {
                collector.now = t;
                simulator.step(t);
            }
            report = simulator.report();
        }
        return new Outcome(collector.uploads, ExpectedViolation.readAll(directory.resolve("expected.ndjson")), report);
    }

    private static SimulatorSettings busy() {
        return SimulatorSettings.defaults().withRate(100).withViolations(0.2);
    }

    @Test
    void everyUploadIsAValidCameraEventButTheMalformedOnesAndASeedGivesTheSameTraffic() throws Exception {
        Outcome first = simulate(dir.resolve("a"), busy());
        Outcome again = simulate(dir.resolve("b"), busy());
        Outcome otherSeed = simulate(dir.resolve("c"), busy().withSeed(7));

        CameraEventReader reader = new CameraEventReader();
        Map<EventKind, Integer> kinds = new EnumMap<>(EventKind.class);
        int refused = 0;
        for (Upload upload : first.uploads()) {
            ReadResult result = reader.read(upload.payload());
            if (result.isAccepted()) {
                kinds.merge(result.event().kind(), 1, Integer::sum);
                assertThat(upload.key()).isEqualTo(result.event().deviceId());
            } else {
                refused++;
            }
        }
        assertThat(refused).isEqualTo(first.report().malformed()).isPositive();
        assertThat(kinds).containsOnlyKeys(EventKind.PASS, EventKind.VIOLATION, EventKind.PARKING);
        assertThat(first.uploads().size()).isGreaterThan(40_000); // 100/s at peak for 20 min, less the ramp-up
        assertThat(digest(again.uploads())).isEqualTo(digest(first.uploads()));
        assertThat(digest(otherSeed.uploads())).isNotEqualTo(digest(first.uploads()));
        assertThat(first.expected()).extracting(ExpectedViolation::violationId).doesNotHaveDuplicates();
        assertThat(first.expected()).extracting(ExpectedViolation::type).contains(ViolationType.values());
    }

    @Test
    void disorderStaysWithinHalfTheWatermarkBoundOrFarBeyondIt() throws Exception {
        SimulatorSettings settings = busy();
        settings = new SimulatorSettings(settings.seed(), settings.rate(), settings.violations(), settings.mix(), 0.05, 0.1, 0.02,
                Duration.ofMinutes(5), settings.unreadable(), settings.lowConfidence(), 0, settings.timeZone());
        Outcome outcome = simulate(dir, settings);

        CameraEventReader reader = new CameraEventReader();
        long newest = Long.MIN_VALUE;
        Map<String, Boolean> seen = new HashMap<>();
        int lateOnes = 0;
        int disordered = 0;
        for (Upload upload : outcome.uploads()) {
            CameraEvent event = reader.read(upload.payload()).event();
            if (seen.put(event.sourceEventId(), true) != null) {
                continue; // a retry: dropped by dedup before the watermark matters
            }
            long time = event.eventTime().toEpochMilli();
            long behind = newest == Long.MIN_VALUE ? 0 : newest - time;
            if (behind > 15_000) {
                assertThat(behind).as("far beyond the 30 s bound, or within half of it").isGreaterThanOrEqualTo(300_000);
                lateOnes++;
            } else if (behind > 0) {
                disordered++;
            }
            assertThat(time - upload.at()).as("a camera clock runs at most 10 s ahead").isLessThanOrEqualTo(10_000);
            newest = Math.max(newest, time);
        }
        assertThat(lateOnes).isPositive();
        assertThat(disordered).isPositive();
        assertThat(outcome.report().asMap().get("uploadedLate")).isEqualTo((long) lateOnes);
    }

    @Test
    void theGroundTruthIsWhatTheCamerasWereShown() throws Exception {
        assertTheGroundTruthWasShown(simulate(dir, busy()));
    }

    @Test
    void aPrimedRunSendsAtTheRateFromItsFirstMinutesAndItsGroundTruthHolds() throws Exception {
        Outcome cold = simulate(dir.resolve("cold"), busy());
        Outcome primed = simulate(dir.resolve("primed"), busy(), Duration.ofMinutes(10));

        // three minutes are two signal cycles; the morning peak wanes by a few percent over the run
        assertThat(uploadsBetween(primed, 0, 3)).isGreaterThan((int) (0.85 * uploadsBetween(primed, 15, 18)));
        assertThat(uploadsBetween(cold, 0, 3)).as("unprimed, the trips' later sightings are still to come")
                .isLessThan((int) (0.7 * uploadsBetween(cold, 15, 18)));
        assertTheGroundTruthWasShown(primed);
    }

    private static int uploadsBetween(Outcome outcome, int fromMinute, int toMinute) {
        long from = START + Duration.ofMinutes(fromMinute).toMillis();
        long to = START + Duration.ofMinutes(toMinute).toMillis();
        return (int) outcome.uploads().stream().filter(u -> u.at() >= from && u.at() < to).count();
    }

    private static void assertTheGroundTruthWasShown(Outcome outcome) {
        CameraEventReader reader = new CameraEventReader();
        Map<String, List<CameraEvent>> byPlate = new HashMap<>();
        for (Upload upload : outcome.uploads()) {
            CameraEvent event = reader.read(upload.payload()).event();
            if (event != null && event.plate() != null && Plates.normalize(event.plate().number()) != null) {
                byPlate.computeIfAbsent(Plates.normalize(event.plate().number()), p -> new ArrayList<>()).add(event);
            }
        }
        Map<String, Section> sections = new HashMap<>();
        city.sections().forEach(s -> sections.put(s.id(), s));
        Map<String, Zone> zones = new HashMap<>();
        city.devices().forEach(d -> d.zones().forEach(z -> zones.put(z.id(), z)));

        Map<ViolationType, Integer> verified = new EnumMap<>(ViolationType.class);
        for (ExpectedViolation expected : outcome.expected()) {
            List<CameraEvent> seen = expected.plate() == null ? List.of() : byPlate.getOrDefault(expected.plate(), List.of());
            switch (expected.type()) {
                case RED_LIGHT -> {
                    if (expected.plate() != null) {
                        // the pass through red, or the camera's own red-light report (when the pass was uploaded too late)
                        assertThat(seen).as(expected.toString()).anyMatch(e -> e.signal() == Signal.RED
                                && (e.kind() == EventKind.PASS || "1625".equals(e.violationCode()))
                                && e.eventTime().toEpochMilli() == expected.eventTime()
                                && devices.get(e.deviceId()).siteId().equals(expected.place()));
                        verified.merge(expected.type(), 1, Integer::sum);
                    }
                }
                case SECTION_SPEEDING -> {
                    Section section = sections.get(expected.place());
                    CameraEvent entry = find(seen, section.entryDevice(), expected.eventTime());
                    CameraEvent exit = find(seen, section.exitDevice(), expected.settlesAt());
                    double average = section.lengthMeters() / ((expected.settlesAt() - expected.eventTime()) / 1000.0) * 3.6;
                    assertThat(entry).as(expected.toString()).isNotNull();
                    assertThat(exit).as(expected.toString()).isNotNull();
                    assertThat(average).isGreaterThan(section.speedLimitKmh() * 1.1);
                    verified.merge(expected.type(), 1, Integer::sum);
                }
                case ILLEGAL_PARKING -> {
                    CameraEvent first = seen.stream().filter(e -> expected.place().equals(e.zoneId())).findFirst().orElseThrow();
                    assertThat(first.eventTime().toEpochMilli()).isEqualTo(expected.eventTime());
                    assertThat(seen).anyMatch(e -> expected.place().equals(e.zoneId()) && e.eventTime().toEpochMilli() == expected.settlesAt());
                    assertThat(expected.settlesAt() - expected.eventTime()).isGreaterThanOrEqualTo(zones.get(expected.place()).minIntervalSeconds() * 1000L);
                    verified.merge(expected.type(), 1, Integer::sum);
                }
                default -> { }
            }
        }
        assertThat(verified).containsKeys(ViolationType.RED_LIGHT, ViolationType.SECTION_SPEEDING, ViolationType.ILLEGAL_PARKING);
    }

    @Test
    void theTrafficRaisesEveryAlertKindAndTheClonedPlateIsReallyTooFast() throws Exception {
        Outcome outcome = simulate(dir, busy());
        List<ExpectedAlert> alerts = ExpectedAlert.readAll(dir.resolve("expected-alerts.ndjson"));
        assertThat(alerts).filteredOn(a -> !a.uncertain()).extracting(ExpectedAlert::kind)
                .contains(dev.vigil.model.AlertKind.values());
        assertThat(alerts).filteredOn(a -> a.alertId() != null).extracting(ExpectedAlert::alertId).doesNotHaveDuplicates();

        CameraEventReader reader = new CameraEventReader();
        for (ExpectedAlert cloned : alerts) {
            if (cloned.kind() != dev.vigil.model.AlertKind.CLONED_PLATE_SUSPECT) {
                continue;
            }
            List<CameraEvent> sightings = new ArrayList<>();
            for (Upload upload : outcome.uploads()) {
                CameraEvent event = reader.read(upload.payload()).event();
                if (event != null && event.plate() != null && cloned.subject().equals(Plates.normalize(event.plate().number()))
                        && sightings.stream().noneMatch(e -> e.sourceEventId().equals(event.sourceEventId()))) {
                    sightings.add(event);
                }
            }
            assertThat(sightings).hasSize(2);
            Device first = devices.get(sightings.get(0).deviceId());
            Device second = devices.get(sightings.get(1).deviceId());
            double seconds = (sightings.get(1).eventTime().toEpochMilli() - sightings.get(0).eventTime().toEpochMilli()) / 1000.0;
            assertThat(first.siteId()).isNotEqualTo(second.siteId());
            assertThat(Geo.meters(first, second) / seconds * 3.6).isGreaterThan(200);
            assertThat(cloned.eventTime()).isEqualTo(sightings.get(1).eventTime().toEpochMilli());
        }
    }

    @Test
    void theMixTunesEachTypeOnItsOwn() throws Exception {
        Outcome plain = simulate(dir.resolve("plain"), busy());
        Outcome mixed = simulate(dir.resolve("mixed"), busy().withMix(Map.of(ViolationType.RED_LIGHT, 0.0,
                ViolationType.ILLEGAL_PARKING, 0.0, ViolationType.SECTION_SPEEDING, 3.0)));

        Map<ViolationType, Integer> before = count(plain.expected());
        Map<ViolationType, Integer> after = count(mixed.expected());
        // exempt vehicles on duty run red lights whatever the mix says
        assertThat(mixed.expected()).filteredOn(v -> v.type() == ViolationType.RED_LIGHT)
                .allSatisfy(v -> assertThat(v.plate()).matches(".*(警|应急)|陕A0000[12]"));
        assertThat(after).doesNotContainKey(ViolationType.ILLEGAL_PARKING);
        assertThat(after.get(ViolationType.SECTION_SPEEDING)).isGreaterThan(2 * before.get(ViolationType.SECTION_SPEEDING));
        assertThat(after.get(ViolationType.WRONG_WAY)).isPositive();
    }

    private static Map<ViolationType, Integer> count(List<ExpectedViolation> expected) {
        Map<ViolationType, Integer> counts = new EnumMap<>(ViolationType.class);
        expected.forEach(v -> counts.merge(v.type(), 1, Integer::sum));
        return counts;
    }

    private static CameraEvent find(List<CameraEvent> events, String deviceId, long time) {
        for (CameraEvent event : events) {
            if (event.deviceId().equals(deviceId) && event.eventTime().toEpochMilli() == time) {
                return event;
            }
        }
        return null;
    }

    private static String digest(List<Upload> uploads) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (Upload upload : uploads) {
            sha.update(upload.key().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            sha.update(upload.payload());
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
