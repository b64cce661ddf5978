package dev.vigil.pipeline;

import dev.vigil.model.Nullable;

/** An event that arrived behind the watermark, kept byte for byte under its original key. */
public record LateEvent(@Nullable String key, byte[] payload) {}
