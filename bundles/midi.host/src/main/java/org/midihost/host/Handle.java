package org.midihost.host;

import org.midihost.api.DeviceCaps;
import org.midihost.api.MidiException;
import org.midihost.api.MidiHeader;
import org.midihost.api.MmResult;
import org.midihost.api.OpenOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What output and input handles share: the open/closed/detached state, the header rules, the
 * exclusive claim and the teardown protocol.
 *
 * <p>States: attached ({@code attachment != null}), detached (its driver went: calls give
 * {@code NODRIVER}; with reconnect it waits for the endpoint), closed (calls give
 * {@code INVALHANDLE}).
 */
abstract class Handle implements Dispatcher.Target {
    static final Logger LOG = LoggerFactory.getLogger(Handle.class);

    final Host host;
    final OpenOptions options;
    final Dispatcher dispatcher;
    /** The device the handle is, or was last, attached to: its endpoint is what reconnect waits for. */
    volatile Device device;
    volatile boolean closed;
    /**
     * Guards the handle's life-cycle transitions: close against reattach, so a handle closed while
     * detached is never attached again. Taken by close and reattach, before the device gate; the
     * teardown, which holds gates, runs no client callback and never takes it.
     */
    final Object stateLock = new Object();

    Handle(Host host, Device device, OpenOptions options) {
        this.host = host;
        this.device = device;
        this.options = options;
        this.dispatcher = new Dispatcher(device.toString(), this, options, host.callbackExecutor(), !device.output);
    }

    /** Throws INVALHANDLE for a closed handle, NODRIVER for one whose driver went away. */
    final void checkOpen() throws MidiException {
        if (closed) {
            throw new MidiException(MmResult.MMSYSERR_INVALHANDLE, "handle closed: " + device.endpointId);
        }
        if (!attached()) {
            throw new MidiException(MmResult.MMSYSERR_NODRIVER, "driver gone: " + device.endpointId);
        }
    }

    /** @return the error for a call that found its attachment dead inside the gate */
    final MidiException goneError() {
        return closed ? new MidiException(MmResult.MMSYSERR_INVALHANDLE, "handle closed: " + device.endpointId)
                : new MidiException(MmResult.MMSYSERR_NODRIVER, "driver gone: " + device.endpointId);
    }

    abstract boolean attached();

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
        d.gate.lock();
        try {
            if (d.dead) {
                throw new MidiException(MmResult.MMSYSERR_BADDEVICEID, d.endpointId + " has gone");
            }
            try {
                openInstanceLocked(d);
            } catch (RuntimeException | LinkageError e) {
                throw Host.driverFault(d, "open", e);
            }
            device = d;
            d.handles.add(this);
            ok = true;
            // OPEN is queued before the gate opens, so it comes before anything the attachment
            // delivers and before a teardown's CLOSE.
            dispatcher.mustEvent(Dispatcher.OPEN, 0, 0, System.nanoTime(), null);
        } finally {
            d.gate.unlock();
            if (!ok) {
                d.owner.compareAndSet(this, null);
            }
        }
    }

    /** Called with the gate held: open the driver's instance and publish the attachment. */
    abstract void openInstanceLocked(Device d) throws MidiException;

    /**
     * Called by the device's teardown with the gate held: close the driver's instance, drop the
     * attachment, take back every buffer.
     *
     * @return what to deliver once the gate is released
     */
    abstract Runnable detachLocked(Device d);

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
            if (attached()) {
                Device d = device; // the attachment's device: only reattach, excluded by stateLock, changes it
                d.gate.lock();
                try {
                    closedHere = closeLocked(d);
                    closed = true;
                } finally {
                    d.gate.unlock();
                }
            }
            closed = true;
            if (!closedHere) {
                host.forgetReconnect(this); // detached: CLOSE was delivered when the driver went
                return;
            }
        }
        dispatcher.mustEvent(Dispatcher.CLOSE, 0, 0, System.nanoTime(), null);
    }

    /**
     * With the gate held: if still attached, refuse while buffers are queued, then close the
     * driver's instance and leave the device.
     *
     * @return whether it closed the instance (false: a teardown detached the handle first)
     * @throws MidiException {@code MIDIERR_STILLPLAYING}
     */
    abstract boolean closeLocked(Device d) throws MidiException;

    /** Removes the handle from its device after the instance is closed; gate held. */
    final void leaveLocked(Device d) {
        d.handles.remove(this);
        d.owner.compareAndSet(this, null);
    }

    /** After a detach: deliver CLOSE and, with reconnect, wait for the endpoint. */
    final void afterDetach(Device d) {
        dispatcher.mustEvent(Dispatcher.CLOSE, 0, 0, System.nanoTime(), null);
        if (options.reconnect() && !closed) {
            host.awaitReconnect(this, d);
        }
    }

    /**
     * Reattach to the endpoint's new device after its driver came back; OPEN follows. A handle
     * that cannot attach now (the device is taken, or gone again) keeps waiting for the endpoint.
     */
    final boolean reattach(Device d) {
        synchronized (stateLock) {
            if (closed) {
                return false;
            }
            try {
                attach(d);
            } catch (MidiException e) {
                LOG.warn("{}: could not reconnect yet: {}", d.endpointId, e.getMessage());
                host.queueReconnect(this, d);
                return false;
            }
            afterReattach();
            return true;
        }
    }

    /** After a reattach, with OPEN queued: restore what the old attachment had (input: started). */
    void afterReattach() {
    }

    // ---- header rules shared by output and input (midiXxxPrepareHeader / UnprepareHeader)

    final void prepare(MidiHeader h) throws MidiException {
        requireHeader(h);
        checkOpen();
        if (h.isInQueue()) {
            throw new MidiException(MmResult.MIDIERR_STILLPLAYING, "header is queued");
        }
        h.updateFlags(MidiHeader.PREPARED, 0);
    }

    final void unprepare(MidiHeader h) throws MidiException {
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
}
