package org.midihost.host;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import org.midihost.api.MidiException;
import org.midihost.api.MidiHeader;
import org.midihost.api.MidiIn;
import org.midihost.api.MidiInCallback;
import org.midihost.api.MidiInCaps;
import org.midihost.api.MmResult;
import org.midihost.api.OpenOptions;
import org.midihost.host.port.CaptureClient;
import org.midihost.host.port.PortDriver;
import org.midihost.spi.InInstance;

/**
 * An open input ({@code HMIDIIN}): time-stamps what its driver instance delivers, fills the
 * client's system-exclusive buffers in order, and hands everything to its dispatcher.
 */
final class InHandle extends Handle<InHandle.Attachment> implements MidiIn {
    private final MidiInCallback callback;

    /** One attachment to one driver instance; the driver's {@link org.midihost.spi.InClient} for it. */
    static final class Attachment extends Handle.Attachment implements CaptureClient {
        final InHandle handle;
        InInstance instance;

        Attachment(InHandle handle, Device device) {
            super(device);
            this.handle = handle;
        }

        @Override
        public void data(int message, long nanos) {
            if (live) {
                handle.shortInput(EventKind.DATA, message, nanos);
            }
        }

        @Override
        public void error(int message, long nanos) {
            if (live) {
                handle.shortInput(EventKind.ERROR, message, nanos);
            }
        }

        @Override
        public void sysex(byte[] bytes, int offset, int length, boolean end, long nanos) {
            if (live) {
                handle.sysexInput(bytes, offset, length, end, nanos);
            }
        }

        @Override
        public void sysexError(long nanos) {
            if (live) {
                handle.sysexBroken(nanos);
            }
        }

        @Override
        public boolean behind() {
            return live && handle.behind();
        }

        @Override
        public void onRoom(Runnable wake) {
            handle.onRoom(wake);
        }
    }

    private volatile boolean started;
    private volatile long startNanos;

    /**
     * Guards {@link #sysex} (the buffer queue and the message being received), and makes
     * addBuffer's check of the attachment and close's check for queued buffers atomic with the
     * queue. Taken by addBuffer, the driver's sysex delivery, stop, reset, close and detach; never
     * held while calling a driver or a client.
     */
    private final Object bufferLock = new Object();
    private final SysexAssembly sysex = new SysexAssembly();
    /**
     * Guarded by {@link #bufferLock}: buffers done and not yet given to the dispatcher, in order,
     * and whether a thread is giving them. Buffers come back from the driver's thread (input) and
     * from the client's (a buffer added takes held bytes; stop, reset): one thread at a time hands
     * them over, in the order they were done, with no lock held.
     */
    private final ArrayDeque<SysexAssembly.Done> outgoing = new ArrayDeque<>();
    private boolean delivering;
    /** What to run when the client makes room (a buffer added): the port driver's wake-up, or null. */
    private volatile Runnable onRoom;

    InHandle(Reconnects reconnects, Executor callbackExecutor, ScheduledExecutorService timers, Device device,
            MidiInCallback callback, OpenOptions options) {
        super(reconnects, callbackExecutor, timers, device, options, true);
        this.callback = callback;
    }

    @Override
    Attachment openLocked(Device d) throws MidiException {
        Attachment a = new Attachment(this, d);
        a.instance = d.driver.driver.openIn(d.localId, a);
        return a.instance == null ? null : a;
    }

    /** A held input is back: started again on the new instance if it was started. */
    @Override
    void resumeLocked(Attachment a) {
        if (started) {
            try {
                a.instance.start();
            } catch (MidiException | RuntimeException | LinkageError e) {
                started = false;
                Faults.driverFault(a.device, "start", e);
            }
        }
    }

    @Override
    Runnable dropHoldLocked() {
        return () -> handBack(true);
    }

