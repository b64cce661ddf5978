package dev.vigil.model;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * A record Vigil turned away, with why and the original bytes (Kafka {@code vigil.dead-letters});
 * see {@code schema/dead-letter.schema.json}. Exactly one of {@code payload} (valid UTF-8) and
 * {@code payloadBase64} (anything else) holds the original, unless there was none.
 *
 * @param field JSON Pointer of the offending field, when one is to blame
 */
public record DeadLetter(
        DeadLetterReason reason,
        @Nullable String detail,
        @Nullable String field,
        DeadLetterSource source,
        @Nullable String vendor,
        Instant receivedAt,
        @Nullable String payload,
        @Nullable String payloadBase64) {

    /** A dead letter keeping {@code original} as text when it is valid UTF-8, else as base64. */
    public static DeadLetter of(
            DeadLetterReason reason,
            @Nullable String detail,
            @Nullable String field,
            DeadLetterSource source,
            @Nullable String vendor,
            Instant receivedAt,
            @Nullable byte[] original) {
        if (original == null) {
            return new DeadLetter(reason, detail, field, source, vendor, receivedAt, null, null);
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(original))
                    .toString();
            return new DeadLetter(reason, detail, field, source, vendor, receivedAt, text, null);
        } catch (CharacterCodingException notUtf8) {
            return new DeadLetter(reason, detail, field, source, vendor, receivedAt, null,
                    Base64.getEncoder().encodeToString(original));
        }
    }

    /** The original bytes, whichever way they were kept; empty when there were none. */
    public byte[] originalBytes() {
        if (payload != null) {
            return payload.getBytes(StandardCharsets.UTF_8);
        }
        return payloadBase64 != null ? Base64.getDecoder().decode(payloadBase64) : new byte[0];
    }
}
