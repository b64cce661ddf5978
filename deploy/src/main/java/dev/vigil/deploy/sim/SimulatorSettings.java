package dev.vigil.deploy.sim;

import java.time.Duration;
import java.time.ZoneId;

/**
 * How the simulator behaves. Shares are probabilities per opportunity: {@code violations} per
 * road user passing a camera (or parked vehicle), the imperfections per event sent.
 *
 * @param seed the traffic is a function of the seed and the run number
 * @param rate events per second at the busiest hour of the day; nights are quieter
 * @param violations share of road users that commit a violation where they are seen
 * @param mix how much more (or less) often each type happens than the others: a weight per type,
 *     1 when not given, 0 for never
 * @param retries share of events a vendor sends twice with the same eventId
 * @param outOfOrder share of events uploaded 2–4 s late, behind events taken after them
 * @param late share of junction passes uploaded {@code lateDelay} late, far behind the watermark
 * @param lateDelay how late those uploads arrive; at least ten times the job's watermark bound
 * @param unreadable share of violators whose plate the camera cannot read
 * @param lowConfidence share of violators whose plate is read with a confidence below 0.8
 * @param malformed share of events followed by a broken payload from the same vendor
 * @param timeZone where "day" and "night" are
 */
public record SimulatorSettings(
        long seed,
        double rate,
        double violations,
        java.util.Map<dev.vigil.model.ViolationType, Double> mix,
        double retries,
        double outOfOrder,
        double late,
        Duration lateDelay,
        double unreadable,
        double lowConfidence,
        double malformed,
        ZoneId timeZone) {

    /** The defaults of {@code vigil simulate}. */
    public static SimulatorSettings defaults() {
        return new SimulatorSettings(20261124L, 50, 0.05, java.util.Map.of(), 0.02, 0.05, 0.005, Duration.ofMinutes(10),
                0.03, 0.05, 0.002, ZoneId.of("Asia/Shanghai"));
    }

    public SimulatorSettings {
        if (!(rate > 0)) {
            throw new IllegalArgumentException("rate must be above 0 events/s, was " + rate);
        }
        for (double share : new double[] {violations, retries, outOfOrder, late, unreadable, lowConfidence, malformed}) {
            if (!(share >= 0 && share <= 1)) {
                throw new IllegalArgumentException("shares are between 0 and 1, was " + share);
            }
        }
        mix = java.util.Map.copyOf(mix);
        for (java.util.Map.Entry<dev.vigil.model.ViolationType, Double> weight : mix.entrySet()) {
            if (!(weight.getValue() >= 0)) {
                throw new IllegalArgumentException("the weight of " + weight.getKey() + " must be 0 or more, was " + weight.getValue());
            }
        }
        if (lateDelay.toSeconds() < 300) {
            // DESIGN §7: disorder stays within half the 30 s bound or ≥ 10× beyond it
            throw new IllegalArgumentException("late uploads must be at least 5 min late to be late for sure, was " + lateDelay);
        }
    }

    /** The weight of {@code type} in the mix. */
    public double weight(dev.vigil.model.ViolationType type) {
        return mix.getOrDefault(type, 1.0);
    }

    public SimulatorSettings withMix(java.util.Map<dev.vigil.model.ViolationType, Double> newMix) {
        return new SimulatorSettings(seed, rate, violations, newMix, retries, outOfOrder, late, lateDelay, unreadable, lowConfidence,
                malformed, timeZone);
    }

    public SimulatorSettings withRate(double newRate) {
        return new SimulatorSettings(seed, newRate, violations, mix, retries, outOfOrder, late, lateDelay, unreadable, lowConfidence,
                malformed, timeZone);
    }

    public SimulatorSettings withViolations(double share) {
        return new SimulatorSettings(seed, rate, share, mix, retries, outOfOrder, late, lateDelay, unreadable, lowConfidence,
                malformed, timeZone);
    }

    public SimulatorSettings withSeed(long newSeed) {
        return new SimulatorSettings(newSeed, rate, violations, mix, retries, outOfOrder, late, lateDelay, unreadable, lowConfidence,
                malformed, timeZone);
    }
}
