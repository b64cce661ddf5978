package dev.vigil.pipeline.registry;

import dev.vigil.model.Nullable;

/** One record of the registry topic: an entry's key and JSON, or a null value deleting it. */
public record RegistryUpdate(String key, @Nullable byte[] value) {}
