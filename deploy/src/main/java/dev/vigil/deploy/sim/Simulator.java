package dev.vigil.deploy.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.model.AlertKind;
import dev.vigil.model.Registry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The camera simulator: drives the {@link TrafficModel} in real time (event time is now), uploads
 * what the cameras see through an {@link EventSink}, and records what it made happen in
 * {@code expected.ndjson} under its directory, so that {@code vigil check} can compare.
 *
 * <p>Its directory also holds {@code run} (the run counter: each run has its own vehicles) and
 * {@code status.json} (the run, the newest event time sent, and the report so far), rewritten
 * every second.
 *
 * <p>The rate follows the hour of the day in the configured time zone: {@code rate} at the
 * morning and evening peaks, about a quarter of it at night.
 */
public final class Simulator implements AutoCloseable {
    /** Relative traffic per hour of the day (0–23), peaks at 8 and 18 h. */
    private static final double[] DAY_PROFILE = {
        0.05, 0.03, 0.02, 0.02, 0.05, 0.15, 0.45, 0.85, 1.0, 0.8, 0.65, 0.7,
        0.75, 0.7, 0.65, 0.7, 0.85, 0.95, 1.0, 0.8, 0.6, 0.45, 0.3, 0.15};
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where payloads go: Kafka in production, a list in tests. */
    public interface EventSink extends AutoCloseable {
        /** Uploads one payload of {@code vendor}'s camera {@code deviceId}. */
        void send(String vendor, String deviceId, byte[] payload);

        /** Whether the destination keeps evidence images, so the simulator should draw them. */
        default boolean keepsEvidence() {
            return false;
        }

        /** Uploads a picture that an event sent after it names by its SHA-256. */
        default void sendEvidence(String vendor, byte[] image) {}

        /** Payloads handed over that the destination refused. */
        long failures();

        @Override
        void close();
    }

    private final SimulatorSettings settings;
    private final TrafficModel model;
    private final GroundTruth truth;
    private final EventSink sink;
    private final Path directory;
    private final int run;
    private final SimulatorReport report = new SimulatorReport();
    private final PriorityQueue<Emission> pending = new PriorityQueue<>();
    private static final long SILENCE_MILLIS = 10 * 60_000;
    /** A silence this much past the threshold is certain to be seen (the watermark trails by its bound). */
    private static final long SILENCE_MARGIN_MILLIS = 60_000;
    private static final long CLONE_EVERY_MILLIS = 3 * 60_000;
    private static final long OFFENDER_EVERY_MILLIS = 10 * 60_000;
    private static final long OUTAGE_EVERY_MILLIS = 30 * 60_000;
    private static final long PRIME_STEP_MILLIS = 100;
    private static final long OUTAGE_MILLIS = 12 * 60_000;

    private final java.util.Map<String, Long> lastSeen = new java.util.HashMap<>();
    private final java.util.Set<String> silent = new java.util.HashSet<>();
    private final long previousRunNewest;
    private long started;
    private long nextClone;
    private long nextOffender;
    private long nextOutage;
    private String outageDevice;
    private long outageUntil;
    private double budget;
    private long lastStep;
    private long lastStatus;
    private long newestEventTime;

    /** Starts run number (previous + 1) of the simulator whose state lives in {@code directory}. */
    public Simulator(Registry registry, SimulatorSettings settings, Path directory, EventSink sink) {
        this.settings = settings;
        this.directory = directory;
        this.sink = sink;
        this.run = nextRun(directory);
        long previous;
        try {
            previous = newestEventTime(directory);
        } catch (IOException e) {
            previous = 0;
        }
        this.previousRunNewest = previous;
        this.model = new TrafficModel(new CityModel(registry), settings, run, previous > 0, sink.keepsEvidence());
        this.truth = new GroundTruth(directory.resolve("expected.ndjson"), directory.resolve("expected-alerts.ndjson"), run, model::exempt,
                settings.timeZone());
    }

    public int run() {
        return run;
    }

    /** The camera whose clock drifts, for the start-up message. */
    public String driftingCamera() {
        return model.driftingCamera() == null ? "none" : model.driftingCamera().id();
    }

