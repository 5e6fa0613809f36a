package org.midihost.javasound;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sound.midi.MidiDevice;
import javax.sound.midi.MidiUnavailableException;
import org.midihost.api.MidiException;
import org.midihost.api.MidiHost;

/**
 * What an output and an input device have in common: the open state (one midihost handle per
 * device, however many receivers or transmitters it has, as a Java Sound device is opened once),
 * the time base of {@link #getMicrosecondPosition()} and the list of the device's receivers or
 * transmitters.
 *
 * <p>Locks: {@link #lock} guards {@link #handle} and {@link #openNanos} changes; it is taken by
 * {@link #open()}, {@link #close()} and the host's CLOSE callback, and never held while calling the
 * host (open and close call it before or after). The open handle is also published in a volatile
 * field, which the send and receive paths read without the lock.
 *
 * @param <H> the midihost handle type
 */
abstract class HostMidiDevice<H extends AutoCloseable> implements MidiDevice {
    final MidihostInfo info;
    /** Guards the changes of {@link #handle} and {@link #openNanos} (see the class comment). */
    final Object lock = new Object();
    /** The open handle, or {@code null} while the device is closed. */
    volatile H handle;
    /** {@link System#nanoTime()} at open: time zero of time stamps and the microsecond position. */
    volatile long openNanos;
    /** The receivers (of an output) or transmitters (of an input) not closed yet. */
    final List<AutoCloseable> ends = new CopyOnWriteArrayList<>();

    HostMidiDevice(MidihostInfo info) {
        this.info = info;
    }

    @Override
    public Info getDeviceInfo() {
        return info;
    }

    /**
     * Opens the midihost handle; a second open of an open device does nothing.
     *
     * @throws MidiUnavailableException when the host is not running, the device is gone
     *         ({@code MIDIERR_NODEVICE}), taken by another client ({@code MMSYSERR_ALLOCATED}) or its
     *         driver fails; the {@link MidiException} is the cause
     */
    @Override
    public void open() throws MidiUnavailableException {
        if (handle != null) {
            return;
        }
        MidiHost host = HostDevices.hostForOpen();
        if (host == null) {
            throw unavailable("midihost is not running", null);
        }
        H opened;
        long t0 = System.nanoTime();
        try {
            opened = openHandle(host, t0);
        } catch (MidiException e) {
            throw unavailable(e.getMessage(), e);
        }
        boolean lost;
        synchronized (lock) {
            lost = handle != null; // another thread opened it meanwhile
            if (!lost) {
                openNanos = t0;
                handle = opened;
            }
        }
        if (lost) {
            closeHandle(opened);
        }
    }

    private MidiUnavailableException unavailable(String why, Throwable cause) {
        MidiUnavailableException e = new MidiUnavailableException(
                info.getDescription() + " \"" + info.getName() + "\": " + why);
        if (cause != null) {
            e.initCause(cause);
        }
        return e;
    }

    /**
     * Opens the handle on the host. Called without the lock.
     *
     * @param host the host
     * @param t0 the device's time zero
     * @return the open handle
     * @throws MidiException if the host refuses
     */
    abstract H openHandle(MidiHost host, long t0) throws MidiException;

    /** Closes a handle on the host, quietly. Called without the lock. */
    abstract void closeHandle(H h);

    /**
     * Closes the device: every receiver or transmitter of it is closed, then the midihost handle.
     * Idempotent.
     */
    @Override
    public void close() {
        H h;
        synchronized (lock) {
            h = handle;
            handle = null;
        }
        for (AutoCloseable end : ends) {
            try {
                end.close();
            } catch (Exception e) {
                // our own receivers and transmitters throw nothing
            }
        }
        if (h != null) {
            closeHandle(h);
        }
    }

    /** The host closed the handle (its driver went): the device is closed. */
    void closedByHost(Object h) {
        synchronized (lock) {
            if (handle == h) {
                handle = null;
            }
        }
    }

    @Override
    public boolean isOpen() {
        return handle != null;
    }

    /**
     * @return microseconds since the device was opened (the time base of the time stamps an input's
     *         transmitters give), or -1 while it is closed
     */
    @Override
    public long getMicrosecondPosition() {
        return handle == null ? -1 : (System.nanoTime() - openNanos) / 1000;
    }

    void removeEnd(AutoCloseable end) {
        ends.remove(end);
    }

    @Override
    public String toString() {
        return info.getDescription() + " \"" + info.getName() + "\"" + (isOpen() ? " (open)" : "");
    }
}
