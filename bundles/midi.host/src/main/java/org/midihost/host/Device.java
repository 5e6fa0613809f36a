package org.midihost.host;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.midihost.api.DeviceCaps;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One device of one driver, output or input. The same object stays in the table while its
 * endpoint does (through renumbering and the driver's own modifications), so handles keep it.
 */
final class Device {
    private static final Logger LOG = LoggerFactory.getLogger(Device.class);

    final DriverEntry driver;
    final boolean output;
    final String localId;
    final String endpointId;

    /** The driver's own index for the device; changes only when the driver re-lists its devices. */
    volatile int index;
    /** The driver's description: an {@code OutDevice} or an {@code InDevice}. */
    volatile Object description;
    /** The caps clients see: the description with the unique name and endpoint id. */
    volatile DeviceCaps caps;
    /** The device id in the current table, or -1 once removed. */
    volatile int deviceId = -1;

    /**
     * The device's gate. Guards {@link #dead} and serialises every call into the driver for this
     * device, so that concurrent clients' messages never interleave and a sysex is atomic. Taken by
     * every handle call that enters the driver (open, short and long messages, reset, volume,
     * start/stop, close) and by the teardown when the device leaves, which thereby waits for the
     * calls already inside the driver. Never held while taking the table lock.
     */
    final ReentrantLock gate = new ReentrantLock();
    /** Set under {@link #gate} when the device has left: no call enters the driver after that. */
    boolean dead;

    /** The one client of a single-client device, or {@code null}; claimed by compare-and-set. */
    final AtomicReference<Object> owner = new AtomicReference<>();
    /** Handles attached to the device; changed under {@link #gate}. */
    final Set<Handle> handles = ConcurrentHashMap.newKeySet();

    Device(DriverEntry driver, boolean output, String localId, int index, Object description) {
        this.driver = driver;
        this.output = output;
        this.localId = localId;
        this.endpointId = driver.id + "/" + localId;
        this.index = index;
        this.description = description;
    }

    boolean multiClient() {
        Object d = description;
        return d instanceof org.midihost.spi.OutDevice o ? o.multiClient()
                : ((org.midihost.spi.InDevice) d).multiClient();
    }

    /**
     * Takes the gate for the teardown, waiting for calls inside the driver however long they take,
     * and saying so in the log every few seconds: unbind must not return while one is inside.
     */
    void lockForTeardown() {
        try {
            while (!gate.tryLock(5, TimeUnit.SECONDS)) {
                LOG.warn("{}: waiting for a call inside driver '{}' to return before removing the device",
                        endpointId, driver.id);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            gate.lock();
        }
    }

    @Override
    public String toString() {
        return (output ? "out " : "in ") + endpointId;
    }
}