    /**
     * Runs until {@code until} (epoch millis, 0: until interrupted) on the system clock. Returns
     * normally when the time is up or the thread is interrupted.
     */
    public void runUntil(long until) {
        while (!Thread.currentThread().isInterrupted()) {
            long now = System.currentTimeMillis();
            if (until > 0 && now >= until) {
                break;
            }
            step(now);
            long next = pending.isEmpty() ? now + 20 : Math.min(now + 20, pending.peek().sendAt());
            try {
                Thread.sleep(Math.max(1, next - now));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Starts the city under way. Without this the traffic ramps up over the length of the longest
     * trips (about six minutes) before it reaches the rate asked, since a road user's sightings are
     * spread over its trip. Primed, the road users of the {@code span} before {@code now} are
     * planned as if the simulator had run then, and what they upload from {@code now} on is sent:
     * the rate asked from the first step. Call it before the first step.
     *
     * <p>A trip cut at the start loses its earlier sightings, so a section or parking stay it began
     * is not expected of the system; its later captures may still make one, which {@code check}
     * would call unexpected. A primed run is for load (the bench), not for checking.
     */
    public void prime(long now, Duration span) {
        if (lastStep != 0) {
            throw new IllegalStateException("prime the simulator before its first step");
        }
        List<Emission> trip = new ArrayList<>();
        double planned = 0;
        for (long t = now - span.toMillis(); t < now; t += PRIME_STEP_MILLIS) {
            planned += settings.rate() * dayFactor(t) * PRIME_STEP_MILLIS / 1000.0;
            while (planned > 0) {
                trip.clear();
                planned -= Math.max(1, model.spawn(t, trip::add));
                boolean cut = false;
                for (Emission emission : trip) {
                    cut |= emission.sendAt() < now;
                }
                for (Emission emission : trip) {
                    if (emission.sendAt() >= now) {
                        pending.add(cut ? emission.withoutFixedExpects() : emission);
                    }
                }
            }
        }
    }

    /** Plans new road users for the time since the last step and uploads what is due at {@code now}. */
    public void step(long now) {
        if (lastStep == 0) {
            lastStep = now;
            started = now;
            // the alert scenarios start within seconds, so a short demo shows them
            nextClone = now + 10_000;
            nextOffender = now + 10_000;
            nextOutage = now + 30_000;
            if (previousRunNewest > 0) {
                // the job kept each device's last event from the run before; whether it calls the gap a
                // silence depends on which comes first after the restart, its watermark or the device's event
                truth.deviceAlertsUncertain(previousRunNewest, now + 15 * 60_000);
            }
        }
        scenarios(now);
        budget += settings.rate() * dayFactor(now) * (now - lastStep) / 1000.0;
        lastStep = now;
        while (budget > 0) {
            budget -= Math.max(1, model.spawn(now, pending::add));
        }
        while (!pending.isEmpty() && pending.peek().sendAt() <= now) {
            Emission emission = pending.poll();
            if (emission.key().equals(outageDevice) && now < outageUntil) {
                report.lostToOutage();
                continue; // the camera is offline: nothing it saw is uploaded, nothing it saw is expected
            }
            for (byte[] picture : emission.evidence()) {
                sink.sendEvidence(emission.vendor(), picture);
            }
            sink.send(emission.vendor(), emission.key(), emission.payload());
            report.sent(emission);
            if (emission.hotlisted() != null && !emission.has(Emission.MALFORMED)) {
                truth.alert(AlertKind.HOTLIST_HIT, emission.hotlisted(), emission.eventTime(), false);
            }
            if (!emission.has(Emission.MALFORMED) && !emission.has(Emission.LATE)) {
                seen(emission.key(), emission.eventTime());
            }
            // what is sent now was seen up to a few seconds ago (the drifting clock runs ahead by up to 8 s)
            newestEventTime = now;
            if (emission.has(Emission.LATE)) {
                // uploaded far behind the watermark: the system reports it as late, not as a violation
                report.lost(emission.expects());
                continue;
            }
            for (Expect expect : emission.expects()) {
                expect.applyTo(truth);
            }
        }
        if (now - lastStatus >= 1_000) {
            lastStatus = now;
            scanForSilence(now);
            truth.flush();
            writeStatus();
        }
    }

    /** Starts the alert scenarios when due: a cloned plate, a habitual offender, a camera outage. */
    private void scenarios(long now) {
        if (now >= nextClone) {
            nextClone = now + CLONE_EVERY_MILLIS;
            model.clonedPlate(now, now < outageUntil ? outageDevice : null, pending::add);
        }
        if (now >= nextOffender) {
            nextOffender = now + OFFENDER_EVERY_MILLIS;
            model.habitualOffender(now, pending::add);
        }
        if (now >= nextOutage) {
            nextOutage = now + OUTAGE_EVERY_MILLIS;
            dev.vigil.model.Device device = model.outageCandidate();
            if (device != null) {
                outageDevice = device.id();
                outageUntil = now + OUTAGE_MILLIS;
            }
        }
    }

    /** An on-time event of {@code device} at {@code time}: a return from silence, or a silence too close to call. */
    private void seen(String device, long time) {
        Long last = lastSeen.get(device);
        if (silent.remove(device)) {
            truth.alert(AlertKind.DEVICE_RECOVERED, device, time, false);
        } else if (last != null && time - last > SILENCE_MILLIS) {
            truth.alert(AlertKind.DEVICE_SILENT, device, last + SILENCE_MILLIS, true);
            truth.alert(AlertKind.DEVICE_RECOVERED, device, time, true);
        }
        if (last == null || time > last) {
            lastSeen.put(device, time);
        }
    }

    /** Devices quiet for the threshold and a margin: the job has called them silent. */
    private void scanForSilence(long now) {
        for (java.util.Map.Entry<String, Long> entry : lastSeen.entrySet()) {
            if (!silent.contains(entry.getKey()) && now - entry.getValue() > SILENCE_MILLIS + SILENCE_MARGIN_MILLIS) {
                silent.add(entry.getKey());
                truth.alert(AlertKind.DEVICE_SILENT, entry.getKey(), entry.getValue() + SILENCE_MILLIS, false);
            }
        }
    }

    /** What has been sent and intended so far. */
    public SimulatorReport report() {
        report.intended(truth.expectedByType(), truth.expectedAlertsByKind());
        return report;
    }

    /** Stops: what was planned but not yet due is dropped; the ground truth and status are written. */
    @Override
    public void close() {
        try {
            sink.close();
        } finally {
            truth.close();
            writeStatus();
        }
    }

    private double dayFactor(long now) {
        return dayFactor(settings.timeZone(), now);
    }

    /** The share of the peak rate the simulator sends at {@code now} (a quarter at night, all of it at 8 and 18 h). */
    public static double dayFactor(java.time.ZoneId zone, long now) {
        ZonedDateTime local = Instant.ofEpochMilli(now).atZone(zone);
        double hour = local.getHour() + local.getMinute() / 60.0;
        int h = (int) hour;
        double profile = DAY_PROFILE[h] + (DAY_PROFILE[(h + 1) % 24] - DAY_PROFILE[h]) * (hour - h);
        return 0.25 + 0.75 * profile;
    }

    private void writeStatus() {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("run", run);
        status.put("newestEventTime", newestEventTime);
        status.put("sendFailures", sink.failures());
        status.put("report", report().asMap());
        try {
            Path tmp = directory.resolve("status.json.tmp");
            Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(status));
            Files.move(tmp, directory.resolve("status.json"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the simulator status in " + directory, e);
        }
    }

    /** The newest event time a simulator sent from {@code directory}, 0 when none. */
    public static long newestEventTime(Path directory) throws IOException {
        Path file = directory.resolve("status.json");
        if (!Files.exists(file)) {
            return 0;
        }
        return JSON.readTree(file.toFile()).path("newestEventTime").asLong(0);
    }

    private static int nextRun(Path directory) {
        try {
            Files.createDirectories(directory);
            Path file = directory.resolve("run");
            int run = Files.exists(file) ? Integer.parseInt(Files.readString(file, StandardCharsets.UTF_8).trim()) + 1 : 1;
            Files.writeString(file, Integer.toString(run), StandardCharsets.UTF_8);
            return run;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the simulator's state in " + directory, e);
        }
    }
}
