package dev.vigil.rules;

import dev.vigil.model.Evidence;
import dev.vigil.model.Nullable;
import dev.vigil.model.Reason;
import dev.vigil.model.Subject;
import dev.vigil.model.ViolationStatus;
import dev.vigil.model.ViolationType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The status of a violation and every reason for it. REJECTED (an exempt vehicle) outranks REVIEW
 * (anything a person must check) outranks CONFIRMED; reasons are listed in the schema's order.
 */
public final class Classifier {
    /** Below this best plate confidence a readable plate is reviewed. */
    public static final double MIN_PLATE_CONFIDENCE = 0.8;
    public static final int MIN_WIDTH = 1280;
    public static final int MIN_HEIGHT = 720;

    private Classifier() {}

    /** The outcome: status and reasons. */
    public record Verdict(ViolationStatus status, List<Reason> reasons) {}

    /**
     * @param plate the normalised plate, null when unreadable
     * @param bestConfidence the best plate confidence given among the observations, null if none
     * @param evidence the merged evidence, without duplicates
     */
    public static Verdict classify(ViolationType type, Subject subject, @Nullable String plate,
            @Nullable Double bestConfidence, boolean exempt, List<Evidence> evidence) {
        List<Reason> reasons = new ArrayList<>(2);
        if (exempt) {
            reasons.add(Reason.EXEMPT_VEHICLE);
        }
        if (plate == null && subject == Subject.MOTOR_VEHICLE) {
            reasons.add(Reason.PLATE_UNREADABLE);
        }
        if (plate != null && bestConfidence != null && bestConfidence < MIN_PLATE_CONFIDENCE) {
            reasons.add(Reason.LOW_PLATE_CONFIDENCE);
        }
        if (distinctImages(evidence) < requiredImages(type)) {
            reasons.add(Reason.INSUFFICIENT_EVIDENCE);
        }
        if (hasLowResolution(evidence)) {
            reasons.add(Reason.LOW_RESOLUTION);
        }
        if (type == ViolationType.NON_MOTOR_RED_LIGHT || type == ViolationType.PEDESTRIAN_RED_LIGHT) {
            reasons.add(Reason.NO_AUTOMATIC_PENALTY);
        }
        ViolationStatus status = exempt ? ViolationStatus.REJECTED
                : reasons.isEmpty() ? ViolationStatus.CONFIRMED : ViolationStatus.REVIEW;
        return new Verdict(status, reasons);
    }

    /** The red-light chain needs three distinct images; every other type two. */
    public static int requiredImages(ViolationType type) {
        return type == ViolationType.RED_LIGHT ? 3 : 2;
    }

    private static int distinctImages(List<Evidence> evidence) {
        Set<String> seen = new HashSet<>();
        for (Evidence e : evidence) {
            seen.add(e.identity());
        }
        return seen.size();
    }

    private static boolean hasLowResolution(List<Evidence> evidence) {
        for (Evidence e : evidence) {
            if ("PLATE".equals(e.role())) {
                continue;
            }
            if ((e.width() != null && e.width() < MIN_WIDTH) || (e.height() != null && e.height() < MIN_HEIGHT)) {
                return true;
            }
        }
        return false;
    }
}
