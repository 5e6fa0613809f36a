package org.midihost.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The rows of one benchmark run, in the order they were measured: printed as a table and written
 * as JSON. Only the main thread adds rows.
 */
final class Results {
    /**
     * One measured number.
     *
     * @param section the benchmark it belongs to
     * @param metric what was measured
     * @param value the number, or NaN if not measured
     * @param unit its unit
     * @param target the target it is held against, or null
     * @param pass whether it meets the target; null if there is none
     * @param note anything a reader needs to judge the number, or null
     */
    record Row(String section, String metric, double value, String unit, String target, Boolean pass, String note) {
    }

    private final List<Row> rows = new ArrayList<>();
    private final Map<String, String> machine = new LinkedHashMap<>();

    void add(String section, String metric, double value, String unit) {
        rows.add(new Row(section, metric, value, unit, null, null, null));
    }

    void add(String section, String metric, double value, String unit, String note) {
        rows.add(new Row(section, metric, value, unit, null, null, note));
    }

    void check(String section, String metric, double value, String unit, String target, boolean pass, String note) {
        rows.add(new Row(section, metric, value, unit, target, pass, note));
    }

    void missing(String section, String metric, String why) {
        rows.add(new Row(section, metric, Double.NaN, "", null, null, why));
    }

    void machine(String key, String value) {
        machine.put(key, value);
    }

    /** @return the machine facts on one line */
    String machineLine() {
        StringBuilder sb = new StringBuilder();
        machine.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : "; ").append(k).append(": ").append(v));
        return sb.toString();
    }

    List<Row> rows() {
        return rows;
    }

    /** @return whether any row failed its target */
    boolean anyFailed() {
        return rows.stream().anyMatch(r -> Boolean.FALSE.equals(r.pass));
    }

    static String format(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        double a = Math.abs(v);
        if (a == 0) {
            return "0";
        }
        if (a >= 100_000) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (a >= 1) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.3f", v);
    }

    /** @return the rows as a Markdown table */
    String table() {
        StringBuilder sb = new StringBuilder();
        sb.append("| benchmark | metric | value | unit | target | verdict | note |\n");
        sb.append("|---|---|---:|---|---|---|---|\n");
        for (Row r : rows) {
            sb.append("| ").append(r.section).append(" | ").append(r.metric).append(" | ").append(format(r.value))
                    .append(" | ").append(r.unit).append(" | ").append(r.target == null ? "" : r.target).append(" | ")
                    .append(r.pass == null ? "" : r.pass ? "met" : "**missed**").append(" | ")
                    .append(r.note == null ? "" : r.note).append(" |\n");
        }
        return sb.toString();
    }

    /** Writes the machine facts and the rows as JSON. */
    void writeJson(Path file, Map<String, Object> run) throws IOException {
        StringBuilder sb = new StringBuilder("{\n");
        for (Map.Entry<String, Object> e : run.entrySet()) {
            sb.append("  ").append(str(e.getKey())).append(": ").append(value(e.getValue())).append(",\n");
        }
        sb.append("  \"machine\": {");
        boolean first = true;
        for (Map.Entry<String, String> e : machine.entrySet()) {
            sb.append(first ? "\n" : ",\n").append("    ").append(str(e.getKey())).append(": ")
                    .append(str(e.getValue()));
            first = false;
        }
        sb.append("\n  },\n  \"results\": [");
        first = true;
        for (Row r : rows) {
            sb.append(first ? "\n" : ",\n").append("    {\"benchmark\": ").append(str(r.section))
                    .append(", \"metric\": ").append(str(r.metric))
                    .append(", \"value\": ").append(Double.isNaN(r.value) ? "null" : num(r.value))
                    .append(", \"unit\": ").append(str(r.unit))
                    .append(", \"target\": ").append(r.target == null ? "null" : str(r.target))
                    .append(", \"met\": ").append(r.pass == null ? "null" : r.pass.toString())
                    .append(", \"note\": ").append(r.note == null ? "null" : str(r.note)).append('}');
            first = false;
        }
        sb.append("\n  ]\n}\n");
        Files.createDirectories(file.getParent());
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
    }

    private static String value(Object v) {
        if (v instanceof Number n) {
            return num(n.doubleValue());
        }
        if (v instanceof Boolean b) {
            return b.toString();
        }
        return str(String.valueOf(v));
    }

    private static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.4f", v);
    }

    private static String str(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
