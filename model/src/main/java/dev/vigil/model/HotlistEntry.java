package dev.vigil.model;

/** A plate wanted by the police, with a note for the duty officer. */
public record HotlistEntry(String plate, @Nullable String note) {}