    @Override
    void afterReattach() {
        Attachment a = attachment;
        if (started && a != null) {
            Device d = a.device;
            try {
                d.lockGate();
            } catch (MidiException e) {
                started = false;
                LOG.warn("{}: not started again after reconnecting: {}", d.endpointId, e.getMessage());
                return;
            }
            try {
                if (a.live) {
                    a.instance.start();
                }
            } catch (MidiException | RuntimeException | LinkageError e) {
                started = false;
                Faults.driverFault(d, "start", e);
            } finally {
                d.gate.unlock();
            }
        }
    }

    @Override
    public MidiInCaps caps() {
        return (MidiInCaps) currentCaps();
    }

    private long millis(long nanos) {
        long ms = (nanos - startNanos) / 1_000_000L;
        return ms < 0 ? 0 : ms;
    }

    void shortInput(EventKind kind, int message, long nanos) {
        if (started) {
            dispatcher.shortEvent(kind, message, millis(nanos), nanos);
        }
    }

    void sysexInput(byte[] bytes, int offset, int length, boolean end, long nanos) {
        if (!started) {
            return;
        }
        int lost;
        synchronized (bufferLock) {
            List<SysexAssembly.Done> done = new ArrayList<>(2);
            lost = sysex.feed(bytes, offset, length, end, nanos, done);
            outgoing.addAll(done);
        }
        deliverOutgoing();
        if (lost > 0) {
            dispatcher.lost(lost, millis(nanos), nanos);
        }
    }

    void sysexBroken(long nanos) {
        if (!started) {
            return;
        }
        synchronized (bufferLock) {
            List<SysexAssembly.Done> done = new ArrayList<>(1);
            sysex.broken(nanos, done);
            outgoing.addAll(done);
        }
        deliverOutgoing();
    }

    /**
     * Whether input would have to wait here: bytes are held for want of a buffer, or the event
     * queue is near its bound (less room than one read of a byte stream can fill).
     */
    boolean behind() {
        if (!started) {
            return false;
        }
        synchronized (bufferLock) {
            if (sysex.holding()) {
                return true;
            }
        }
        return !dispatcher.hasRoom(PortDriver.READ_SIZE);
    }

    /** @param wake what to run when the client adds a buffer, or {@code null} */
    void onRoom(Runnable wake) {
        onRoom = wake;
    }

    /** Takes the partly filled head buffer (stop) or every buffer (reset, detach), and hands them back. */
    private void handBack(boolean all) {
        long now = System.nanoTime();
        synchronized (bufferLock) {
            List<MidiHeader> back = new ArrayList<>();
            sysex.take(all, back);
            for (MidiHeader h : back) {
                outgoing.add(new SysexAssembly.Done(h, false, now));
            }
        }
        deliverOutgoing();
    }

    /** Hands the done buffers to the dispatcher, in order, unless another thread is doing it. */
    private void deliverOutgoing() {
        synchronized (bufferLock) {
            if (delivering || outgoing.isEmpty()) {
                return;
            }
            delivering = true;
        }
        while (true) {
            SysexAssembly.Done d;
            synchronized (bufferLock) {
                d = outgoing.pollFirst();
                if (d == null) {
                    delivering = false;
                    return;
                }
            }
            dispatcher.mustEvent(d.error() ? EventKind.LONGERROR : EventKind.LONGDATA, 0, millis(d.nanos()), d.nanos(),
                    d.header());
        }
    }

    @Override
    public void addBuffer(MidiHeader header) throws MidiException {
        requireHeader(header);
        checkOpen();
        enqueue(header);
        synchronized (bufferLock) {
            if (closed || (attachment == null && !held)) { // closed or detached since checkOpen
                header.updateFlags(0, MidiHeader.INQUEUE);
                throw goneError();
            }
            List<SysexAssembly.Done> done = new ArrayList<>(0);
            sysex.add(header, done);
            outgoing.addAll(done);
        }
        deliverOutgoing();
        Runnable wake = onRoom;
        if (wake != null) {
            wake.run();
        }
    }

