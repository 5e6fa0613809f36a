package org.midihost.host;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.midihost.api.DeviceCaps;
import org.midihost.api.MidiException;
import org.midihost.api.MmResult;
import org.midihost.spi.DeviceDescription;
import org.midihost.spi.InClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One device of one driver, output or input. The same object stays in the table while its
 * endpoint does (through renumbering and the driver's own modifications), so handles keep it.
 */
final class Device {
    private static final Logger LOG = LoggerFactory.getLogger(Device.class);

    /** What is attached to a device: told that the device leaves. */
    interface Attached {
        /**
         * Called by the teardown: let go of the device. With the gate held ({@code gateHeld}),
         * close the driver's instance first; without it (a call is stuck inside the driver and the
         * teardown gave up waiting), make no call to the driver at all.
         *
         * @return what to run once the gate is released (callbacks), or {@code null}
         */
        Runnable detach(Device d, boolean gateHeld);
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
    /**
     * Set when the device has left: no call enters the driver after that. Written under
     * {@link #gate}, or without it by a teardown that gave up on a stuck call; read under it.
     */
    volatile boolean dead;
    /** The bound on waiting for the gate, shared with the host. */
    final StuckCalls stuck;

    /** The one client of a single-client device, or {@code null}; claimed by compare-and-set. */
    final AtomicReference<Object> owner = new AtomicReference<>();
    /** What is attached to the device (its handles); changed under {@link #gate}. */
    final Set<Attached> handles = ConcurrentHashMap.newKeySet();

    /** No spy: what {@link #spies} holds while nobody spies on the output. */
    static final InClient[] NO_SPIES = new InClient[0];
    /**
     * The started spies on this output ({@code MidiHost.openSpy}), as the input clients that
     * hear what reaches the driver. Replaced whole, never changed in place, under {@link #gate}
     * (a spy starts and stops through the gate); read by the senders under the gate, so a spy
     * sees the messages in the order the device received them. Empty, not {@code null}, so that a
     * sender with no spy pays one volatile read and a length check.
     */
    volatile InClient[] spies = NO_SPIES;

    /**
     * With the gate held, after the driver took a short message: tell the spies (they only queue).
     * Allocation-free.
     */
    void spyShortLocked(InClient[] s, int message) {
        long now = System.nanoTime();
        for (InClient c : s) {
            c.data(message, now);
        }
    }

    /** With the gate held, after the driver took a system-exclusive message: tell the spies. */
    void spyLongLocked(byte[] data, int length) {
        InClient[] s = spies;
        if (s.length == 0) {
            return;
        }
        long now = System.nanoTime();
        for (InClient c : s) {
            c.sysex(data, 0, length, true, now);
        }
    }

    Device(DriverEntry driver, boolean output, DeviceDescription description, StuckCalls stuck) {
        this.driver = driver;
        this.stuck = stuck;
        this.output = output;
        this.localId = description.id();
        this.endpointId = driver.id + "/" + localId;
        this.description = description;
    }

    boolean multiClient() {
        return description.multiClient();
    }

    /**
     * Takes the gate for a call into the driver: at once when it is free, else within the bound.
     *
     * @throws MidiException {@code MIDIERR_NOTREADY} if a call inside the driver holds it longer
     */
    void lockGate() throws MidiException {
        if (gate.tryLock()) {
            return;
        }
        long bound = stuck.boundNanos();
        try {
            if (gate.tryLock(bound, TimeUnit.NANOSECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MidiException(MmResult.MIDIERR_NOTREADY, endpointId + ": interrupted while waiting for the device");
        }
        throw new MidiException(MmResult.MIDIERR_NOTREADY, endpointId + ": a call inside driver '" + driver.id
                + "' has not returned for " + TimeUnit.NANOSECONDS.toMillis(bound) + " ms");
    }

    /**
     * Takes devices out of service: waits for the calls inside their driver, marks them dead,
     * detaches what is attached (closing the driver's instances), then, with no lock held, runs
     * what the detaches left to do (buffers handed back, CLOSE).
     *
     * <p>The wait is bounded ({@link StuckCalls#boundNanos()} for all the devices together): a
     * device whose gate a stuck call still holds then is marked dead and detached without any call
     * to its driver, so that the teardown, and the framework thread running it, go on. The stuck
     * call's caller gets its result when the driver returns; nothing enters the driver after it.
     */
    static void retire(List<Device> devices) {
        if (devices.isEmpty()) {
            return;
        }
        List<Runnable> after = new ArrayList<>();
        long start = System.nanoTime();
        long deadline = start + devices.get(0).stuck.boundNanos();
        for (Device d : devices) {
            boolean held = d.lockForTeardown(deadline);
            try {
                d.dead = true;
                if (!held) {
                    d.abandon(start);
                }
                for (Attached h : List.copyOf(d.handles)) {
                    Runnable r = h.detach(d, held);
                    if (r != null) {
                        after.add(r);
                    }
                }
            } finally {
                if (held) {
                    d.gate.unlock();
                }
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

    /** @return whether the gate was taken before the deadline */
    private boolean lockForTeardown(long deadline) {
        try {
            return gate.tryLock() || gate.tryLock(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Gives up on the call stuck inside the driver: one log line now, one when it returns. A
     * watcher thread takes the gate when the call leaves it, so that the device leaves the stuck
     * list then (and no client call can enter after it: the device is dead).
     */
    private void abandon(long since) {
        LOG.error("{}: a call inside driver '{}' has not returned for {} ms; the device is removed without waiting for it",
                endpointId, driver.id, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since));
        stuck.abandoned(this, since);
        Thread watcher = new Thread(() -> {
            gate.lock();
            try {
                stuck.returned(this);
                LOG.warn("{}: the stuck call into driver '{}' returned after {} ms", endpointId, driver.id,
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since));
            } finally {
                gate.unlock();
            }
        }, "midihost-stuck-" + endpointId);
        watcher.setDaemon(true);
        watcher.start();
    }

    @Override
    public String toString() {
        return (output ? "out " : "in ") + endpointId;
    }
}
