package dev.vigil.model;

import java.time.Instant;

/**
 * An image kept as evidence of a violation, with the observation it came with.
 *
 * @param sourceEventId {@code vendor:eventId} of that observation
 */
public record Evidence(
        @Nullable String role,
        String uri,
        @Nullable String sha256,
        @Nullable Integer width,
        @Nullable Integer height,
        @Nullable Instant shotTime,
        @Nullable String sourceEventId) {

    /** The evidence entry for {@code image}, seen with the observation {@code sourceEventId}. */
    public static Evidence of(Image image, String sourceEventId) {
        return new Evidence(image.role(), image.uri(), image.sha256(), image.width(), image.height(),
                image.shotTime(), sourceEventId);
    }

    /** What makes two images the same picture: the sha256 when known, else the uri. */
    public String identity() {
        return sha256 != null ? sha256 : uri;
    }
}