    @Override
    public void start() throws MidiException {
        if (attachment == null && held && whileHeld(true, false)) {
            return;
        }
        Attachment a = enter();
        Device d = a.device;
        try {
            if (started) {
                return;
            }
            startNanos = System.nanoTime();
            started = true;
            try {
                a.instance.start();
            } catch (RuntimeException | LinkageError e) {
                started = false;
                throw Faults.driverFault(d, "start", e);
            } catch (MidiException e) {
                started = false;
                throw e;
            }
        } finally {
            d.gate.unlock();
        }
    }

    @Override
    public void stop() throws MidiException {
        stopAndTake(false);
    }

    @Override
    public void reset() throws MidiException {
        stopAndTake(true);
    }

    private void stopAndTake(boolean all) throws MidiException {
        if (attachment == null && held && whileHeld(false, all)) {
            return;
        }
        Attachment a = enter();
        Device d = a.device;
        try {
            if (started) {
                started = false; // first: what the driver delivers while it stops is dropped
                try {
                    a.instance.stop();
                } catch (RuntimeException | LinkageError e) {
                    throw Faults.driverFault(d, "stop", e);
                }
            }
        } finally {
            d.gate.unlock();
        }
        handBack(all);
    }

    /**
     * midiInStart/Stop/Reset during a swap: the host's side only (started, the buffers); the device
     * that comes back is started or not accordingly.
     *
     * @return false if the handle is no longer held (the caller goes the usual way)
     */
    private boolean whileHeld(boolean start, boolean all) {
        synchronized (stateLock) {
            if (!held) {
                return false;
            }
            if (start) {
                if (!started) {
                    startNanos = System.nanoTime();
                    started = true;
                }
                return true;
            }
            started = false;
        }
        handBack(all);
        return true;
    }

    @Override
    boolean closeLocked(Device d) throws MidiException {
        Attachment a = attachment;
        if (a == null || !a.live) {
            return false;
        }
        synchronized (bufferLock) { // atomic with addBuffer's check: no buffer slips in
            if (!sysex.isEmpty()) {
                throw new MidiException(MmResult.MIDIERR_STILLPLAYING, "buffers are queued; reset first");
            }
            closed = true;
        }
        closeInstanceLocked(a, d);
        return true;
    }

    private void closeInstanceLocked(Attachment a, Device d) {
        synchronized (bufferLock) { // addBuffer checks the attachment under this lock
            leaveLocked(a);
        }
        try {
            if (started) {
                a.instance.stop();
            }
        } catch (MidiException | RuntimeException | LinkageError e) {
            Faults.driverFault(d, "stop", e);
        }
        try {
            a.instance.close();
        } catch (RuntimeException | LinkageError e) {
            Faults.driverFault(d, "close", e);
        }
    }

    @Override
    public Runnable detach(Device d, boolean gateHeld) {
        Attachment a = attachment;
        if (a == null || a.device != d || !a.live) {
            return null;
        }
        holdIfAskedLocked();
        if (gateHeld) {
            closeInstanceLocked(a, d);
        } else {
            synchronized (bufferLock) { // a call is stuck inside the driver: let go without calling it
                leaveLocked(a);
            }
        }
        // started stays as it was: a reconnecting handle starts again on its new instance; a
        // handle held across the swap keeps its buffers for it too
        return () -> {
            if (!held) {
                handBack(true);
            }
            afterDetach(d);
        };
    }

    @Override
    public void deliver(EventKind kind, int message, long millis, long nanos, MidiHeader header, boolean more) {
        switch (kind) {
            case OPEN -> callback.onOpen(this);
            case CLOSE -> callback.onClose(this);
            case DATA -> {
                if (more) {
                    callback.onMoreData(this, message, millis, nanos);
                } else {
                    callback.onData(this, message, millis, nanos);
                }
            }
            case ERROR -> callback.onError(this, message, millis, nanos);
            case LONGDATA -> callback.onLongData(this, header, millis, nanos);
            case LONGERROR -> callback.onLongError(this, header, millis, nanos);
            case OVERFLOW -> callback.onOverflow(this, message);
            case SWAP -> callback.onSwap(this);
            default -> throw new IllegalStateException("input event " + kind);
        }
    }
}
