package dev.vigil.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one bench run measured: figures, each beside the limit it is compared with (measured in
 * the same run, on the same data) and the goal for their ratio, plus how the run was set up.
 * Printed as one table, written as JSON and Markdown.
 */
final class Report {
    /**
     * One figure. {@code limit} and {@code ratio} are null for a figure that stands alone (a
     * latency, a limit itself); {@code goal} is the ratio DESIGN asks for, or for latencies the
     * bound the value must stay under, null when there is none. {@code higherIsBetter} says which
     * way the goal points.
     */
    record Figure(String name, double value, String unit, String limitName, Double limit, Double goal, boolean higherIsBetter,
            String note) {

        Double ratio() {
            return limit == null || limit == 0 ? null : value / limit;
        }

        /** Whether the goal is met; null when the figure has none. */
        Boolean met() {
            if (goal == null) {
                return null;
            }
            double compared = limit == null ? value : ratio();
            return higherIsBetter ? compared >= goal : compared <= goal;
        }
    }

    private final Map<String, Object> setup = new LinkedHashMap<>();
    private final List<Figure> figures = new ArrayList<>();

    void setup(String key, Object value) {
        setup.put(key, value);
    }

    /** A figure on its own (a limit, or a figure without a comparison). */
    void add(String name, double value, String unit, String note) {
        figures.add(new Figure(name, value, unit, null, null, null, true, note));
    }

    /** A figure against a limit measured in the same run, with the ratio DESIGN asks for. */
    void compare(String name, double value, String unit, String limitName, double limit, Double goal, String note) {
        figures.add(new Figure(name, value, unit, limitName, limit, goal, true, note));
    }

    /** A figure that must stay at or under {@code bound}. */
    void bound(String name, double value, String unit, double bound, String note) {
        figures.add(new Figure(name, value, unit, null, null, bound, false, note));
    }

    List<Figure> figures() {
        return List.copyOf(figures);
    }

    Map<String, Object> setup() {
        return Map.copyOf(setup);
    }

    void print(PrintStream out) {
        out.println();
        out.printf("%-46s %14s  %-10s %-36s %7s  %s%n", "figure", "value", "unit", "limit", "ratio", "goal");
        for (Figure f : figures) {
            String limit = f.limitName() == null ? "" : f.limitName() + " " + number(f.limit());
            String ratio = f.ratio() == null ? "" : String.format(Locale.ROOT, "%.2f", f.ratio());
            out.printf("%-46s %14s  %-10s %-36s %7s  %s%n", f.name(), number(f.value()), f.unit(), limit, ratio, goal(f));
        }
        out.println();
        setup.forEach((key, value) -> out.printf("  %-28s %s%n", key, value));
    }

    void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("setup", setup);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Figure f : figures) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("figure", f.name());
            row.put("value", f.value());
            row.put("unit", f.unit());
            row.put("limit", f.limitName());
            row.put("limitValue", f.limit());
            row.put("ratio", f.ratio());
            row.put("goal", f.goal());
            row.put("goalMet", f.met());
            row.put("note", f.note());
            rows.add(row);
        }
        json.put("figures", rows);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve("bench.json").toFile(), json);
        Files.writeString(dir.resolve("bench.md"), markdown());
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("| figure | value | unit | limit | ratio | goal |\n|---|---:|---|---|---:|---|\n");
        for (Figure f : figures) {
            md.append("| ").append(f.name()).append(" | ").append(number(f.value())).append(" | ").append(f.unit()).append(" | ")
                    .append(f.limitName() == null ? "" : f.limitName() + " " + number(f.limit())).append(" | ")
                    .append(f.ratio() == null ? "" : String.format(Locale.ROOT, "%.2f", f.ratio())).append(" | ")
                    .append(goal(f)).append(" |\n");
        }
        md.append("\n");
        setup.forEach((key, value) -> md.append("- ").append(key).append(": ").append(value).append('\n'));
        List<Figure> noted = figures.stream().filter(f -> f.note() != null).toList();
        if (!noted.isEmpty()) {
            md.append("\nNotes:\n");
            noted.forEach(f -> md.append("- ").append(f.name()).append(": ").append(f.note()).append('\n'));
        }
        return md.toString();
    }

    private static String goal(Figure f) {
        if (f.goal() == null) {
            return "";
        }
        String target = f.limit() == null ? (f.higherIsBetter() ? "≥ " : "≤ ") + number(f.goal()) + " " + f.unit()
                : (f.higherIsBetter() ? "ratio ≥ " : "ratio ≤ ") + f.goal();
        return target + (Boolean.TRUE.equals(f.met()) ? " (met)" : " (missed)");
    }

    static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return String.format(Locale.ROOT, "%,d", (long) value);
        }
        return Math.abs(value) >= 100 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.2f", value);
    }
}
