package dev.vigil.model;

/**
 * A licence plate as read by a camera. On violations {@code number} is the normalised number
 * (see {@link Plates#normalize}); on camera events it is what the camera sent.
 *
 * @param number the plate number; null, empty, 无牌, 无车牌 or 未识别 mean unreadable
 * @param color the plate's background colour, when known
 * @param confidence the reader's confidence in [0, 1], when given
 */
public record Plate(@Nullable String number, @Nullable PlateColor color, @Nullable Double confidence) {}
