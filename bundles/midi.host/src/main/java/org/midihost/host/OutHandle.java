package org.midihost.host;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import org.midihost.api.MidiException;
import org.midihost.api.MidiHeader;
import org.midihost.api.MidiOut;
import org.midihost.api.MidiOutCallback;
import org.midihost.api.MidiOutCaps;
import org.midihost.api.MmResult;
import org.midihost.api.OpenOptions;
import org.midihost.api.Support;
import org.midihost.host.midi.ShortMessages;
import org.midihost.spi.OutClient;
import org.midihost.spi.OutInstance;

/** An open output ({@code HMIDIOUT}). */
final class OutHandle extends Handle<OutHandle.Attachment> implements MidiOut {
    private final MidiOutCallback callback;

    /** One attachment to one driver instance; the driver's {@link OutClient} for it. */
    static final class Attachment extends Handle.Attachment implements OutClient {
        final OutHandle handle;
        OutInstance instance;

        Attachment(OutHandle handle, Device device) {
            super(device);
            this.handle = handle;
        }

        @Override
        public void done(MidiHeader header) {
            // Once detached, the teardown hands back every pending header itself, after the gate.
            if (header != null && live) {
                handle.completed(header);
            }
        }
    }

    /** Running status: the status byte of the last channel message; guarded by the device gate. */
    private int runningStatus;

    /** Guards {@link #pending}: taken by longMsg, done, reset, close and detach, never while calling out. */
    private final Object pendingLock = new Object();
    /** Headers given to the driver and not yet handed back. */
    private final List<MidiHeader> pending = new ArrayList<>();
    /**
     * Guarded by the state lock: what the client sent while held across a swap (Integer short
     * messages, MidiHeader long ones), in order; bounded by {@link OpenOptions#HOLD_QUEUE}.
     */
    private final java.util.ArrayDeque<Object> heldQueue = new java.util.ArrayDeque<>();

    /** The host's thru graph: identifies the host's own handles for {@code MidiIn.connect}. */
    final Thru thruGraph;

    OutHandle(Reconnects reconnects, Executor callbackExecutor, ScheduledExecutorService timers, Device device,
            MidiOutCallback callback, OpenOptions options, Thru thruGraph) {
        super(reconnects, callbackExecutor, timers, device, options, false);
        this.callback = callback;
        this.thruGraph = thruGraph;
    }

    @Override
    Attachment openLocked(Device d) throws MidiException {
        Attachment a = new Attachment(this, d);
        a.instance = d.driver.driver.openOut(d.localId, a);
        if (a.instance == null) {
            return null;
        }
        if (!held) {
            runningStatus = 0; // a held handle keeps its running status across the swap
        }
        return a;
    }

    @Override
    public MidiOutCaps caps() {
        return (MidiOutCaps) currentCaps();
    }

    @Override
    public void shortMsg(int message) throws MidiException {
        Attachment a = attachment;
        if (a != null) {
            Device d = a.device;
            d.lockGate();
            try {
                if (a.live) {
                    int msg = normalize(message);
                    try {
                        a.instance.shortMsg(msg);
                    } catch (RuntimeException | LinkageError e) {
                        throw Faults.driverFault(d, "shortMsg", e);
                    }
                    noteStatus(msg & 0xFF);
                    org.midihost.spi.InClient[] spies = d.spies;
                    if (spies.length != 0) {
                        d.spyShortLocked(spies, msg);
                    }
                    return;
                }
            } finally {
                d.gate.unlock();
            }
        }
        if (!holdShort(message)) {
            throw goneError();
        }
    }

    /**
     * The message whole: running status expanded, checked. Reads {@link #runningStatus}: under the
     * device gate, or under the state lock while held.
     *
     * @throws MidiException {@code MMSYSERR_INVALPARAM} for a message that is not a short message
     */
    private int normalize(int message) throws MidiException {
        int status = message & 0xFF;
        int msg = message;
        if (status < 0x80) {
            if (runningStatus == 0) {
                throw new MidiException(MmResult.MMSYSERR_INVALPARAM, "no status byte and no running status");
            }
            status = runningStatus;
            msg = (message << 8) | status;
        }
        int length = ShortMessages.length(status);
        if (length == ShortMessages.INVALID) {
            throw new MidiException(MmResult.MMSYSERR_INVALPARAM,
                    "status " + Integer.toHexString(status) + " is not a short message");
        }
        msg &= ShortMessages.mask(length);
        if (!ShortMessages.dataOk(msg, length)) {
            throw new MidiException(MmResult.MMSYSERR_INVALPARAM, "data byte over 0x7F");
        }
        return msg;
    }

