package org.midihost.host;

import java.util.concurrent.Executor;
import org.midihost.api.DeviceCaps;
import org.midihost.api.MidiException;
import org.midihost.api.MidiHeader;
import org.midihost.api.MmResult;
import org.midihost.api.OpenOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What output and input handles share: the attachment to a driver instance, the
 * open/closed/detached state, the header rules, the exclusive claim, the teardown protocol and
 * reconnect.
 *
 * <p>States: attached ({@code attachment != null}), detached (its driver went: calls give
 * {@code NODRIVER}; with reconnect it waits for the endpoint), closed (calls give
 * {@code INVALHANDLE}).
 *
 * @param <A> the kind's attachment
 */
abstract class Handle<A extends Handle.Attachment> implements Dispatcher.Target, Device.Attached, Reconnects.Waiter {
    static final Logger LOG = LoggerFactory.getLogger(Handle.class);

    /** One attachment to one driver instance on one device. */
    abstract static class Attachment {
        final Device device;
        /** False once detached or closed; written under the device gate, read by the driver's threads. */
        volatile boolean live = true;

        Attachment(Device device) {
            this.device = device;
        }
    }

    final Reconnects reconnects;
    final OpenOptions options;
    final Dispatcher dispatcher;
    /** The current attachment, {@code null} while detached or closed; written under the device gate. */
    volatile A attachment;
    /** The device the handle is, or was last, attached to: its endpoint is what reconnect waits for. */
    volatile Device device;
    volatile boolean closed;
    /**
     * Guards the handle's life-cycle transitions: close against reattach and against the start of
     * the wait for reconnect, so a handle closed while detached is never attached again nor left
     * waiting. Taken by close, reattach and after a detach, before the device gate and the table
     * lock; the teardown, which holds gates, runs no client callback and never takes it.
     */
    final Object stateLock = new Object();

    Handle(Reconnects reconnects, Executor callbackExecutor, Device device, OpenOptions options, boolean input) {
        this.reconnects = reconnects;
        this.device = device;
        this.options = options;
        this.dispatcher = new Dispatcher(device.toString(), this, options, callbackExecutor, input);
    }

    /** Throws INVALHANDLE for a closed handle, NODRIVER for one whose driver went away. */
    final void checkOpen() throws MidiException {
        if (closed) {
            throw new MidiException(MmResult.MMSYSERR_INVALHANDLE, "handle closed: " + device.endpointId);
        }
        if (attachment == null) {
            throw new MidiException(MmResult.MMSYSERR_NODRIVER, "driver gone: " + device.endpointId);
        }
    }

    /** @return the error for a call that found its attachment gone */
    final MidiException goneError() {
        return closed ? new MidiException(MmResult.MMSYSERR_INVALHANDLE, "handle closed: " + device.endpointId)
                : new MidiException(MmResult.MMSYSERR_NODRIVER, "driver gone: " + device.endpointId);
    }

    /**
     * Enters the driver for a call on the current attachment: takes its device's gate. The caller
     * releases {@code a.device.gate} when done.
     *
     * @return the attachment, live, with its gate held
     * @throws MidiException {@code INVALHANDLE} if closed, {@code NODRIVER} if detached
     */
    final A enter() throws MidiException {
        A a = attachment;
        if (a == null || closed) {
            throw goneError();
        }
        a.device.lockGate();
        if (!a.live) {
            a.device.gate.unlock();
            throw goneError();
        }
        return a;
    }

    public final boolean isOpen() {
        return !closed && attachment != null;
    }

    public final Object instanceData() {
        return options.instanceData();
    }

    /**
     * Opens a driver instance on {@code d} and attaches to it, then queues OPEN. Claims a
     * single-client device first.
     *
     * @throws MidiException {@code ALLOCATED}, {@code BADDEVICEID} if the device has left, or the driver's
     */
    final void attach(Device d) throws MidiException {
        if (!d.multiClient() && !d.owner.compareAndSet(null, this)) {
            throw new MidiException(MmResult.MMSYSERR_ALLOCATED, d.endpointId + " is open by another client");
        }
        boolean ok = false;
        try {
            d.lockGate();
        } catch (MidiException e) {
            d.owner.compareAndSet(this, null);
            throw e;
        }
        try {
            if (d.dead) {
                throw new MidiException(MmResult.MMSYSERR_BADDEVICEID, d.endpointId + " has gone");
            }
            A a;
            try {
                a = openLocked(d);
            } catch (RuntimeException | LinkageError e) {
                throw Faults.driverFault(d, "open", e);
            }
            if (a == null) {
                throw new MidiException(MmResult.MMSYSERR_ERROR, "driver '" + d.driver.id + "' opened no instance");
            }
            attachment = a;
            device = d;
            d.handles.add(this);
            ok = true;
            // OPEN is queued before the gate opens, so it comes before anything the attachment
            // delivers and before a teardown's CLOSE.
            dispatcher.mustEvent(EventKind.OPEN, 0, 0, System.nanoTime(), null);
        } finally {
            d.gate.unlock();
            if (!ok) {
                d.owner.compareAndSet(this, null);
            }
        }
    }

