package org.midihost.stream;

import java.util.HashMap;
import java.util.Map;

/** Per-output latency offsets from the scheduler's configuration: {@code ENDPOINT=MILLISECONDS}. */
final class LatencyOffsets {
    /** The largest offset accepted, in milliseconds. */
    static final double MAX_MILLIS = 10_000;

    private final Map<String, Long> nanos;

    private LatencyOffsets(Map<String, Long> nanos) {
        this.nanos = Map.copyOf(nanos);
    }

    /**
     * @param entries {@code ENDPOINT=MILLISECONDS} each, e.g. {@code synth/0=12.5}; {@code null} for none
     * @return the offsets
     * @throws IllegalArgumentException for an entry that is not of that form, a duplicate endpoint,
     *         or an offset outside ±10 000 ms; the message names the entry
     */
    static LatencyOffsets parse(String[] entries) {
        Map<String, Long> m = new HashMap<>();
        if (entries != null) {
            for (String raw : entries) {
                String entry = raw == null ? "" : raw.strip();
                if (entry.isEmpty()) {
                    continue;
                }
                int eq = entry.lastIndexOf('=');
                if (eq <= 0 || eq == entry.length() - 1) {
                    throw new IllegalArgumentException("latency '" + entry + "' is not ENDPOINT=MILLISECONDS");
                }
                String endpoint = entry.substring(0, eq).strip();
                double ms;
                try {
                    ms = Double.parseDouble(entry.substring(eq + 1).strip());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("latency '" + entry + "': '" + entry.substring(eq + 1).strip()
                            + "' is not a number of milliseconds");
                }
                if (!(Math.abs(ms) <= MAX_MILLIS)) {
                    throw new IllegalArgumentException("latency '" + entry + "' is outside ±" + (int) MAX_MILLIS + " ms");
                }
                if (m.put(endpoint, Math.round(ms * 1e6)) != null) {
                    throw new IllegalArgumentException("latency for '" + endpoint + "' is given twice");
                }
            }
        }
        return new LatencyOffsets(m);
    }

    /**
     * @param endpointId an output's endpoint id
     * @return its offset in nanoseconds, 0 if none
     */
    long nanos(String endpointId) {
        return nanos.getOrDefault(endpointId, 0L);
    }

    @Override
    public String toString() {
        return nanos.toString();
    }
}
