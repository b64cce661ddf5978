package dev.vigil.deploy.sim;

import dev.vigil.model.AlertKind;
import dev.vigil.model.ViolationType;

/**
 * A violation the simulator made happen, attached to the payload that shows it.
 *
 * @param episode true: an observation that joins or opens an episode of (type, plate, place);
 *     false: a violation whose identity the simulator fixed (parking, section speed)
 * @param plate normalised, null when the camera could not read it
 * @param place site, zone or section
 * @param firstTime epoch millis: the observation's event time, or the first of a fixed identity
 * @param settlesAt epoch millis of the event time that makes it exist
 * @param sourceEventId {@code vendor:eventId} of the observation
 */
record Expect(boolean episode, ViolationType type, String plate, String place, long firstTime, long settlesAt,
        String sourceEventId, AlertKind alert) {

    /** An alert the payload raises (type null): {@code plate} is its subject. */
    static Expect alert(AlertKind kind, String subject, long eventTime) {
        return new Expect(false, null, subject, null, eventTime, eventTime, null, kind);
    }

    static Expect observation(ViolationType type, String plate, String site, long eventTime, String sourceEventId) {
        return new Expect(true, type, plate, site, eventTime, eventTime, sourceEventId, null);
    }

    static Expect fixed(ViolationType type, String plate, String place, long firstTime, long settlesAt) {
        return new Expect(false, type, plate, place, firstTime, settlesAt, null, null);
    }

    void applyTo(GroundTruth truth) {
        if (alert != null) {
            truth.alert(alert, plate, firstTime, false);
        } else if (episode) {
            truth.observed(type, plate, place, firstTime, sourceEventId);
        } else {
            truth.exists(type, plate, place, firstTime, settlesAt);
        }
    }
}
