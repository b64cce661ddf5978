package dev.vigil.deploy.sim;

import dev.vigil.model.AlertKind;
import dev.vigil.model.EventKind;
import dev.vigil.model.ViolationType;
import java.io.PrintWriter;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the simulator sent, by kind and imperfection, and the violations it made happen, by type. */
public final class SimulatorReport {
    private final Map<EventKind, Long> byKind = new EnumMap<>(EventKind.class);
    private final Map<ViolationType, Integer> intended = new EnumMap<>(ViolationType.class);
    private final Map<ViolationType, Integer> uploadedLate = new EnumMap<>(ViolationType.class);
    private final Map<AlertKind, Integer> alerts = new EnumMap<>(AlertKind.class);
    private long lostToOutage;
    private long events;
    private long retries;
    private long malformed;
    private long outOfOrder;
    private long late;
    private long drifted;

    void sent(Emission emission) {
        events++;
        if (emission.kind() != null) {
            byKind.merge(emission.kind(), 1L, Long::sum);
        }
        retries += emission.has(Emission.RETRY) ? 1 : 0;
        malformed += emission.has(Emission.MALFORMED) ? 1 : 0;
        outOfOrder += emission.has(Emission.OUT_OF_ORDER) && !emission.has(Emission.RETRY) ? 1 : 0;
        late += emission.has(Emission.LATE) && !emission.has(Emission.RETRY) ? 1 : 0;
        drifted += emission.has(Emission.DRIFTED) && !emission.has(Emission.RETRY) ? 1 : 0;
    }

    void lost(List<Expect> expects) {
        for (Expect expect : expects) {
            if (expect.type() != null) {
                uploadedLate.merge(expect.type(), 1, Integer::sum);
            }
        }
    }

    void intended(Map<ViolationType, Integer> byType, Map<AlertKind, Integer> alertsByKind) {
        intended.clear();
        intended.putAll(byType);
        alerts.clear();
        alerts.putAll(alertsByKind);
    }

    void lostToOutage() {
        lostToOutage++;
    }

    /** Alerts the traffic must raise, by kind (counted per line; a pass reported twice counts twice). */
    public Map<AlertKind, Integer> alerts() {
        return new EnumMap<>(alerts);
    }

    public long events() {
        return events;
    }

    /** Violations made to happen, by type (a merged episode counts once). */
    public Map<ViolationType, Integer> intended() {
        return new EnumMap<>(intended);
    }

    public long malformed() {
        return malformed;
    }

    Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("events", events);
        map.put("byKind", new EnumMap<>(byKind));
        map.put("retries", retries);
        map.put("malformed", malformed);
        map.put("outOfOrder", outOfOrder);
        map.put("uploadedLate", late);
        map.put("fromDriftingClock", drifted);
        map.put("violationsIntended", new EnumMap<>(intended));
        map.put("violationsUploadedLate", new EnumMap<>(uploadedLate));
        map.put("alertsIntended", new EnumMap<>(alerts));
        map.put("notSentDuringOutages", lostToOutage);
        return map;
    }

    /** A short table for the terminal. */
    public void print(PrintWriter out) {
        out.printf("events sent: %d (PASS %d, VIOLATION %d, PARKING %d)%n", events, byKind.getOrDefault(EventKind.PASS, 0L),
                byKind.getOrDefault(EventKind.VIOLATION, 0L), byKind.getOrDefault(EventKind.PARKING, 0L));
        out.printf("imperfections: %d retries, %d out of order, %d uploaded late, %d from the drifting clock, %d malformed, "
                + "%d not sent during camera outages%n", retries, outOfOrder, late, drifted, malformed, lostToOutage);
        out.printf("%-28s %9s %14s%n", "violation type", "intended", "uploaded late");
        for (ViolationType type : ViolationType.values()) {
            out.printf("%-28s %9d %14d%n", type, intended.getOrDefault(type, 0), uploadedLate.getOrDefault(type, 0));
        }
        out.printf("alerts: %s%n", alerts);
        out.flush();
    }
}
