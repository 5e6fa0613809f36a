package org.midihost.driver.rawmidi;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.midihost.spi.Port;
import org.midihost.spi.ServiceGroup;

/**
 * A port that counts notifications, so that a test can wait for the miniport's "interrupt" the
 * way the host's service-group thread does.
 */
final class RecordingPort implements Port {
    private final Semaphore notifications = new Semaphore(0);

    @Override
    public void notify(ServiceGroup group) {
        notifications.release();
    }

    /**
     * Waits for one notification (taking it).
     *
     * @return false if none came within the time
     */
    boolean awaitNotify(long millis) throws InterruptedException {
        return notifications.tryAcquire(millis, TimeUnit.MILLISECONDS);
    }

    /** Forgets the notifications so far. */
    void clear() {
        notifications.drainPermits();
    }

    /** A service group: opaque to the miniport. */
    static final class Group implements ServiceGroup {
    }
}
