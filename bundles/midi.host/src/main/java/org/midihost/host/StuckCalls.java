package org.midihost.host;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The bound on a driver call that does not return, and the devices given up on because of one.
 *
 * <p>A teardown waits for the calls inside a driver at most {@link #boundNanos()}; a client that
 * finds its device's gate held that long gets {@code MIDIERR_NOTREADY}. A device whose teardown
 * gave up is listed here until the stuck call returns.
 */
final class StuckCalls {
    /** The default bound: 2 s. */
    static final long DEFAULT_BOUND_MILLIS = 2000;

    private volatile long boundNanos = TimeUnit.MILLISECONDS.toNanos(DEFAULT_BOUND_MILLIS);
    /** Devices given up on, with the {@code System.nanoTime()} their teardown started waiting. */
    private final Map<Device, Long> abandoned = new ConcurrentHashMap<>();

    /** A device given up on while a call was stuck inside its driver. */
    record Stuck(String endpointId, String driverId, long sinceNanos) {
    }

    long boundNanos() {
        return boundNanos;
    }

    void setBoundMillis(long millis) {
        if (millis <= 0) {
            throw new IllegalArgumentException("the bound on a stuck driver call must be positive: " + millis + " ms");
        }
        boundNanos = TimeUnit.MILLISECONDS.toNanos(millis);
    }

    void abandoned(Device d, long sinceNanos) {
        abandoned.put(d, sinceNanos);
    }

    void returned(Device d) {
        abandoned.remove(d);
    }

    /** @return the devices whose driver still has a call stuck, oldest first */
    List<Stuck> now() {
        List<Stuck> list = new ArrayList<>();
        abandoned.forEach((d, since) -> list.add(new Stuck(d.endpointId, d.driver.id, since)));
        list.sort((a, b) -> Long.compare(a.sinceNanos(), b.sinceNanos()));
        return list;
    }
}