    /**
     * Called with the gate held: open the driver's instance on {@code d}.
     *
     * @return the attachment holding it, or {@code null} if the driver gave no instance
     */
    abstract A openLocked(Device d) throws MidiException;

    /**
     * {@code midiOutClose} / {@code midiInClose}. The CLOSE callback follows. Closing a closed
     * handle, or one whose driver went away (CLOSE came then), does nothing more.
     *
     * @throws MidiException {@code MIDIERR_STILLPLAYING} while buffers are queued
     */
    public final void close() throws MidiException {
        synchronized (stateLock) {
            if (closed) {
                return;
            }
            boolean closedHere = false;
            A a = attachment; // only reattach, excluded by stateLock, attaches anew
            if (a != null) {
                Device d = a.device;
                d.lockGate();
                try {
                    closedHere = closeLocked(d);
                    closed = true;
                } finally {
                    d.gate.unlock();
                }
            }
            closed = true;
            if (!closedHere) {
                reconnects.forgetReconnect(this); // detached: CLOSE was delivered when the driver went
                return;
            }
        }
        dispatcher.mustEvent(EventKind.CLOSE, 0, 0, System.nanoTime(), null);
    }

    /**
     * With the gate held: if still attached, refuse while buffers are queued, then close the
     * driver's instance and leave the device.
     *
     * @return whether it closed the instance (false: a teardown detached the handle first)
     * @throws MidiException {@code MIDIERR_STILLPLAYING}
     */
    abstract boolean closeLocked(Device d) throws MidiException;

    /**
     * With the gate held: ends attachment {@code a} (no longer live, no longer the handle's) and
     * removes the handle from its device. The caller closes the driver's instance.
     */
    final void leaveLocked(A a) {
        a.live = false;
        attachment = null;
        a.device.handles.remove(this);
        a.device.owner.compareAndSet(this, null);
    }

    /**
     * After a detach, with no lock held: deliver CLOSE and, with reconnect, wait for the endpoint.
     * The check of {@link #closed} and the start of the wait are one step under {@link #stateLock},
     * so a concurrent close either comes first (no wait) or finds the handle waiting and takes it
     * off the list.
     */
    final void afterDetach(Device d) {
        dispatcher.mustEvent(EventKind.CLOSE, 0, 0, System.nanoTime(), null);
        if (options.reconnect()) {
            synchronized (stateLock) {
                if (!closed) {
                    reconnects.awaitReconnect(this, d);
                }
            }
        }
    }

    /**
     * Reattach to the endpoint's new device after its driver came back; OPEN follows. A handle
     * that cannot attach now (the device is taken, or gone again) keeps waiting for the endpoint.
     */
    @Override
    public final boolean reattach(Device d) {
        synchronized (stateLock) {
            if (closed) {
                return false;
            }
            try {
                attach(d);
            } catch (MidiException e) {
                LOG.warn("{}: could not reconnect yet: {}", d.endpointId, e.getMessage());
                reconnects.queueReconnect(this, d);
                return false;
            }
            afterReattach();
            return true;
        }
    }

    @Override
    public final Device lastDevice() {
        return device;
    }

    /** After a reattach, with OPEN queued: restore what the old attachment had (input: started). */
    void afterReattach() {
    }

    // ---- header rules shared by output and input (midiXxxPrepareHeader / UnprepareHeader)

    public final void prepareHeader(MidiHeader h) throws MidiException {
        requireHeader(h);
        checkOpen();
        if (h.isInQueue()) {
            throw new MidiException(MmResult.MIDIERR_STILLPLAYING, "header is queued");
        }
        h.updateFlags(MidiHeader.PREPARED, 0);
    }

    public final void unprepareHeader(MidiHeader h) throws MidiException {
        requireHeader(h);
        checkOpen();
        if (h.isInQueue()) {
            throw new MidiException(MmResult.MIDIERR_STILLPLAYING, "header is queued");
        }
        h.updateFlags(0, MidiHeader.PREPARED);
    }

    static void requireHeader(MidiHeader h) throws MidiException {
        if (h == null) {
            throw new MidiException(MmResult.MMSYSERR_INVALPARAM, "header is null");
        }
    }

    /** Checks a header for queuing and marks it INQUEUE, not DONE. */
    static void enqueue(MidiHeader h) throws MidiException {
        requireHeader(h);
        if (!h.isPrepared()) {
            throw new MidiException(MmResult.MIDIERR_UNPREPARED);
        }
        int old = h.updateFlags(MidiHeader.INQUEUE, MidiHeader.DONE);
        if ((old & MidiHeader.INQUEUE) != 0) {
            throw new MidiException(MmResult.MIDIERR_STILLPLAYING, "header is already queued");
        }
    }

    /** Marks a header handed back: DONE, no longer INQUEUE. */
    static void markDone(MidiHeader h) {
        h.updateFlags(MidiHeader.DONE, MidiHeader.INQUEUE);
    }

    final DeviceCaps currentCaps() {
        return device.caps;
    }

    @Override
    public String toString() {
        return (device.output ? "MidiOut[" : "MidiIn[") + device.endpointId
                + (closed ? ", closed" : attachment != null ? "" : ", detached") + "]";
    }
}
