package dev.vigil.gateway;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Checks the vendor credentials of a request (DESIGN §11): a known key id, a timestamp within
 * 300 s of the gateway's clock, a nonce not seen before within that window, and the right
 * signature, compared in constant time. Yields the vendor the key belongs to.
 */
final class Authenticator {
    static final long WINDOW_SECONDS = 300;
    private static final int MAX_NONCES = 2_000_000;

    /** The verdict: the vendor, or why not. */
    record Verdict(String vendor, String failure) {
        boolean ok() {
            return vendor != null;
        }
    }

    private final Map<String, GatewayConfig.Vendor> vendorByKey = new HashMap<>();
    private final Map<String, String> secretByKey = new HashMap<>();
    /** key id + nonce → epoch seconds it was used; kept for twice the window. */
    private final Map<String, Long> nonces = new ConcurrentHashMap<>();
    private final LongSupplier clockSeconds;
    private volatile long lastPurge;

    Authenticator(Iterable<GatewayConfig.Vendor> vendors, LongSupplier clockSeconds) {
        for (GatewayConfig.Vendor vendor : vendors) {
            for (GatewayConfig.Key key : vendor.keys()) {
                vendorByKey.put(key.id(), vendor);
                secretByKey.put(key.id(), key.secret());
            }
        }
        this.clockSeconds = clockSeconds;
    }

    Verdict check(String method, String path, String keyId, String timestamp, String nonce, String signature, byte[] body) {
        if (keyId == null || timestamp == null || nonce == null || signature == null) {
            return new Verdict(null, "missing X-Vigil-Key, X-Vigil-Timestamp, X-Vigil-Nonce or X-Vigil-Signature");
        }
        String secret = secretByKey.get(keyId);
        if (secret == null) {
            return new Verdict(null, "unknown key " + keyId);
        }
        long sent;
        try {
            sent = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            return new Verdict(null, "X-Vigil-Timestamp is not epoch seconds");
        }
        long now = clockSeconds.getAsLong();
        if (Math.abs(now - sent) > WINDOW_SECONDS) {
            return new Verdict(null, "stale request: timestamp " + sent + " is more than " + WINDOW_SECONDS + " s from " + now);
        }
        if (nonce.isEmpty() || nonce.length() > 128) {
            return new Verdict(null, "X-Vigil-Nonce must have 1 to 128 characters");
        }
        String expected = RequestSigner.signature(secret, method, path, timestamp, nonce, body);
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), signature.getBytes(StandardCharsets.US_ASCII))) {
            return new Verdict(null, "wrong signature");
        }
        // only a correctly signed request uses up its nonce, so nobody can burn another's nonces
        if (nonces.putIfAbsent(keyId + '\n' + nonce, now) != null) {
            return new Verdict(null, "replayed nonce");
        }
        purge(now);
        return new Verdict(vendorByKey.get(keyId).name(), null);
    }

    private void purge(long now) {
        if (now - lastPurge < 30 && nonces.size() < MAX_NONCES) {
            return;
        }
        lastPurge = now;
        for (Iterator<Long> it = nonces.values().iterator(); it.hasNext(); ) {
            if (now - it.next() > 2 * WINDOW_SECONDS) {
                it.remove();
            }
        }
    }
}
