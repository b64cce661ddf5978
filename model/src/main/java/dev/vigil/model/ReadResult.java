package dev.vigil.model;

/**
 * The verdict on one record read from outside: the event, or why it was refused.
 *
 * @param event the event when accepted, else null
 * @param reason why it was refused ({@code MALFORMED_JSON} or {@code SCHEMA_VIOLATION}), else null
 * @param field JSON Pointer of the offending field for a schema violation ({@code ""} is the root)
 * @param detail a human-readable explanation of the refusal
 */
public record ReadResult(
        @Nullable CameraEvent event,
        @Nullable DeadLetterReason reason,
        @Nullable String field,
        @Nullable String detail) {

    static ReadResult accepted(CameraEvent event) {
        return new ReadResult(event, null, null, null);
    }

    static ReadResult malformed(String detail) {
        return new ReadResult(null, DeadLetterReason.MALFORMED_JSON, null, detail);
    }

    static ReadResult schemaViolation(String field, String detail) {
        return new ReadResult(null, DeadLetterReason.SCHEMA_VIOLATION, field, detail);
    }

    public boolean isAccepted() {
        return event != null;
    }
}