    /** Running status after a message with this status byte went out. */
    private void noteStatus(int status) {
        if (status < 0xF0) {
            runningStatus = status;
        } else if (!ShortMessages.isRealTime(status)) {
            runningStatus = 0;
        }
    }

    /**
     * The handle has no attachment: while it is held across a swap, queue the message for the
     * device that comes back; if it was reattached meanwhile, send it now.
     *
     * @return false if the handle is neither held nor attached (the caller throws)
     */
    private boolean holdShort(int message) throws MidiException {
        synchronized (stateLock) {
            if (held) {
                int msg = normalize(message);
                queueHeldLocked(msg);
                noteStatus(msg & 0xFF);
                return true;
            }
        }
        if (attachment != null) {
            shortMsg(message); // reattached while we waited for the state lock
            return true;
        }
        return false;
    }

    private void queueHeldLocked(Object item) throws MidiException {
        if (heldQueue.size() >= OpenOptions.HOLD_QUEUE) {
            throw new MidiException(MmResult.MIDIERR_NOTREADY, device.endpointId + ": " + OpenOptions.HOLD_QUEUE
                    + " messages already wait for the device to come back from a swap");
        }
        heldQueue.addLast(item);
    }

    @Override
    public void longMsg(MidiHeader header) throws MidiException {
        requireHeader(header);
        checkOpen();
        checkSysex(header);
        enqueue(header);
        boolean taken = false;
        try {
            Attachment a = attachment;
            if (a != null) {
                Device d = a.device;
                d.lockGate();
                try {
                    if (a.live) {
                        // Pending only once inside the gate: a reset, close or teardown ahead of us in
                        // the gate cannot hand back a header that the driver has not got yet.
                        synchronized (pendingLock) {
                            pending.add(header);
                        }
                        try {
                            a.instance.longMsg(header);
                            taken = true;
                            d.spyLongLocked(header.data(), header.bufferLength());
                        } catch (RuntimeException | LinkageError e) {
                            throw Faults.driverFault(d, "longMsg", e);
                        } finally {
                            if (!taken) {
                                synchronized (pendingLock) {
                                    pending.remove(header);
                                }
                            }
                        }
                        return;
                    }
                } finally {
                    d.gate.unlock();
                }
            }
            taken = holdLong(header);
        } finally {
            if (!taken) {
                header.updateFlags(0, MidiHeader.INQUEUE);
            }
        }
    }

    /**
     * As {@link #holdShort}, for a long message: queued while held (it stays queued, and comes
     * back done once delivered after the swap).
     *
     * @return true if queued or sent; the caller throws the handle's gone error otherwise
     */
    private boolean holdLong(MidiHeader header) throws MidiException {
        synchronized (stateLock) {
            if (held) {
                queueHeldLocked(header);
                return true;
            }
        }
        if (attachment != null) {
            header.updateFlags(0, MidiHeader.INQUEUE); // longMsg queues it again
            longMsg(header);
            return true;
        }
        throw goneError();
    }

    @Override
    void resumeLocked(Attachment a) {
        int sent = 0;
        for (Object item; (item = heldQueue.pollFirst()) != null; sent++) {
            try {
                if (item instanceof MidiHeader h) {
                    synchronized (pendingLock) {
                        pending.add(h);
                    }
                    a.instance.longMsg(h);
                    a.device.spyLongLocked(h.data(), h.bufferLength());
                } else {
                    a.instance.shortMsg((Integer) item);
                    org.midihost.spi.InClient[] spies = a.device.spies;
                    if (spies.length != 0) {
                        a.device.spyShortLocked(spies, (Integer) item);
                    }
                }
            } catch (MidiException | RuntimeException | LinkageError e) {
                Faults.driverFault(a.device, "a message sent during the swap", e);
                if (item instanceof MidiHeader h) {
                    completed(h);
                }
            }
        }
        if (sent > 0) {
            LOG.debug("{}: {} message(s) sent during the swap delivered", a.device.endpointId, sent);
        }
    }

