package dev.vigil.rules;

import dev.vigil.model.Evidence;
import dev.vigil.model.Image;
import dev.vigil.model.Nullable;
import dev.vigil.model.Plate;
import dev.vigil.model.PlateColor;
import dev.vigil.model.Reason;
import dev.vigil.model.Violation;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Builds violations from observations: the first observation of an episode opens revision 1, each
 * later one merges in as the next revision (devices, source events and evidence appended in
 * observation order without duplicates, status and reasons recomputed over the merged evidence).
 * Observations must come in event-time order, ties by (vendor, eventId); the caller decides which
 * observations share an episode.
 */
public final class Episodes {
    private static final String DECISION_START = "{\"observations\":[";

    private Episodes() {}

    /**
     * A violation and what merging needs that the document does not keep exactly.
     *
     * @param bestOver the exact highest over-percentage seen, for speed types
     */
    public record State(Violation violation, @Nullable BigDecimal bestOver) {}

    /** Revision 1 of the violation {@code first} opens; {@code where} is its site, zone or section id. */
    public static State open(Observation first, String where, Instant detectedAt) {
        String who = first.plate() != null ? first.plate() : first.sourceEventId();
        List<Evidence> evidence = new ArrayList<>(first.images().size());
        appendEvidence(evidence, new HashSet<>(), first);
        Classifier.Verdict verdict = Classifier.classify(first.type(), first.subject(), first.plate(),
                first.plateConfidence(), first.exempt(), evidence);
        Violation violation = new Violation(
                ViolationIds.violationId(first.type(), who, where, first.eventTime()), 1, first.type(), first.code(),
                first.description(), verdict.status(), verdict.reasons(), plate(first.plate(), first.plateColor(),
                first.plateConfidence()), first.subject(), List.of(first.deviceId()), first.siteId(), first.zoneId(),
                first.sectionId(), first.district(), first.road(), first.location(), first.eventTime(), first.eventTime(),
                first.speedKmh(), first.limitKmh(), percent(first.over()), first.fineYuan(), first.points(), evidence,
                List.of(first.sourceEventId()), DECISION_START + first.decision() + "]}", first.tableVersion(),
                detectedAt);
        return new State(violation, first.over());
    }

    /**
     * Revision 1 made of several observations at once (a parking violation is born from every
     * capture up to the one that makes its episode long enough).
     */
    public static State openAll(List<Observation> observations, String where, Instant detectedAt) {
        return openAll(observations, where, detectedAt, false);
    }

    /**
     * Revision 1 of a parking stay, from every capture up to the one that makes it long enough:
     * as {@link #openAll}, with evidence and decision kept as {@link #extendStay} keeps them.
     */
    public static State openStay(List<Observation> captures, String zoneId, Instant detectedAt) {
        return openAll(captures, zoneId, detectedAt, true);
    }

    private static State openAll(List<Observation> observations, String where, Instant detectedAt, boolean stay) {
        State state = open(observations.get(0), where, detectedAt);
        for (int i = 1; i < observations.size(); i++) {
            state = merge(state, observations.get(i), detectedAt, stay);
        }
        Violation v = state.violation();
        return new State(new Violation(v.violationId(), 1, v.type(), v.code(), v.description(), v.status(), v.reasons(),
                v.plate(), v.subject(), v.deviceIds(), v.siteId(), v.zoneId(), v.sectionId(), v.district(), v.road(),
                v.location(), v.eventTime(), v.lastEventTime(), v.speedKmh(), v.limitKmh(), v.overPercent(), v.fineYuan(),
                v.points(), v.evidence(), v.sourceEventIds(), v.decision(), v.tableVersion(), v.detectedAt()), state.bestOver());
    }

    /** The next revision of {@code state} with {@code next} merged in. */
    public static State merge(State state, Observation next, Instant detectedAt) {
        return merge(state, next, detectedAt, false);
    }

    /**
     * The next revision of a parking stay with {@code next}, its latest capture: as {@link #merge},
     * except that evidence and decision keep only the stay's first capture and {@code next}. Those
     * prove the stay (where it began, and that it goes on); keeping every capture would grow the
     * document, and the indexing of every later revision, with the length of the stay: a car left
     * for a day would carry thousands of pictures. {@code sourceEventIds} still names every
     * capture, and the status is judged on the evidence the revision carries.
     */
    public static State extendStay(State state, Observation next, Instant detectedAt) {
        return merge(state, next, detectedAt, true);
    }

