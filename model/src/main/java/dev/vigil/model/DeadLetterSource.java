package dev.vigil.model;

import com.fasterxml.jackson.annotation.JsonValue;

/** The component that turned a record away. Serialized in lower case. */
public enum DeadLetterSource {
    GATEWAY("gateway"),
    PIPELINE("pipeline"),
    VISION("vision");

    private final String json;

    DeadLetterSource(String json) {
        this.json = json;
    }

    @JsonValue
    public String json() {
        return json;
    }
}