    @Override
    Runnable dropHoldLocked() {
        List<MidiHeader> back = new ArrayList<>();
        int dropped = heldQueue.size();
        for (Object item : heldQueue) {
            if (item instanceof MidiHeader h) {
                back.add(h);
            }
        }
        heldQueue.clear();
        if (dropped > 0) {
            LOG.warn("{}: {} message(s) sent during the swap were not delivered: the device did not come back in time",
                    device.endpointId, dropped);
        }
        return () -> handBack(back);
    }

    /**
     * Thru ({@code MidiIn.connect}), on the input's driver thread: a short message from a connected
     * input goes to the driver of attachment {@code a} (the connection's), through the gate, as a
     * client's would; the handle's running status is not touched. Never throws; allocation-free
     * unless something fails (then one log line).
     *
     * @return false if the connection has ended (the attachment is no longer live)
     */
    boolean thruShort(Attachment a, int message) {
        if (!a.live) {
            return false;
        }
        Device d = a.device;
        try {
            d.lockGate();
        } catch (MidiException e) {
            LOG.warn("{}: a thru message was not sent: {}", d.endpointId, e.getMessage());
            return true;
        }
        try {
            if (!a.live) {
                return false;
            }
            try {
                a.instance.shortMsg(message);
            } catch (MidiException | RuntimeException | LinkageError e) {
                Faults.driverFault(d, "shortMsg (thru)", e);
                return true;
            }
            org.midihost.spi.InClient[] spies = d.spies;
            if (spies.length != 0) {
                d.spyShortLocked(spies, message);
            }
            return true;
        } finally {
            d.gate.unlock();
        }
    }

    /**
     * Thru: a whole system-exclusive message from a connected input, in a header of the host's own
     * (the client gets no DONE for it; the driver's DONE is ignored, as the header is not one of
     * the client's pending ones).
     *
     * @return false if the connection has ended
     */
    boolean thruLong(Attachment a, byte[] message) {
        if (!a.live) {
            return false;
        }
        MidiHeader h = new MidiHeader(message);
        h.updateFlags(MidiHeader.PREPARED | MidiHeader.INQUEUE, 0);
        Device d = a.device;
        try {
            d.lockGate();
        } catch (MidiException e) {
            LOG.warn("{}: a thru system-exclusive message was not sent: {}", d.endpointId, e.getMessage());
            return true;
        }
        try {
            if (!a.live) {
                return false;
            }
            try {
                a.instance.longMsg(h);
            } catch (MidiException | RuntimeException | LinkageError e) {
                Faults.driverFault(d, "longMsg (thru)", e);
                return true;
            }
            d.spyLongLocked(message, message.length);
            return true;
        } finally {
            d.gate.unlock();
        }
    }

    private static void checkSysex(MidiHeader h) throws MidiException {
        byte[] b = h.data();
        int n = h.bufferLength();
        if (n < 2 || (b[0] & 0xFF) != 0xF0 || (b[n - 1] & 0xFF) != 0xF7) {
            throw new MidiException(MmResult.MMSYSERR_INVALPARAM, "a system-exclusive message runs from F0 to F7");
        }
        for (int i = 1; i < n - 1; i++) {
            int v = b[i] & 0xFF;
            if (v >= 0x80 && v < 0xF8) {
                throw new MidiException(MmResult.MMSYSERR_INVALPARAM,
                        "status byte " + Integer.toHexString(v) + " inside a system-exclusive message at " + i);
            }
        }
    }

    /** The driver's DONE: hand the header back to the client, once. */
    void completed(MidiHeader header) {
        boolean mine;
        synchronized (pendingLock) {
            mine = pending.remove(header);
        }
        if (mine) {
            markDone(header);
            dispatcher.mustEvent(EventKind.DONE, 0, 0, System.nanoTime(), header);
        }
    }