    private static State merge(State state, Observation next, Instant detectedAt, boolean stay) {
        Violation c = state.violation();
        String first = stay ? c.sourceEventIds().get(0) : null;
        List<Evidence> evidence = new ArrayList<>(c.evidence().size() + next.images().size());
        Set<String> seen = new HashSet<>();
        for (Evidence e : c.evidence()) {
            if (!stay || first.equals(e.sourceEventId())) {
                evidence.add(e);
                seen.add(e.identity());
            }
        }
        appendEvidence(evidence, seen, next);
        String plateNumber = c.plate() == null ? null : c.plate().number();
        Double confidence = best(c.plate() == null ? null : c.plate().confidence(), next.plateConfidence());
        PlateColor color = c.plate() != null && c.plate().color() != null ? c.plate().color() : next.plateColor();
        boolean exempt = c.reasons().contains(Reason.EXEMPT_VEHICLE) || next.exempt();
        Classifier.Verdict verdict = Classifier.classify(c.type(), c.subject(), plateNumber, confidence, exempt, evidence);

        // code, fine, points and speed follow the observation with the highest over-percentage (the first on a tie)
        boolean nextWins = next.over() != null && (state.bestOver() == null || next.over().compareTo(state.bestOver()) > 0);
        String decision = (stay ? DECISION_START + firstDecision(c.decision()) : c.decision().substring(0, c.decision().length() - 2))
                + ',' + next.decision() + "]}";
        Violation merged = new Violation(c.violationId(), c.revision() + 1, c.type(),
                nextWins ? next.code() : c.code(),
                nextWins ? next.description() : c.description(),
                verdict.status(), verdict.reasons(), plate(plateNumber, color, confidence), c.subject(),
                appendDistinct(c.deviceIds(), next.deviceId()), c.siteId(), c.zoneId(), c.sectionId(), c.district(),
                c.road(), c.location(), c.eventTime(), next.eventTime(),
                nextWins ? next.speedKmh() : c.speedKmh(),
                nextWins ? next.limitKmh() : c.limitKmh(),
                nextWins ? percent(next.over()) : c.overPercent(),
                nextWins ? next.fineYuan() : c.fineYuan(),
                nextWins ? next.points() : c.points(),
                evidence, appendDistinct(c.sourceEventIds(), next.sourceEventId()), decision, c.tableVersion(), detectedAt);
        return new State(merged, nextWins ? next.over() : state.bestOver());
    }

    /** {@code over} rounded half-up to one decimal, as a document carries it. */
    @Nullable
    public static Double percent(@Nullable BigDecimal over) {
        return over == null ? null : over.setScale(1, RoundingMode.HALF_UP).doubleValue();
    }

    @Nullable
    private static Plate plate(@Nullable String number, @Nullable PlateColor color, @Nullable Double confidence) {
        return number == null ? null : new Plate(number, color, confidence);
    }

    private static void appendEvidence(List<Evidence> evidence, Set<String> seen, Observation o) {
        for (Image image : o.images()) {
            Evidence e = Evidence.of(image, o.sourceEventId());
            if (seen.add(e.identity())) {
                evidence.add(e);
            }
        }
    }

    /** The first observation's object in a decision {@code {"observations":[...]}} this class wrote. */
    private static String firstDecision(String decision) {
        int start = DECISION_START.length();
        int depth = 0;
        boolean inString = false;
        for (int i = start; i < decision.length(); i++) {
            char ch = decision.charAt(i);
            if (inString) {
                if (ch == '\\') {
                    i++;
                } else if (ch == '"') {
                    inString = false;
                }
            } else if (ch == '"') {
                inString = true;
            } else if (ch == '{' || ch == '[') {
                depth++;
            } else if ((ch == '}' || ch == ']') && --depth == 0) {
                return decision.substring(start, i + 1);
            }
        }
        throw new IllegalArgumentException("not a decision this class wrote: " + decision);
    }

    private static List<String> appendDistinct(List<String> list, String value) {
        if (list.contains(value)) {
            return list;
        }
        List<String> out = new ArrayList<>(list.size() + 1);
        out.addAll(list);
        out.add(value);
        return out;
    }

    @Nullable
    private static Double best(@Nullable Double a, @Nullable Double b) {
        if (a == null) {
            return b;
        }
        return b == null ? a : Math.max(a, b);
    }
}
