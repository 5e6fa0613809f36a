package org.midihost.host;

import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
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
    /**
     * Held across a swap of its driver ({@link OpenOptions#holdAcrossSwap}): detached, no CLOSE
     * delivered, waiting for its endpoint until {@link #holdTimer} fires. Written under
     * {@link #stateLock}; read without it by the calls that decide whether to queue.
     */
    volatile boolean held;
    /** Guarded by {@link #stateLock}: ends the hold when the endpoint does not come back in time. */
    private ScheduledFuture<?> holdTimer;
    private final ScheduledExecutorService timers;

    Handle(Reconnects reconnects, Executor callbackExecutor, ScheduledExecutorService timers, Device device,
            OpenOptions options, boolean input) {
        this.timers = timers;
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
        if (attachment == null && !held) {
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
        return !closed && (attachment != null || held);
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
        attach(d, false);
    }

    /**
     * @param quiet a held handle coming back: no OPEN; {@link #resumeLocked} runs on the new
     *        instance before the attachment is published, so that nothing the client sends now
     *        overtakes what it sent during the swap
     */
    private void attach(Device d, boolean quiet) throws MidiException {
        if (claimsDevice() && !d.multiClient() && !d.owner.compareAndSet(null, this)) {
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
            if (quiet) {
                resumeLocked(a);
            }
            attachment = a;
            device = d;
            d.handles.add(this);
            ok = true;
            // OPEN (or SWAP) is queued before the gate opens, so it comes before anything the
            // attachment delivers and before a teardown's CLOSE.
            dispatcher.mustEvent(quiet ? EventKind.SWAP : EventKind.OPEN, 0, 0, System.nanoTime(), null);
        } finally {
            d.gate.unlock();
            if (!ok) {
                d.owner.compareAndSet(this, null);
            }
        }
    }

    /**
     * @return whether the handle is one of the device's clients, claiming a single-client device
     *         (false for a spy, which watches an output without taking it)
     */
    boolean claimsDevice() {
        return true;
    }

    /**
     * A held handle is back: with the gate held and the new instance open but not yet published,
     * deliver what the client did during the swap (output: the queued messages, in order; input:
     * start again if it was started).
     */
    abstract void resumeLocked(A a);

    /**
     * The hold ended without the endpoint coming back, or the handle was closed while held: give
     * up what was kept for the swap (output: the queued messages, long ones handed back; input:
     * the buffers). With {@link #stateLock} held; returns what to run after it.
     */
    abstract Runnable dropHoldLocked();

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
        Runnable after = null;
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
                reconnects.forgetReconnect(this);
                if (!held) {
                    return; // detached: CLOSE was delivered when the driver went
                }
                held = false; // closed during a swap: CLOSE now, with what was kept for it
                if (holdTimer != null) {
                    holdTimer.cancel(false);
                }
                after = dropHoldLocked();
            }
        }
        if (after != null) {
            after.run();
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
        if (options.holdMillis() > 0) {
            Runnable dropped;
            synchronized (stateLock) {
                if (closed || !held) {
                    return; // closed during the teardown: close() delivered CLOSE and dropped the hold
                }
                try {
                    holdTimer = timers.schedule(this::holdExpired, options.holdMillis(), TimeUnit.MILLISECONDS);
                    if (reconnects.awaitReconnect(this, d)) { // back already? then it reattaches right here
                        return;
                    }
                    holdTimer.cancel(false);
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    // the host is stopping: nothing comes back
                }
                held = false; // the host is closing: no swap to wait for, CLOSE now
                dropped = dropHoldLocked();
            }
            dropped.run();
        }
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
     * Called by a detach, with the gate held, before the attachment goes: a handle that asked to
     * be held across a swap is held from this moment, so that a client call finding no attachment
     * queues instead of failing. (The state lock is not taken under the gate; {@link #held} is
     * volatile, and close() copes with a hold whose timer is not set yet.)
     */
    final void holdIfAskedLocked() {
        if (options.holdMillis() > 0 && !closed) {
            held = true;
        }
    }

    /** Timer thread: the endpoint did not come back within the hold; go on as without it. */
    private void holdExpired() {
        Runnable after;
        synchronized (stateLock) {
            if (!held || closed) {
                return;
            }
            held = false;
            if (!options.reconnect()) {
                reconnects.forgetReconnect(this); // with reconnect, it goes on waiting, as a plain reconnect
            }
            after = dropHoldLocked();
        }
        LOG.info("{}: did not come back within {} ms; the handle gets CLOSE", device.endpointId, options.holdMillis());
        after.run();
        dispatcher.mustEvent(EventKind.CLOSE, 0, 0, System.nanoTime(), null);
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
            if (held) {
                try {
                    attach(d, true);
                } catch (MidiException e) {
                    LOG.warn("{}: could not take up its device again after the swap yet: {}", d.endpointId, e.getMessage());
                    reconnects.queueReconnect(this, d); // still held, until the timer
                    return false;
                }
                held = false;
                if (holdTimer != null) {
                    holdTimer.cancel(false);
                }
                return true;
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
                + (closed ? ", closed" : attachment != null ? "" : held ? ", held across a swap" : ", detached") + "]";
    }
}
