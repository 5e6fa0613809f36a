package org.midihost.host;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * One lock per driver or miniport service, which serialises bind, update and unbind of that
 * service, so that an update racing an unbind cannot call the driver after the unbind returned.
 * Never host-wide: other drivers and all clients go on meanwhile.
 */
final class ServiceLocks {
    /** Guards {@link #locks}; held only to look a lock up or drop it. */
    private final Object lock = new Object();
    private final Map<Object, Object> locks = new IdentityHashMap<>();

    /** @return the service's lock, made on first use */
    Object of(Object service) {
        synchronized (lock) {
            return locks.computeIfAbsent(service, k -> new Object());
        }
    }

    /** The service has gone: its lock is dropped (a later bind of the same object makes a new one). */
    void forget(Object service) {
        synchronized (lock) {
            locks.remove(service);
        }
    }
}