    /** Takes every header the driver still holds; after a reset (under the gate) or a detach. */
    private List<MidiHeader> takePending() {
        synchronized (pendingLock) {
            if (pending.isEmpty()) {
                return List.of();
            }
            List<MidiHeader> left = new ArrayList<>(pending);
            pending.clear();
            return left;
        }
    }

    /** Hands taken headers back to the client, DONE. */
    private void handBack(List<MidiHeader> headers) {
        for (MidiHeader h : headers) {
            markDone(h);
            dispatcher.mustEvent(EventKind.DONE, 0, 0, System.nanoTime(), h);
        }
    }

    private boolean hasPending() {
        synchronized (pendingLock) {
            return !pending.isEmpty();
        }
    }

    @Override
    public void reset() throws MidiException {
        if (attachment == null && held) {
            Runnable back = null;
            synchronized (stateLock) {
                if (held) { // midiOutReset during a swap: what waits for the device is handed back
                    runningStatus = 0;
                    back = dropHoldLocked();
                }
            }
            if (back != null) {
                back.run();
                return;
            }
        }
        Attachment a = enter();
        Device d = a.device;
        List<MidiHeader> left = List.of();
        try {
            runningStatus = 0;
            try {
                a.instance.reset();
            } catch (RuntimeException | LinkageError e) {
                throw Faults.driverFault(d, "reset", e);
            } finally {
                // taken inside the gate: a longMsg waiting at the gate is not handed back unsent
                left = takePending();
            }
        } finally {
            d.gate.unlock();
            handBack(left);
        }
    }

    @Override
    public int volume() throws MidiException {
        return volumeCall(false, 0);
    }

    @Override
    public void setVolume(int volume) throws MidiException {
        volumeCall(true, volume);
    }

    private int volumeCall(boolean set, int volume) throws MidiException {
        Attachment a = enter();
        Device d = a.device;
        try {
            if (!((MidiOutCaps) d.caps).support().contains(Support.VOLUME)) {
                throw new MidiException(MmResult.MMSYSERR_NOTSUPPORTED, d.endpointId + " has no volume control");
            }
            if (set) {
                a.instance.setVolume(volume);
                return volume;
            }
            return a.instance.volume();
        } catch (RuntimeException | LinkageError e) {
            throw Faults.driverFault(d, "volume", e);
        } finally {
            d.gate.unlock();
        }
    }

    @Override
    boolean closeLocked(Device d) throws MidiException {
        Attachment a = attachment;
        if (a == null || !a.live) {
            return false;
        }
        if (hasPending()) {
            throw new MidiException(MmResult.MIDIERR_STILLPLAYING, "buffers are queued; reset first");
        }
        leaveLocked(a);
        try {
            a.instance.close();
        } catch (RuntimeException | LinkageError e) {
            Faults.driverFault(d, "close", e);
        }
        return true;
    }

    @Override
    public Runnable detach(Device d, boolean gateHeld) {
        Attachment a = attachment;
        if (a == null || a.device != d || !a.live) {
            return null;
        }
        // Not live first: the DONEs that the driver's reset gives back are ignored (the client
        // gets every pending header from the handBack below, after the gate), so no client
        // callback runs inside the teardown's gate.
        holdIfAskedLocked();
        leaveLocked(a);
        if (!gateHeld) {
            // a call is stuck inside the driver: no call to it at all; the headers it holds come
            // back from the handBack below, and its late DONEs are ignored (not live)
        } else if (hasPending()) {
            try {
                a.instance.reset();
            } catch (RuntimeException | LinkageError | MidiException e) {
                Faults.driverFault(d, "reset", e);
            }
        }
        if (gateHeld) {
            try {
                a.instance.close();
            } catch (RuntimeException | LinkageError e) {
                Faults.driverFault(d, "close", e);
            }
        }
        return () -> {
            handBack(takePending());
            afterDetach(d);
        };
    }

    @Override
    public void deliver(EventKind kind, int message, long millis, long nanos, MidiHeader header, boolean more) {
        switch (kind) {
            case OPEN -> callback.onOpen(this);
            case CLOSE -> callback.onClose(this);
            case DONE -> callback.onDone(this, header);
            case SWAP -> callback.onSwap(this);
            default -> throw new IllegalStateException("output event " + kind);
        }
    }
}
