package org.midihost.route.internal;

/**
 * A token bucket: at most {@code rate} messages per second, with bursts of a tenth of a second's
 * worth. Allocation-free; used by one thread at a time (a route's input delivery).
 */
final class Throttle {
    private final double perNano;
    private final double capacity;
    private double tokens;
    private long last;

    /** @param rate messages per second, 1 or more */
    Throttle(int rate) {
        this.perNano = rate / 1e9;
        this.capacity = Math.max(64, rate / 10.0);
        this.tokens = capacity;
        this.last = System.nanoTime();
    }

    /**
     * @param now {@link System#nanoTime()} now
     * @return whether one more message may pass
     */
    boolean take(long now) {
        long elapsed = now - last;
        if (elapsed > 0) {
            tokens = Math.min(capacity, tokens + elapsed * perNano);
            last = now;
        }
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
