package org.midihost.testkit;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.midihost.spi.Port;
import org.midihost.spi.ServiceGroup;

/**
 * A {@link Port} that counts notifications, so that a test can wait for a miniport's "interrupt"
 * the way the host's service-group thread does, and hands out service groups.
 */
public final class RecordingPort implements Port {
    private final Semaphore notifications = new Semaphore(0);
    private final List<ServiceGroup> registered = new CopyOnWriteArrayList<>();

    @Override
    public void notify(ServiceGroup group) {
        notifications.release();
    }

    /** @return a new group, remembered in {@link #registeredGroups()} */
    @Override
    public ServiceGroup registerServiceGroup() {
        Group g = new Group();
        registered.add(g);
        return g;
    }

    /** @return the groups handed out by {@link #registerServiceGroup()} */
    public List<ServiceGroup> registeredGroups() {
        return List.copyOf(registered);
    }

    /**
     * Waits for one notification (taking it).
     *
     * @param millis how long at most
     * @return false if none came within the time
     */
    public boolean awaitNotify(long millis) throws InterruptedException {
        return notifications.tryAcquire(millis, TimeUnit.MILLISECONDS);
    }

    /** Forgets the notifications so far. */
    public void clear() {
        notifications.drainPermits();
    }

    /** A service group: opaque to the miniport. */
    public static final class Group implements ServiceGroup {
    }
}
