package dev.vigil.deploy.sim;

import dev.vigil.model.EventKind;
import java.util.List;

/**
 * One payload the simulator will send, and when.
 *
 * @param sendAt epoch millis of the upload
 * @param seq tie-breaker: emissions planned earlier go first
 * @param vendor the vendor whose camera uploads it
 * @param key the Kafka key (the device id)
 * @param payload the bytes a vendor would post
 * @param kind what the payload reports, null for a malformed one
 * @param eventTime epoch millis the camera reported (its clock)
 * @param hotlisted the normalised plate when it is on the hotlist, else null
 * @param flags {@link #RETRY}, {@link #MALFORMED}, {@link #OUT_OF_ORDER}, {@link #LATE}, {@link #DRIFTED}
 * @param expects what the system must report once it has seen this payload
 */
record Emission(long sendAt, long seq, String vendor, String key, byte[] payload, EventKind kind, long eventTime, String hotlisted,
        int flags, List<Expect> expects, List<byte[]> evidence)
        implements Comparable<Emission> {
    static final int RETRY = 1;
    static final int MALFORMED = 2;
    static final int OUT_OF_ORDER = 4;
    static final int LATE = 8;
    static final int DRIFTED = 16;

    boolean has(int flag) {
        return (flags & flag) != 0;
    }

    /** The same upload without the section and parking stays it settles: their first sighting was not sent. */
    Emission withoutFixedExpects() {
        List<Expect> kept = expects.stream().filter(e -> e.episode() || e.alert() != null).toList();
        return kept.size() == expects.size() ? this
                : new Emission(sendAt, seq, vendor, key, payload, kind, eventTime, hotlisted, flags, kept, evidence);
    }

    @Override
    public int compareTo(Emission other) {
        int byTime = Long.compare(sendAt, other.sendAt);
        return byTime != 0 ? byTime : Long.compare(seq, other.seq);
    }
}
