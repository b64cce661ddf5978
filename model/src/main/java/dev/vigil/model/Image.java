package dev.vigil.model;

import java.time.Instant;

/**
 * One image attached to a camera event.
 *
 * @param role BEFORE_LINE, AFTER_LINE, IN_JUNCTION (the red-light chain), PANORAMA, PLATE (a plate
 *     crop) or COMPOSITE; free text up to 32 characters on input
 * @param uri where the image is stored
 * @param sha256 lowercase hex SHA-256 of the image bytes, when known
 * @param width pixels, when known
 * @param height pixels, when known
 * @param shotTime when the image was taken, when known
 */
public record Image(
        @Nullable String role,
        String uri,
        @Nullable String sha256,
        @Nullable Integer width,
        @Nullable Integer height,
        @Nullable Instant shotTime) {}
