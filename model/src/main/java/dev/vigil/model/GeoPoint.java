package dev.vigil.model;

/** A WGS 84 position in decimal degrees. */
public record GeoPoint(double lat, double lon) {}
