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

        /**
         * The outputs this attachment's input goes to ({@link MidiIn#connect}); replaced whole under
         * the handle's {@link InHandle#thruLock}, read by the driver's thread. Connections belong to
         * the attachment: a reconnected handle starts with none.
         */
        volatile OutHandle.Attachment[] thru = NO_THRU;

        @Override
        public void data(int message, long nanos) {
            if (live) {
                handle.dataInput(this, message, nanos);
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
                handle.sysexInput(this, bytes, offset, length, end, nanos);
            }
        }

        @Override
        public void sysexError(long nanos) {
            if (live) {
                handle.sysexBroken(this, nanos);
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

    private static final OutHandle.Attachment[] NO_THRU = new OutHandle.Attachment[0];
    /** The most a system-exclusive message passed on by thru may hold: as much as the host holds for a client. */
    static final int MAX_THRU_SYSEX = SysexAssembly.DEFAULT_MAX_HELD;

    /** Whether this is a spy on an output ({@code MidiHost.openSpy}) rather than an input. */
    final boolean spy;
    private final Thru thruGraph;
    /**
     * Guards changes of the attachments' {@link Attachment#thru} arrays (connect, disconnect, a
     * connection found ended), so that none is lost to another. Never held while calling a
     * driver or a client; taken inside {@link Thru}'s lock by connect.
     */
    private final Object thruLock = new Object();
    /**
     * Guarded by {@link #bufferLock}: the system-exclusive message being gathered for thru, its
     * length, and whether it is being skipped (it did not start with F0 here, or grew too long).
     */
    private byte[] thruSysex = new byte[0];
    private int thruSysexLength;
    private boolean thruSysexSkip;

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

    /**
     * @param spy whether the handle spies on {@code device}, an output, instead of listening to an
     *        input; its options must then deliver through a host executor, never DIRECT
     */
    InHandle(Reconnects reconnects, Executor callbackExecutor, ScheduledExecutorService timers, Device device,
            MidiInCallback callback, OpenOptions options, boolean spy, Thru thruGraph) {
        super(reconnects, callbackExecutor, timers, device, options, true);
        this.callback = callback;
        this.spy = spy;
        this.thruGraph = thruGraph;
    }

    @Override
    boolean claimsDevice() {
        return !spy;
    }

    @Override
    Attachment openLocked(Device d) throws MidiException {
        Attachment a = new Attachment(this, d);
        a.instance = spy ? new SpyInstance(d, a) : d.driver.driver.openIn(d.localId, a);
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

    /** A spy's caps describe its output: name, ids and the output's endpoint id. */
    @Override
    public MidiInCaps caps() {
        if (spy) {
            org.midihost.api.MidiOutCaps o = (org.midihost.api.MidiOutCaps) currentCaps();
            return new MidiInCaps(o.manufacturerId(), o.productId(), o.driverVersion(), o.productName(),
                    java.util.Set.of(), o.endpointId());
        }
        return (MidiInCaps) currentCaps();
    }

    // ---- thru (midiConnect / midiDisconnect)

    @Override
    public void connect(org.midihost.api.MidiOut out) throws MidiException {
        OutHandle o = outHandle(out);
        if (spy) {
            throw new MidiException(MmResult.MMSYSERR_NOTSUPPORTED, "a spy on " + device.endpointId
                    + " cannot be connected: open the output's traffic at its source, or an input");
        }
        checkOpen();
        o.checkOpen();
        Attachment a = attachment;
        if (a == null) {
            throw goneError();
        }
        OutHandle.Attachment x = o.attachment;
        if (x == null) {
            throw o.goneError();
        }
        thruGraph.connect(a, x);
    }

    private OutHandle outHandle(org.midihost.api.MidiOut out) throws MidiException {
        if (out == null) {
            throw new MidiException(MmResult.MMSYSERR_INVALPARAM, "output handle is null");
        }
        if (!(out instanceof OutHandle o) || o.thruGraph != thruGraph) {
            throw new MidiException(MmResult.MMSYSERR_INVALPARAM, out + " is not a handle of this host");
        }
        return o;
    }

    /**
     * Called by {@link Thru#connect} under its lock: adds the connection unless the pair is
     * connected already or either attachment ended.
     */
    void addThru(Attachment a, OutHandle.Attachment x) throws MidiException {
        synchronized (thruLock) {
            if (!a.live) {
                throw goneError();
            }
            if (!x.live) {
                throw x.handle.goneError();
            }
            OutHandle.Attachment[] t = a.thru;
            for (OutHandle.Attachment c : t) {
                if (c.handle == x.handle && c.live) {
                    throw new MidiException(MmResult.MIDIERR_NOTREADY,
                            "in " + a.device.endpointId + " is already connected to out " + x.device.endpointId);
                }
            }
            OutHandle.Attachment[] next = java.util.Arrays.copyOf(t, t.length + 1);
            next[t.length] = x;
            a.thru = next;
        }
    }

    @Override
    public void disconnect(org.midihost.api.MidiOut out) throws MidiException {
        if (out == null) {
            throw new MidiException(MmResult.MMSYSERR_INVALPARAM, "output handle is null");
        }
        if (closed) {
            throw new MidiException(MmResult.MMSYSERR_INVALHANDLE, "handle closed: " + device.endpointId);
        }
        Attachment a = attachment;
        boolean found = false;
        if (a != null) {
            synchronized (thruLock) {
                OutHandle.Attachment[] t = a.thru;
                for (OutHandle.Attachment c : t) {
                    found |= c.handle == out && c.live;
                }
                if (found) {
                    a.thru = java.util.Arrays.stream(t).filter(c -> c.handle != out && c.live)
                            .toArray(OutHandle.Attachment[]::new);
                }
            }
        }
        if (!found) {
            throw new MidiException(MmResult.MMSYSERR_INVALPARAM, out + " is not connected to in " + device.endpointId);
        }
    }

    /** A connection found ended (its output closed or went): drop it, and any other ended one. */
    private void dropEnded(Attachment a) {
        synchronized (thruLock) {
            a.thru = java.util.Arrays.stream(a.thru).filter(c -> c.live).toArray(OutHandle.Attachment[]::new);
        }
    }

    /** Driver's thread: a short message; thru first (allocation-free), then the client's callback. */
    void dataInput(Attachment a, int message, long nanos) {
        if (!started) {
            return;
        }
        OutHandle.Attachment[] t = a.thru;
        if (t.length != 0) {
            boolean ended = false;
            for (OutHandle.Attachment x : t) {
                ended |= !x.handle.thruShort(x, message);
            }
            if (ended) {
                dropEnded(a);
            }
        }
        dispatcher.shortEvent(EventKind.DATA, message, millis(nanos), nanos);
    }

    /**
     * Under {@link #bufferLock}: gathers a piece of a system-exclusive message for thru.
     *
     * @return the whole message when this piece ends it, else {@code null}
     */
    private byte[] gatherThruLocked(byte[] bytes, int offset, int length, boolean end) {
        if (thruSysexLength == 0 && !thruSysexSkip && (length == 0 || bytes[offset] != (byte) 0xF0)) {
            thruSysexSkip = true; // connected in the middle of a message: pass on from the next one
        }
        if (!thruSysexSkip) {
            if (thruSysexLength + length > MAX_THRU_SYSEX) {
                LOG.warn("{}: a system-exclusive message over {} bytes is not passed on by thru", device.endpointId,
                        MAX_THRU_SYSEX);
                thruSysexSkip = true;
                thruSysexLength = 0;
            } else {
                if (thruSysexLength + length > thruSysex.length) {
                    thruSysex = java.util.Arrays.copyOf(thruSysex,
                            Math.max(thruSysexLength + length, Math.min(MAX_THRU_SYSEX, thruSysex.length * 2 + 256)));
                }
                System.arraycopy(bytes, offset, thruSysex, thruSysexLength, length);
                thruSysexLength += length;
            }
        }
        if (!end) {
            return null;
        }
        byte[] whole = null;
        if (!thruSysexSkip && thruSysexLength >= 2 && thruSysex[thruSysexLength - 1] == (byte) 0xF7) {
            whole = java.util.Arrays.copyOf(thruSysex, thruSysexLength);
        }
        thruSysexLength = 0;
        thruSysexSkip = false;
        if (thruSysex.length > 64 * 1024) {
            thruSysex = new byte[0]; // a large dump passed: do not keep its buffer
        }
        return whole;
    }

    private void sendThruSysex(Attachment a, byte[] whole) {
        boolean ended = false;
        for (OutHandle.Attachment x : a.thru) {
            ended |= !x.handle.thruLong(x, whole);
        }
        if (ended) {
            dropEnded(a);
        }
    }

    private long millis(long nanos) {
        long ms = (nanos - startNanos) / 1_000_000L;
        return ms < 0 ? 0 : ms;
    }

    void shortInput(EventKind kind, int message, long nanos) {
        // ERROR: an invalid message; thru passes on good ones only (dataInput)
        if (started) {
            dispatcher.shortEvent(kind, message, millis(nanos), nanos);
        }
    }

    void sysexInput(Attachment a, byte[] bytes, int offset, int length, boolean end, long nanos) {
        if (!started) {
            return;
        }
        int lost;
        byte[] thruWhole = null;
        synchronized (bufferLock) {
            if (a.thru.length != 0) {
                thruWhole = gatherThruLocked(bytes, offset, length, end);
            } else {
                thruSysexLength = 0; // no connection (any more): nothing half gathered is kept
                thruSysexSkip = false;
            }
            List<SysexAssembly.Done> done = new ArrayList<>(2);
            lost = sysex.feed(bytes, offset, length, end, nanos, done);
            outgoing.addAll(done);
        }
        if (thruWhole != null) {
            sendThruSysex(a, thruWhole);
        }
        deliverOutgoing();
        if (lost > 0) {
            dispatcher.lost(lost, millis(nanos), nanos);
        }
    }

    void sysexBroken(Attachment a, long nanos) {
        if (!started) {
            return;
        }
        synchronized (bufferLock) {
            thruSysexLength = 0; // cut short: not passed on
            thruSysexSkip = false;
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
            thruSysexLength = 0; // stopped: the message being gathered for thru is abandoned
            thruSysexSkip = false;
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
    public String toString() {
        return spy ? "MidiSpy[" + device.endpointId + (closed ? ", closed" : attachment != null ? "" : ", detached") + "]"
                : super.toString();
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
