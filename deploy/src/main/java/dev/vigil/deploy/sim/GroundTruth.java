package dev.vigil.deploy.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.model.ViolationType;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;

/**
 * What the simulator made happen: one line per violation it expects the system to report, in
 * {@code expected.ndjson}. It is built from the simulator's own choices (this vehicle ran that red
 * light), never from Vigil's rules, so a check against Elasticsearch can fail. The contract's
 * identity rules (DESIGN §6) decide which choices are one violation: observations of one (type,
 * plate, site) within five minutes of the first are one episode; unreadable plates never merge.
 */
final class GroundTruth implements AutoCloseable {
    static final long EPISODE_MILLIS = 5 * 60_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final long REPEAT_WINDOW_MILLIS = 24 * 3_600_000L;
    private static final int REPEAT_COUNT = 3;

    private final BufferedWriter out;
    private final BufferedWriter alerts;
    private final java.util.function.Predicate<String> exempt;
    private final java.time.ZoneId timeZone;
    private final int run;
    /** Per plate, the event times of its distinct violations of the last 24 h. */
    private final Map<String, java.util.TreeMap<Long, Integer>> violationsByPlate = new HashMap<>();
    private final Map<String, Long> lastRepeatDay = new HashMap<>();
    private final Map<String, Boolean> recentAlertIds = new java.util.LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > 10_000;
        }
    };
    private final Map<dev.vigil.model.AlertKind, Integer> expectedAlerts = new EnumMap<>(dev.vigil.model.AlertKind.class);
    private final Map<String, Long> openEpisodes = new HashMap<>();
    private final Map<ViolationType, Integer> expected = new EnumMap<>(ViolationType.class);
    private final MessageDigest sha256;
    private long lastEviction;

    GroundTruth(Path file, Path alertFile, int run, java.util.function.Predicate<String> exempt, java.time.ZoneId timeZone) {
        this.run = run;
        this.exempt = exempt;
        this.timeZone = timeZone;
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            this.alerts = Files.newBufferedWriter(alertFile, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A violation the simulator made a camera see at {@code site}. With a readable plate it joins
     * the open episode of (type, plate, site) or opens one; without, it is a violation of its own.
     */
    void observed(ViolationType type, String plate, String site, long eventTime, String sourceEventId) {
        if (plate == null) {
            record(type, null, sourceEventId, site, eventTime, eventTime);
            return;
        }
        String key = type.name() + '|' + plate + '|' + site;
        Long first = openEpisodes.get(key);
        if (first != null && eventTime >= first && eventTime - first <= EPISODE_MILLIS) {
            return;
        }
        openEpisodes.put(key, eventTime);
        record(type, plate, plate, site, eventTime, eventTime);
        evictOld(eventTime);
    }

    /**
     * A violation whose identity the simulator fixed itself: a parking episode (place = zone, from
     * its first capture) or a section pass pair (place = section, from the entry), which exists once
     * the event at {@code settlesAt} is seen.
     */
    void exists(ViolationType type, String plate, String place, long firstTime, long settlesAt) {
        record(type, plate, plate, place, firstTime, settlesAt);
    }

    Map<ViolationType, Integer> expectedByType() {
        return new EnumMap<>(expected);
    }

    Map<dev.vigil.model.AlertKind, Integer> expectedAlertsByKind() {
        return new EnumMap<>(expectedAlerts);
    }

    /** An alert the traffic raises at {@code eventTime} (uncertain: may raise; the check does not judge it). */
    void alert(dev.vigil.model.AlertKind kind, String subject, long eventTime, boolean uncertain) {
        String id = HexFormat.of().formatHex(sha256.digest((kind.name() + '|' + subject + '|' + eventTime).getBytes(StandardCharsets.UTF_8)));
        if (recentAlertIds.put(id, Boolean.TRUE) != null) {
            return; // a retry, or the second report of one pass
        }
        writeAlert(new ExpectedAlert(id, kind, subject, eventTime, eventTime, uncertain, 0, run));
        if (!uncertain) {
            expectedAlerts.merge(kind, 1, Integer::sum);
        }
    }

    /** Device alerts between {@code from} and {@code until} are not judged (a restart's gap). */
    void deviceAlertsUncertain(long from, long until) {
        writeAlert(new ExpectedAlert(null, null, null, from, from, true, until, run));
    }

    private void writeAlert(ExpectedAlert line) {
        try {
            alerts.write(JSON.writeValueAsString(line));
            alerts.newLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void flush() {
        try {
            out.flush();
            alerts.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            out.close();
            alerts.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * DESIGN §9: the third distinct violation (not rejected) of a plate within 24 h raises
     * REPEAT_OFFENDER at its time, once per plate per calendar day.
     */
    private void countTowardsRepeat(String plate, long eventTime) {
        if (plate == null || exempt.test(plate)) {
            return;
        }
        java.util.TreeMap<Long, Integer> times = violationsByPlate.computeIfAbsent(plate, p -> new java.util.TreeMap<>());
        times.merge(eventTime, 1, Integer::sum);
        int within = 0;
        for (int n : times.subMap(eventTime - REPEAT_WINDOW_MILLIS, true, eventTime, true).values()) {
            within += n;
        }
        long day = java.time.Instant.ofEpochMilli(eventTime).atZone(timeZone).toLocalDate().toEpochDay();
        if (within >= REPEAT_COUNT && !Long.valueOf(day).equals(lastRepeatDay.get(plate))) {
            lastRepeatDay.put(plate, day);
            alert(dev.vigil.model.AlertKind.REPEAT_OFFENDER, plate, eventTime, false);
        }
    }

    private void record(ViolationType type, String plate, String identity, String place, long firstTime, long settlesAt) {
        String id = HexFormat.of().formatHex(sha256.digest(
                (type.name() + '|' + identity + '|' + place + '|' + firstTime).getBytes(StandardCharsets.UTF_8)));
        ExpectedViolation line = new ExpectedViolation(id, type, plate, place, firstTime, settlesAt, run);
        try {
            out.write(JSON.writeValueAsString(line));
            out.newLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        expected.merge(type, 1, Integer::sum);
        countTowardsRepeat(plate, firstTime);
    }

    private void evictOld(long now) {
        if (now - lastEviction < 60_000) {
            return;
        }
        lastEviction = now;
        for (Iterator<Long> it = openEpisodes.values().iterator(); it.hasNext(); ) {
            if (now - it.next() > 2 * EPISODE_MILLIS) {
                it.remove();
            }
        }
        for (Iterator<Map.Entry<String, java.util.TreeMap<Long, Integer>>> it = violationsByPlate.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, java.util.TreeMap<Long, Integer>> entry = it.next();
            entry.getValue().headMap(now - 2 * REPEAT_WINDOW_MILLIS).clear();
            if (entry.getValue().isEmpty()) {
                lastRepeatDay.remove(entry.getKey());
                it.remove();
            }
        }
    }
}
