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

    private final BufferedWriter out;
    private final int run;
    private final Map<String, Long> openEpisodes = new HashMap<>();
    private final Map<ViolationType, Integer> expected = new EnumMap<>(ViolationType.class);
    private final MessageDigest sha256;
    private long lastEviction;

    GroundTruth(Path file, int run) {
        this.run = run;
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
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

    void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
    }
}
