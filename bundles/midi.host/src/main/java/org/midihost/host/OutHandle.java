package org.midihost.host;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
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

    OutHandle(Reconnects reconnects, Executor callbackExecutor, Device device, MidiOutCallback callback,
            OpenOptions options) {
        super(reconnects, callbackExecutor, device, options, false);
        this.callback = callback;
    }

    @Override
    Attachment openLocked(Device d) throws MidiException {
        Attachment a = new Attachment(this, d);
        a.instance = d.driver.driver.openOut(d.localId, a);
        if (a.instance == null) {
            return null;
        }
        runningStatus = 0;
        return a;
    }

    @Override
    public MidiOutCaps caps() {
        return (MidiOutCaps) currentCaps();
    }

    @Override
    public void shortMsg(int message) throws MidiException {
        Attachment a = attachment;
        if (a == null) {
            throw goneError();
        }
        Device d = a.device;
        d.lockGate();
        try {
            if (!a.live) {
                throw goneError();
            }
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
            try {
                a.instance.shortMsg(msg);
            } catch (RuntimeException | LinkageError e) {
                throw Faults.driverFault(d, "shortMsg", e);
            }
            if (status < 0xF0) {
                runningStatus = status;
            } else if (!ShortMessages.isRealTime(status)) {
                runningStatus = 0;
            }
        } finally {
            d.gate.unlock();
        }
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
            if (a == null) {
                throw goneError();
            }
            Device d = a.device;
            d.lockGate();
            try {
                if (!a.live) {
                    throw goneError();
                }
                // Pending only once inside the gate: a reset, close or teardown ahead of us in the
                // gate cannot hand back a header that the driver has not got yet.
                synchronized (pendingLock) {
                    pending.add(header);
                }
                try {
                    a.instance.longMsg(header);
                    taken = true;
                } catch (RuntimeException | LinkageError e) {
                    throw Faults.driverFault(d, "longMsg", e);
                } finally {
                    if (!taken) {
                        synchronized (pendingLock) {
                            pending.remove(header);
                        }
                    }
                }
            } finally {
                d.gate.unlock();
            }
        } finally {
            if (!taken) {
                header.updateFlags(0, MidiHeader.INQUEUE);
            }
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
            default -> throw new IllegalStateException("output event " + kind);
        }
    }
}
