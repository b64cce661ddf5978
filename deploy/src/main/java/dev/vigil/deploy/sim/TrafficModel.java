package dev.vigil.deploy.sim;

import dev.vigil.deploy.sim.CityModel.ParkingZone;
import dev.vigil.deploy.sim.CityModel.Route;
import dev.vigil.deploy.sim.CityModel.SectionRoute;
import dev.vigil.deploy.sim.CityModel.Stop;
import dev.vigil.model.AlertKind;
import dev.vigil.model.CameraEvent;
import dev.vigil.model.Device;
import dev.vigil.model.Direction;
import dev.vigil.model.EventKind;
import dev.vigil.model.HotlistEntry;
import dev.vigil.model.Image;
import dev.vigil.model.Lane;
import dev.vigil.model.Movement;
import dev.vigil.model.Plate;
import dev.vigil.model.PlateColor;
import dev.vigil.model.Plates;
import dev.vigil.model.Signal;
import dev.vigil.model.Subject;
import dev.vigil.model.VehicleClass;
import dev.vigil.model.ViolationType;
import dev.vigil.model.VigilJson;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * The traffic model: plans one road user at a time and turns what it does into the payloads the
 * cameras would upload, with the vendors' imperfections, and into the violations it made happen.
 *
 * <p>Road users: vehicles driving a route of junction cameras (waiting at red lights, turning off,
 * now and then running a red light, speeding, taking the wrong lane or a banned turn, driving the
 * wrong way, not yielding to pedestrians), pedestrians and e-bikes crossing at junctions, vehicles
 * through the checkpoint sections (a few too fast on average or at a camera), and vehicles stopping
 * in no-parking zones (some long enough to be a violation). Everything is drawn from one seeded
 * random source, so a seed and a run number give the same traffic.
 */
final class TrafficModel {
    private static final long DRIFT_AMPLITUDE_MILLIS = 8_000;
    private static final long DRIFT_PERIOD_MILLIS = 20 * 60_000;
    private static final long SPECIAL_PLATE_COOLDOWN_MILLIS = 15 * 60_000;
    private static final String[][] VENDORS = {{"hikvision", "HK"}, {"dahua", "DH"}, {"uniview", "UNV"}};
    private static final double[] OVER_LOW = {11, 22, 55};
    private static final double[] OVER_HIGH = {18, 45, 85};

    private final CityModel city;
    private final SimulatorSettings settings;
    private final int run;
    private final SplittableRandom random;
    private final PlateMaker plates;
    private final SignalPlan signals;
    private final Device driftingCamera;
    private final List<String> exemptPlates = new ArrayList<>();
    private final List<String> hotPlates = new ArrayList<>();
    private final Map<String, Long> specialPlateLastUsed = new HashMap<>();
    private final boolean afterRestart;
    private String lastCloneJunction;
    private long specialPlatesFrom;
    private final java.util.Set<String> hotlist = new java.util.HashSet<>();
    private final MessageDigest sha256;
    /** Draws real pictures for camera-flagged red lights when the destination keeps evidence, else null. */
    private final EvidenceImages renderer;
    /** Pictures drawn for the event being emitted, uploaded before it. */
    private List<byte[]> rendered = List.of();
    private final double[] categoryWeights;
    private long seq;

    /** A vehicle's plate as read, and whether it is one of the registry's special plates. */
    private record Vehicle(String number, PlateColor color, VehicleClass vehicleClass, boolean exempt, boolean special) {}

