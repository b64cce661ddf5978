package dev.vigil.console;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The query parameters of one request, read with validation: every problem names its parameter. */
final class Params {
    private final Map<String, List<String>> values;

    Params(Map<String, List<String>> values, Set<String> allowed) throws BadParameter {
        this.values = values;
        for (String name : values.keySet()) {
            if (!allowed.contains(name)) {
                throw new BadParameter(name, "unknown parameter; known: " + String.join(", ", new java.util.TreeSet<>(allowed)));
            }
        }
    }

    String text(String name) throws BadParameter {
        List<String> list = values.get(name);
        if (list == null || list.isEmpty()) {
            return null;
        }
        if (list.size() > 1) {
            throw new BadParameter(name, "given more than once");
        }
        String value = list.get(0);
        if (value.isBlank() || value.length() > 256) {
            throw new BadParameter(name, "must be 1 to 256 characters");
        }
        return value;
    }

    /** A value of {@code type}'s enum (case as in the contract), or null. */
    <E extends Enum<E>> E choice(String name, Class<E> type) throws BadParameter {
        String value = text(name);
        if (value == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            throw new BadParameter(name, "unknown value '" + value + "'; one of " + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }

    /** An RFC 3339 time with offset, or null. */
    Instant time(String name) throws BadParameter {
        String value = text(name);
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new BadParameter(name, "not an RFC 3339 time with offset, e.g. 2026-11-24T08:00:00+08:00: '" + value + "'");
        }
    }

    int integer(String name, int fallback, int min, int max) throws BadParameter {
        String value = text(name);
        if (value == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value);
            if (n < min || n > max) {
                throw new BadParameter(name, "must be " + min + " to " + max + ", was " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new BadParameter(name, "not a whole number: '" + value + "'");
        }
    }

    /** {@code minLon,minLat,maxLon,maxLat}, or null. */
    double[] bbox(String name) throws BadParameter {
        String value = text(name);
        if (value == null) {
            return null;
        }
        String[] parts = value.split(",");
        if (parts.length != 4) {
            throw new BadParameter(name, "must be minLon,minLat,maxLon,maxLat");
        }
        double[] box = new double[4];
        try {
            for (int i = 0; i < 4; i++) {
                box[i] = Double.parseDouble(parts[i].trim());
            }
        } catch (NumberFormatException e) {
            throw new BadParameter(name, "must be four numbers: minLon,minLat,maxLon,maxLat");
        }
        if (box[0] < -180 || box[2] > 180 || box[1] < -90 || box[3] > 90 || box[0] > box[2] || box[1] > box[3]) {
            throw new BadParameter(name, "longitudes -180..180 and latitudes -90..90, minimum before maximum");
        }
        return box;
    }

    /** An interval check: {@code from} not after {@code to}. */
    static void ordered(Instant from, Instant to) throws BadParameter {
        if (from != null && to != null && from.isAfter(to)) {
            throw new BadParameter("to", "before from");
        }
    }
}
