package dev.vigil.model;

/** Why a record was turned away; every rejected record carries one. */
public enum DeadLetterReason {
    /** Not parseable as JSON, including duplicate keys and trailing content. */
    MALFORMED_JSON,
    /** Valid JSON the camera-event schema rejects; the dead letter names the field. */
    SCHEMA_VIOLATION,
    UNKNOWN_DEVICE,
    UNKNOWN_VIOLATION_CODE,
    UNKNOWN_ZONE,
    /** More than 10 minutes ahead of the processing clock: a camera clock fault. */
    FUTURE_EVENT_TIME,
    /** Elasticsearch refused the document. */
    ES_REJECTED
}
