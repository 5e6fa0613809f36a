package org.midihost.host;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.midihost.api.DeviceCaps;
import org.midihost.spi.DeviceDescription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One device of one driver, output or input. The same object stays in the table while its
 * endpoint does (through renumbering and the driver's own modifications), so handles keep it.
 */
final class Device {
    private static final Logger LOG = LoggerFactory.getLogger(Device.class);

    /** What is attached to a device: told, with the gate held, that the device leaves. */
    interface Attached {
        /**
         * Called by the teardown with the device's gate held: close the driver's instance and let go.
         *
         * @return what to run once the gate is released (callbacks), or {@code null}
         */
        Runnable detachLocked(Device d);
    }

    final DriverEntry driver;
    final boolean output;
    final String localId;
    final String endpointId;

    /** The driver's description; replaced when the driver re-lists its devices. */
    volatile DeviceDescription description;
    /**
     * The unique name the device was given (its description's short name, with a suffix if that
     * was taken), and the short name it was made from; assigned under the table lock and kept
     * while the device exists and its driver does not rename it, whatever other devices do.
     */
    String name;
    String nameBase;
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
    /** What is attached to the device (its handles); changed under {@link #gate}. */
    final Set<Attached> handles = ConcurrentHashMap.newKeySet();

    Device(DriverEntry driver, boolean output, DeviceDescription description) {
        this.driver = driver;
        this.output = output;
        this.localId = description.id();
        this.endpointId = driver.id + "/" + localId;
        this.description = description;
    }

    boolean multiClient() {
        return description.multiClient();
    }

    /**
     * Takes devices out of service: waits for the calls inside their driver, marks them dead,
     * detaches what is attached (closing the driver's instances), then, with no lock held, runs
     * what the detaches left to do (buffers handed back, CLOSE).
     */
    static void retire(List<Device> devices) {
        List<Runnable> after = new ArrayList<>();
        for (Device d : devices) {
            d.lockForTeardown();
            try {
                d.dead = true;
                for (Attached h : List.copyOf(d.handles)) {
                    Runnable r = h.detachLocked(d);
                    if (r != null) {
                        after.add(r);
                    }
                }
            } finally {
                d.gate.unlock();
            }
        }
        for (Runnable r : after) {
            try {
                r.run();
            } catch (RuntimeException e) {
                LOG.error("teardown step failed", e);
            }
        }
    }

    /**
     * Takes the gate for the teardown, waiting for calls inside the driver however long they take,
     * and saying so in the log every few seconds: unbind must not return while one is inside.
     */
    private void lockForTeardown() {
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