    /**
     * @param afterRestart a run before this one may have used the special plates moments ago
     * @param renderEvidence draw the pictures of camera-flagged red lights, for a destination that keeps them
     */
    TrafficModel(CityModel city, SimulatorSettings settings, int run, boolean afterRestart, boolean renderEvidence) {
        this.afterRestart = afterRestart;
        this.renderer = renderEvidence ? new EvidenceImages(settings.timeZone()) : null;
        this.city = city;
        this.settings = settings;
        this.run = run;
        this.random = new SplittableRandom(settings.seed() * 31 + run);
        this.plates = new PlateMaker(localPrefix(city), run, random.split());
        double westmost = Double.MAX_VALUE;
        for (Device device : city.registry.devices()) {
            westmost = Math.min(westmost, device.location().lon());
        }
        this.signals = new SignalPlan(westmost);
        this.driftingCamera = city.signalised.isEmpty() ? null : city.signalised.get(random.nextInt(city.signalised.size()));
        exemptPlates.addAll(city.registry.exemptions().plates());
        for (String suffix : city.registry.exemptions().plateSuffixes()) {
            for (int i = 1; i <= 3; i++) {
                exemptPlates.add(localPrefix(city) + String.format("%04d", 100 * i + suffix.length()) + suffix);
            }
        }
        for (HotlistEntry entry : city.registry.hotlist()) {
            hotPlates.add(entry.plate());
            if (Plates.normalize(entry.plate()) != null) {
                hotlist.add(Plates.normalize(entry.plate()));
            }
        }
        this.categoryWeights = new double[] {
            city.routes.isEmpty() ? 0 : 0.55,
            city.signalised.isEmpty() ? 0 : 0.10,
            city.sections.isEmpty() && city.loneCheckpoints.isEmpty() ? 0 : 0.20,
            city.parkingZones.isEmpty() ? 0 : 0.15};
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The camera whose clock drifts (±8 s over 20 minutes), if the city has junction cameras. */
    Device driftingCamera() {
        return driftingCamera;
    }

    /**
     * Plans one road user appearing about {@code now} and hands its emissions to {@code out};
     * returns how many events (not counting retries and malformed extras) it will upload.
     */
    int spawn(long now, Consumer<Emission> out) {
        double pick = random.nextDouble() * (categoryWeights[0] + categoryWeights[1] + categoryWeights[2] + categoryWeights[3]);
        if ((pick -= categoryWeights[0]) < 0) {
            return arterial(now, out);
        }
        if ((pick -= categoryWeights[1]) < 0) {
            return crossing(now, out);
        }
        if ((pick -= categoryWeights[2]) < 0) {
            return checkpoints(now, out);
        }
        return parking(now, out);
    }

    // ---- road users ----

    private int arterial(long now, Consumer<Emission> out) {
        Route route = city.routes.get(random.nextInt(city.routes.size()));
        int size = route.stops().size();
        int start = random.nextDouble() < 0.6 ? 0 : random.nextInt(size);
        Vehicle vehicle = vehicle(now, true);
        double cruiseShare = uniform(0.6, 0.95);
        long time = now + random.nextLong(2_000);
        int emitted = 0;
        for (int i = start; i < size; i++) {
            Stop stop = route.stops().get(i);
            Device device = stop.device();
            if (i > start) {
                time += (long) (stop.metersFromPrevious() / (limit(device) * cruiseShare / 3.6) * 1000);
            }
            boolean leaves = i == size - 1 || random.nextDouble() < 0.2;
            ViolationType intent = null;
            if (vehicle.exempt()) {
                // police and emergency vehicles on duty: through red lights, too fast
                intent = !random.nextBoolean() ? null
                        : city.isSignalised(device) ? ViolationType.RED_LIGHT
                        : device.speedLimitKmh() != null ? ViolationType.SPEEDING : null;
            } else if (!vehicle.special()) {
                // hotlisted vehicles keep to the rules: a plate seen across runs must not gather violations
                intent = junctionIntent(device);
            }
            long[] result = junctionPass(vehicle, device, route.heading(), time, intent, leaves, out);
            time = result[0];
            emitted += (int) result[1];
            if (leaves || intent == ViolationType.WRONG_WAY) {
                break;
            }
        }
        return emitted;
    }

    /** One vehicle at one junction camera; returns {pass time, events emitted}. */
    private long[] junctionPass(Vehicle vehicle, Device device, Direction heading, long arrival, ViolationType intent, boolean leaves,
            Consumer<Emission> out) {
        boolean lights = city.isSignalised(device);
        double limit = limit(device);
        long time = arrival;
        double speed = limit * uniform(0.55, 1.05);
        if (lights && intent == ViolationType.RED_LIGHT) {
            long red = signals.redFrom(device, heading, time);
            time = red == time ? time : red + random.nextLong(500, 5_000);
            speed = limit * uniform(0.5, 0.9);
        } else if (lights && signals.state(device, heading, time) == Signal.RED) {
            time = signals.greenFrom(device, heading, time) + random.nextLong(1_000, 5_000);
            speed = intent == ViolationType.SPEEDING ? speed : uniform(10, 25);
        }
        Signal signal = lights ? signals.state(device, heading, time) : null;
        if (lights && (signal == Signal.RED) != (intent == ViolationType.RED_LIGHT)) {
            throw new IllegalStateException("signal plan out of step at " + device.id());
        }

        Movement movement;
        Direction direction;
        Lane lane;
        List<ViolationType> commits = new ArrayList<>(2);
        String cameraCode = null;
        if (intent == null || intent == ViolationType.RED_LIGHT || intent == ViolationType.SPEEDING) {
            movement = intent == null && leaves && random.nextDouble() < 0.6 ? pickTurn(device, straightOn(device)) : straightOn(device);
            lane = laneListing(device, movement);
            if (intent == ViolationType.SPEEDING) {
                speed = limit * (1 + overPercent() / 100);
            }
            boolean legalRightOnRed = movement == Movement.RIGHT && device.rightTurnOnRedAllowed();
            if (intent != null && !(intent == ViolationType.RED_LIGHT && legalRightOnRed)) {
                commits.add(intent);
                cameraCode = intent == ViolationType.RED_LIGHT ? "1625" : null;
            }
        } else if (intent == ViolationType.WRONG_LANE) {
            Lane[] wrong = new Lane[1];
            movement = wrongLaneMovement(device, wrong);
            lane = wrong[0];
            commits.add(ViolationType.WRONG_LANE);
        } else if (intent == ViolationType.PROHIBITED_TURN) {
            movement = device.prohibitedMovements().get(random.nextInt(device.prohibitedMovements().size()));
            lane = laneListing(device, movement);
            commits.add(ViolationType.PROHIBITED_TURN);
            if (!lane.movements().isEmpty() && !lane.movements().contains(movement)) {
                // no lane may turn this way: turning from any lane is also the wrong lane
                commits.add(ViolationType.WRONG_LANE);
            }
        } else if (intent == ViolationType.WRONG_WAY) {
            movement = straightOn(device);
            lane = laneListing(device, movement);
            commits.add(ViolationType.WRONG_WAY);
        } else { // NOT_YIELDING_TO_PEDESTRIAN: the camera flags it; the pass itself breaks no rule
            movement = pickTurn(device, straightOn(device));
            lane = laneListing(device, movement);
            cameraCode = "1357";
        }
        Direction laneHeading = lane.direction() != null ? lane.direction() : heading;
        direction = intent == ViolationType.WRONG_WAY ? laneHeading.opposite() : laneHeading;

        boolean unreadable = intent != null && !vehicle.exempt() && random.nextDouble() < settings.unreadable();
        boolean lowConfidence = intent != null && !unreadable && random.nextDouble() < settings.lowConfidence();
        Plate plate = plate(vehicle, unreadable, lowConfidence);
        String normalized = Plates.normalize(plate.number());
        int emitted = 0;
        long reported = reported(device, time);

        String passId = eventId(device);
        List<Expect> passExpects = new ArrayList<>(commits.size());
        for (ViolationType type : commits) {
            passExpects.add(Expect.observation(type, normalized, device.siteId(), reported, vendor(device) + ':' + passId));
        }
        CameraEvent pass = new CameraEvent(passId, vendor(device), device.id(), EventKind.PASS, Instant.ofEpochMilli(reported),
                Subject.MOTOR_VEHICLE, plate, vehicle.vehicleClass(), lane.number(), direction, movement, round1(speed), signal,
                null, null, images(device, passId, reported, "PANORAMA", "PLATE"));
        emitted += emit(pass, device, time, true, passExpects, out);

        if (cameraCode != null) {
            String flaggedId = eventId(device);
            ViolationType flaggedType = cameraCode.equals("1625") ? ViolationType.RED_LIGHT : ViolationType.NOT_YIELDING_TO_PEDESTRIAN;
            CameraEvent flagged = new CameraEvent(flaggedId, vendor(device), device.id(), EventKind.VIOLATION,
                    Instant.ofEpochMilli(reported), Subject.MOTOR_VEHICLE, plate, vehicle.vehicleClass(), lane.number(), direction,
                    movement, round1(speed), signal, cameraCode, null,
                    cameraCode.equals("1625")
                            ? redLightImages(device, flaggedId, reported, plate, signal)
                            : images(device, flaggedId, reported, "PANORAMA", "AFTER_LINE", "PLATE"));
            emitted += emit(flagged, device, time, true,
                    List.of(Expect.observation(flaggedType, normalized, device.siteId(), reported, vendor(device) + ':' + flaggedId)), out);
        }
        return new long[] {time, emitted};
    }

    private int crossing(long now, Consumer<Emission> out) {
        Device device = city.signalised.get(random.nextInt(city.signalised.size()));
        Direction heading = CityModel.heading(device);
        boolean pedestrian = random.nextDouble() < 0.4;
        boolean violates = random.nextDouble() < settings.violations()
                * settings.weight(pedestrian ? ViolationType.PEDESTRIAN_RED_LIGHT : ViolationType.NON_MOTOR_RED_LIGHT);
        long time = now + random.nextLong(2_000);
        if (violates) {
            long red = signals.redFrom(device, heading, time);
            time = red == time ? time : red + random.nextLong(500, 5_000);
        } else if (signals.state(device, heading, time) == Signal.RED) {
            time = signals.greenFrom(device, heading, time) + random.nextLong(500, 5_000);
        }
        long reported = reported(device, time);
        String id = eventId(device);
        List<Expect> expects = violates
                ? List.of(Expect.observation(pedestrian ? ViolationType.PEDESTRIAN_RED_LIGHT : ViolationType.NON_MOTOR_RED_LIGHT, null,
                        device.siteId(), reported, vendor(device) + ':' + id))
                : List.of();
        CameraEvent event = new CameraEvent(id, vendor(device), device.id(), EventKind.PASS, Instant.ofEpochMilli(reported),
                pedestrian ? Subject.PEDESTRIAN : Subject.NON_MOTOR_VEHICLE, null, null, null, heading, Movement.STRAIGHT,
                pedestrian ? round1(uniform(3, 7)) : round1(uniform(12, 25)), signals.state(device, heading, time), null, null,
                images(device, id, reported, "PANORAMA", "AFTER_LINE"));
        return emit(event, device, time, true, expects, out);
    }

    private int checkpoints(long now, Consumer<Emission> out) {
        int choices = city.sections.size() + city.loneCheckpoints.size();
        int pick = random.nextInt(choices);
        Vehicle vehicle = vehicle(now, false);
        long time = now + random.nextLong(2_000);
        if (pick >= city.sections.size()) {
            Device device = city.loneCheckpoints.get(pick - city.sections.size());
            boolean speeding = random.nextDouble() < settings.violations() * settings.weight(ViolationType.SPEEDING);
            return checkpointPass(vehicle, device, time, speeding, List.of(), out);
        }
        SectionRoute route = city.sections.get(pick);
        boolean forward = random.nextDouble() < 0.8;
        double roll = random.nextDouble();
        double sectionShare = forward ? settings.violations() * 0.7 * settings.weight(ViolationType.SECTION_SPEEDING) : 0;
        boolean sectionSpeeding = roll < sectionShare;
        boolean spotSpeeding = !sectionSpeeding
                && roll < sectionShare + settings.violations() * 0.3 * settings.weight(ViolationType.SPEEDING);
        double sectionLimit = route.section().speedLimitKmh();
        double average = sectionLimit * (sectionSpeeding ? 1 + overPercent() / 100 : uniform(0.6, 1.05));
        long travel = Math.round(route.section().lengthMeters() / (average / 3.6) * 1000);
        boolean spotAtFirst = random.nextBoolean();
        Device first = forward ? route.entry() : route.exit();
        Device second = forward ? route.exit() : route.entry();
        int emitted = checkpointPass(vehicle, first, time, spotSpeeding && spotAtFirst, List.of(), out);
        List<Expect> pair = sectionSpeeding
                ? List.of(Expect.fixed(ViolationType.SECTION_SPEEDING, Plates.normalize(vehicle.number()), route.section().id(), time,
                        time + travel))
                : List.of();
        return emitted + checkpointPass(vehicle, second, time + travel, spotSpeeding && !spotAtFirst, pair, out);
    }

    private int checkpointPass(Vehicle vehicle, Device device, long time, boolean speeding, List<Expect> also, Consumer<Emission> out) {
        double limit = limit(device);
        double speed = speeding ? limit * (1 + overPercent() / 100) : limit * uniform(0.6, 1.05);
        boolean lowConfidence = speeding && random.nextDouble() < settings.lowConfidence();
        Plate plate = plate(vehicle, false, lowConfidence);
        String id = eventId(device);
        List<Expect> expects = new ArrayList<>(also);
        if (speeding) {
            expects.add(Expect.observation(ViolationType.SPEEDING, Plates.normalize(plate.number()), device.siteId(), time,
                    vendor(device) + ':' + id));
        }
        CameraEvent event = new CameraEvent(id, vendor(device), device.id(), EventKind.PASS, Instant.ofEpochMilli(time),
                Subject.MOTOR_VEHICLE, plate, vehicle.vehicleClass(), null, null, null, round1(speed), null, null, null,
                images(device, id, time, "PANORAMA", "PLATE"));
        return emit(event, device, time, false, expects, out);
    }

    private int parking(long now, Consumer<Emission> out) {
        ParkingZone spot = city.parkingZones.get(random.nextInt(city.parkingZones.size()));
        Device device = spot.device();
        Vehicle vehicle = vehicle(now, false);
        long minimum = spot.zone().minIntervalSeconds() * 1000L;
        boolean stays = random.nextDouble() < Math.min(0.9, settings.violations() * 8 * settings.weight(ViolationType.ILLEGAL_PARKING));
        long stay = stays ? minimum + random.nextLong(20_000, 240_000) : (long) (minimum * uniform(0, 0.8));
        boolean unreadable = random.nextDouble() < settings.unreadable();
        String normalized = unreadable ? null : Plates.normalize(vehicle.number());
        long first = now + random.nextLong(5_000);
        long time = first;
        boolean violationSeen = false;
        int emitted = 0;
        while (time <= first + stay) {
            String id = eventId(device);
            List<Expect> expects = List.of();
            if (normalized != null && !violationSeen && time - first >= minimum) {
                violationSeen = true;
                expects = List.of(Expect.fixed(ViolationType.ILLEGAL_PARKING, normalized, spot.zone().id(), first, time));
            }
            Plate plate = plate(vehicle, unreadable, false);
            CameraEvent capture = new CameraEvent(id, vendor(device), device.id(), EventKind.PARKING, Instant.ofEpochMilli(time),
                    Subject.MOTOR_VEHICLE, plate, vehicle.vehicleClass(), null, null, null, null, null, null, spot.zone().id(),
                    images(device, id, time, "PANORAMA", "PLATE"));
            emitted += emit(capture, device, time, false, expects, out);
            time += random.nextLong(20_000, 40_000);
        }
        return emitted;
    }

    // ---- scenarios for the alerts ----

    /**
     * A cloned plate: one plate at a junction camera and, a minute later, at the checkpoint farthest
     * from it, at an implied 400 km/h. Returns the events planned (none when the city lacks either).
     */
    int clonedPlate(long now, String offline, Consumer<Emission> out) {
        List<Device> checkpoints = new ArrayList<>();
        for (Device device : city.registry.devices()) {
            if (device.type() == dev.vigil.model.DeviceType.CHECKPOINT) {
                checkpoints.add(device);
            }
        }
        if (city.signalised.isEmpty() || checkpoints.isEmpty()) {
            return 0;
        }
        // not a camera that is offline: the first sighting must be uploaded for the second to be suspect
        List<Device> online = new ArrayList<>(city.signalised);
        online.removeIf(d -> d.id().equals(offline));
        if (online.isEmpty()) {
            return 0;
        }
        Device junction = online.get(random.nextInt(online.size()));
        lastCloneJunction = junction.id();
        Device far = checkpoints.get(0);
        for (Device checkpoint : checkpoints) {
            if (Geo.meters(junction, checkpoint) > Geo.meters(junction, far)) {
                far = checkpoint;
            }
        }
        double meters = Geo.meters(junction, far);
        if (meters < 2_000) {
            return 0;
        }
        Vehicle vehicle = vehicle(now, false);
        // both sightings uploaded on time (a late one never reaches the detector), the plate read both times
        long first = now + random.nextLong(2_000);
        long second = first + Math.max(1_000, Math.round(meters / (400 / 3.6) * 1000));
        int emitted = checkpointPass(vehicle, junction, first, false, List.of(), out);
        return emitted + checkpointPass(vehicle, far, second, false,
                List.of(Expect.alert(AlertKind.CLONED_PLATE_SUSPECT, Plates.normalize(vehicle.number()), second)), out);
    }

    /**
     * A habitual offender: one plate speeding through three junctions of different sites, half a
     * minute apart, which makes it a repeat offender (the ground truth decides from what is sent).
     */
    int habitualOffender(long now, Consumer<Emission> out) {
        List<Device> candidates = new ArrayList<>();
        java.util.Set<String> sites = new java.util.HashSet<>();
        for (Device device : city.signalised) {
            if (device.speedLimitKmh() != null && sites.add(device.siteId())) {
                candidates.add(device);
            }
        }
        if (candidates.size() < 3) {
            return 0;
        }
        java.util.Collections.shuffle(candidates, new java.util.Random(random.nextLong()));
        Vehicle vehicle = vehicle(now, false);
        long time = now + random.nextLong(2_000);
        int emitted = 0;
        for (int i = 0; i < 3; i++) {
            long[] pass = junctionPass(vehicle, candidates.get(i), CityModel.heading(candidates.get(i)), time, ViolationType.SPEEDING, true,
                    out);
            emitted += (int) pass[1];
            // at least half a minute, and never faster than 60 km/h between the junctions: a plate
            // that seemed to fly between them would be a cloned-plate suspect the ground truth does not expect
            double meters = i + 1 < 3 ? Geo.meters(candidates.get(i), candidates.get(i + 1)) : 0;
            time = pass[0] + Math.max(30_000, Math.round(meters / (60 / 3.6) * 1000));
        }
        return emitted;
    }

    /** A junction camera to take offline for a while (a device outage), not the one a cloned plate was just seen at. */
    Device outageCandidate() {
        List<Device> candidates = new ArrayList<>(city.signalised);
        candidates.removeIf(d -> d.id().equals(lastCloneJunction));
        return candidates.isEmpty() ? null : candidates.get(random.nextInt(candidates.size()));
    }

    /** Whether the registry exempts {@code plate} (normalised): its violations are REJECTED. */
    boolean exempt(String plate) {
        for (String listed : city.registry.exemptions().plates()) {
            if (plate.equals(Plates.normalize(listed))) {
                return true;
            }
        }
        for (String suffix : city.registry.exemptions().plateSuffixes()) {
            if (plate.endsWith(suffix)) {
                return true;
            }
        }
        return false;
    }

    // ---- uploads and imperfections ----

    /** Schedules one event (and maybe a retry and a malformed extra); returns 1. */
    private int emit(CameraEvent event, Device device, long trueTime, boolean mayBeLate, List<Expect> expects, Consumer<Emission> out) {
        byte[] payload = VigilJson.toBytes(event);
        int flags = device == driftingCamera ? Emission.DRIFTED : 0;
        long lag;
        double roll = random.nextDouble();
        if (mayBeLate && roll < settings.late()) {
            // beyond lateDelay by more than the ±8 s of the drifting clock and the few seconds of disorder
            lag = settings.lateDelay().toMillis() + random.nextLong(20_000, 50_000);
            flags |= Emission.LATE;
        } else if (roll < settings.late() + settings.outOfOrder()) {
            lag = random.nextLong(2_000, 4_000);
            flags |= Emission.OUT_OF_ORDER;
        } else {
            lag = random.nextLong(50, 600);
        }
        long sendAt = trueTime + lag;
        long reportedTime = event.eventTime().toEpochMilli();
        String plate = event.plate() == null ? null : Plates.normalize(event.plate().number());
        String hotlisted = plate != null && hotlist.contains(plate) ? plate : null;
        List<byte[]> pictures = rendered;
        rendered = List.of();
        out.accept(new Emission(sendAt, seq++, vendor(device), device.id(), payload, event.kind(), reportedTime, hotlisted, flags, expects,
                pictures));
        if (random.nextDouble() < settings.retries()) {
            out.accept(new Emission(sendAt + random.nextLong(1_000, 3_000), seq++, vendor(device), device.id(), payload, event.kind(),
                    reportedTime, hotlisted, flags | Emission.RETRY, List.of(), pictures));
        }
        if (random.nextDouble() < settings.malformed()) {
            out.accept(new Emission(sendAt + random.nextLong(500), seq++, vendor(device), device.id(), malformed(payload), null,
                    reportedTime, null, Emission.MALFORMED, List.of(), List.of()));
        }
        return 1;
    }

    /** A broken upload: cut off mid-document, or its time written without an offset. */
    private byte[] malformed(byte[] payload) {
        String json = new String(payload, StandardCharsets.UTF_8);
        if (random.nextBoolean()) {
            return json.substring(0, 1 + random.nextInt(json.length() - 1)).getBytes(StandardCharsets.UTF_8);
        }
        return json.replaceFirst("(\"eventTime\":\"[0-9-]+)T([0-9:.]+)Z\"", "$1 $2\"").getBytes(StandardCharsets.UTF_8);
    }

    /** The camera's clock: true time, except at the drifting camera. */
    private long reported(Device device, long time) {
        if (device != driftingCamera) {
            return time;
        }
        return time + Math.round(DRIFT_AMPLITUDE_MILLIS * Math.sin(2 * Math.PI * time / DRIFT_PERIOD_MILLIS));
    }

    // ---- vehicles, plates, lanes ----

    private Vehicle vehicle(long now, boolean mayBeSpecial) {
        if (mayBeSpecial && random.nextDouble() < 0.01) {
            boolean exempt = random.nextDouble() < 0.6;
            List<String> pool = exempt ? exemptPlates : hotPlates;
            if (!pool.isEmpty()) {
                String number = pool.get(random.nextInt(pool.size()));
                if (specialPlatesFrom == 0) {
                    specialPlatesFrom = now + (afterRestart ? SPECIAL_PLATE_COOLDOWN_MILLIS : 0);
                }
                Long last = specialPlateLastUsed.get(number);
                if (now >= specialPlatesFrom && (last == null || now - last > SPECIAL_PLATE_COOLDOWN_MILLIS)) {
                    // one trip per special plate at a time: its episodes never overlap, within a run or
                    // across a restart (the run before may have used the plate moments ago)
                    specialPlateLastUsed.put(number, now);
                    return new Vehicle(number, exempt && !number.matches(".*\\d$") ? PlateColor.WHITE : PlateColor.BLUE,
                            VehicleClass.CAR, exempt, true);
                }
            }
        }
        PlateMaker.Made made = plates.next();
        VehicleClass vehicleClass = made.color() == PlateColor.YELLOW ? (random.nextBoolean() ? VehicleClass.TRUCK : VehicleClass.BUS)
                : VehicleClass.CAR;
        return new Vehicle(made.number(), made.color(), vehicleClass, false, false);
    }

    private Plate plate(Vehicle vehicle, boolean unreadable, boolean lowConfidence) {
        if (unreadable) {
            return random.nextBoolean() ? new Plate("未识别", null, null) : new Plate(null, null, null);
        }
        double confidence = lowConfidence ? uniform(0.5, 0.79) : uniform(0.85, 0.99);
        return new Plate(vehicle.number(), vehicle.color(), Math.round(confidence * 100) / 100.0);
    }

    /**
     * Whether the road user at this junction camera breaks a rule, and which: the share of violators
     * scaled by the mix's mean weight over the types possible here, the type drawn by weight.
     */
    private ViolationType junctionIntent(Device device) {
        boolean lights = city.isSignalised(device);
        List<ViolationType> choices = new ArrayList<>(8);
        if (lights) {
            choices.add(ViolationType.RED_LIGHT);
            choices.add(ViolationType.RED_LIGHT);
            choices.add(ViolationType.NOT_YIELDING_TO_PEDESTRIAN);
        }
        if (device.speedLimitKmh() != null) {
            choices.add(ViolationType.SPEEDING);
        }
        if (wrongLaneMovement(device, null) != null) {
            choices.add(ViolationType.WRONG_LANE);
        }
        if (!device.prohibitedMovements().isEmpty()) {
            choices.add(ViolationType.PROHIBITED_TURN);
        }
        choices.add(ViolationType.WRONG_WAY);
        if (!lights) {
            choices.add(ViolationType.WRONG_WAY); // mid-block cameras watch one-way streets
        }
        double total = 0;
        for (ViolationType type : choices) {
            total += settings.weight(type);
        }
        double roll = random.nextDouble();
        if (!(roll < settings.violations() * total / choices.size())) {
            return null;
        }
        double pick = random.nextDouble() * total;
        for (ViolationType type : choices) {
            pick -= settings.weight(type);
            if (pick < 0) {
                return type;
            }
        }
        return null;
    }

    /** Straight on when this approach allows it, else any movement it allows. */
    private static Movement straightOn(Device device) {
        if (allows(device, Movement.STRAIGHT)) {
            return Movement.STRAIGHT;
        }
        for (Movement movement : Movement.values()) {
            if (allows(device, movement)) {
                return movement;
            }
        }
        return Movement.STRAIGHT;
    }

    /** Whether some lane lists {@code movement} (or lists none) and no sign bans it. */
    private static boolean allows(Device device, Movement movement) {
        if (device.prohibitedMovements().contains(movement)) {
            return false;
        }
        for (Lane lane : device.lanes()) {
            if (lane.movements().isEmpty() || lane.movements().contains(movement)) {
                return true;
            }
        }
        return device.lanes().isEmpty();
    }

    /** A turn this approach allows (some lane lists it, no sign bans it), else {@code fallback}. */
    private Movement pickTurn(Device device, Movement fallback) {
        List<Movement> turns = new ArrayList<>(2);
        for (Movement turn : new Movement[] {Movement.LEFT, Movement.RIGHT}) {
            if (allows(device, turn)) {
                turns.add(turn);
            }
        }
        return turns.isEmpty() ? fallback : turns.get(random.nextInt(turns.size()));
    }

    /**
     * A movement some lane of this approach allows and no sign bans, made from a lane that does not
     * list it; the lane goes to {@code lane[0]}. Null when the approach has no such pair.
     */
    private Movement wrongLaneMovement(Device device, Lane[] lane) {
        List<Lane> lanes = new ArrayList<>();
        List<Movement> movements = new ArrayList<>();
        for (Lane from : device.lanes()) {
            if (from.movements().isEmpty()) {
                continue;
            }
            for (Lane other : device.lanes()) {
                for (Movement movement : other.movements()) {
                    if (!from.movements().contains(movement) && !device.prohibitedMovements().contains(movement)) {
                        lanes.add(from);
                        movements.add(movement);
                    }
                }
            }
        }
        if (movements.isEmpty()) {
            return null;
        }
        int i = lane == null ? 0 : random.nextInt(movements.size());
        if (lane != null) {
            lane[0] = lanes.get(i);
        }
        return movements.get(i);
    }

    /** A lane that lists {@code movement} (or lists none); the first lane when none does. */
    private Lane laneListing(Device device, Movement movement) {
        Lane lane = laneListingOrNull(device, movement);
        if (lane != null) {
            return lane;
        }
        return device.lanes().isEmpty() ? new Lane(1, null, List.of()) : device.lanes().get(random.nextInt(device.lanes().size()));
    }

    private Lane laneListingOrNull(Device device, Movement movement) {
        List<Lane> matching = new ArrayList<>(device.lanes().size());
        for (Lane lane : device.lanes()) {
            if (lane.movements().isEmpty() || lane.movements().contains(movement)) {
                matching.add(lane);
            }
        }
        return matching.isEmpty() ? null : matching.get(random.nextInt(matching.size()));
    }

    // ---- small helpers ----

    private List<Image> images(Device device, String eventId, long time, String... roles) {
        List<Image> images = new ArrayList<>(roles.length);
        Instant shot = Instant.ofEpochMilli(time);
        for (String role : roles) {
            String uri = "https://evidence.demo.vigil.dev/" + device.id() + '/' + eventId + '-' + role.toLowerCase() + ".jpg";
            String digest = HexFormat.of().formatHex(sha256.digest(uri.getBytes(StandardCharsets.UTF_8)));
            boolean crop = role.equals("PLATE");
            images.add(new Image(role, uri, digest, crop ? 440 : 1920, crop ? 140 : 1080, shot));
        }
        return images;
    }

    /**
     * A camera-flagged red light's pictures: drawn for real (1280×720 scenes and a plate crop, named
     * by their SHA-256 in the evidence store) when the destination keeps evidence, else addresses only.
     */
    private List<Image> redLightImages(Device device, String eventId, long time, Plate plate, Signal signal) {
        String[] roles = {"BEFORE_LINE", "IN_JUNCTION", "AFTER_LINE", "PLATE"};
        if (renderer == null) {
            return images(device, eventId, time, roles);
        }
        List<Image> images = new ArrayList<>(roles.length);
        List<byte[]> pictures = new ArrayList<>(roles.length);
        for (String role : roles) {
            byte[] picture = renderer.render(role, device.id(), eventId, time, plate == null ? null : plate.number(),
                    signal == null ? null : signal.name());
            String digest = HexFormat.of().formatHex(sha256.digest(picture));
            boolean crop = role.equals("PLATE");
            images.add(new Image(role, "/evidence/" + digest, digest, crop ? EvidenceImages.CROP_WIDTH : EvidenceImages.SCENE_WIDTH,
                    crop ? EvidenceImages.CROP_HEIGHT : EvidenceImages.SCENE_HEIGHT, Instant.ofEpochMilli(time)));
            pictures.add(picture);
        }
        rendered = List.copyOf(pictures);
        return images;
    }

    private String eventId(Device device) {
        return vendorPrefix(device) + '-' + run + '-' + (seq++);
    }

    private static String vendor(Device device) {
        return VENDORS[Math.floorMod(device.id().hashCode(), VENDORS.length)][0];
    }

    private static String vendorPrefix(Device device) {
        return VENDORS[Math.floorMod(device.id().hashCode(), VENDORS.length)][1];
    }

    private double overPercent() {
        int band = random.nextInt(OVER_LOW.length);
        return uniform(OVER_LOW[band], OVER_HIGH[band]);
    }

    private static double limit(Device device) {
        return device.speedLimitKmh() != null ? device.speedLimitKmh() : 50;
    }

    private double uniform(double low, double high) {
        return low + (high - low) * random.nextDouble();
    }

    private static double round1(double value) {
        return Math.round(value * 10) / 10.0;
    }

    private static String localPrefix(CityModel city) {
        for (String plate : city.registry.exemptions().plates()) {
            if (plate.length() > 2) {
                return plate.substring(0, 2);
            }
        }
        for (HotlistEntry entry : city.registry.hotlist()) {
            if (entry.plate().length() > 2) {
                return entry.plate().substring(0, 2);
            }
        }
        return "陕A";
    }
}
