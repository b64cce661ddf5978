package dev.vigil.rules;

import dev.vigil.model.ViolationType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;

/** Deterministic ids, so that replaying the same events yields the same documents. */
public final class ViolationIds {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private ViolationIds() {}

    /**
     * Lowercase hex SHA-256 of {@code type|who|where|eventTime epoch millis}, where {@code who} is
     * the normalised plate ({@code vendor:eventId} of the first observation without a readable
     * plate) and {@code where} the site (the zone for parking, the section for section speed).
     */
    public static String violationId(ViolationType type, String who, String where, Instant eventTime) {
        return sha256Hex(type.name() + '|' + who + '|' + where + '|' + eventTime.toEpochMilli());
    }

    /** Lowercase hex SHA-256 of the UTF-8 bytes of {@code text}. */
    public static String sha256Hex(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            char[] out = new char[digest.length * 2];
            for (int i = 0; i < digest.length; i++) {
                out[2 * i] = HEX[(digest[i] >> 4) & 0xf];
                out[2 * i + 1] = HEX[digest[i] & 0xf];
            }
            return new String(out);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
