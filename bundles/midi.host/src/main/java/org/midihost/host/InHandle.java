package org.midihost.host;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.midihost.api.MidiException;
import org.midihost.api.MidiHeader;
import org.midihost.api.MidiIn;
import org.midihost.api.MidiInCallback;
import org.midihost.api.MidiInCaps;
import org.midihost.api.MmResult;
import org.midihost.api.OpenOptions;
import org.midihost.spi.InClient;
import org.midihost.spi.InInstance;

/**
 * An open input ({@code HMIDIIN}): time-stamps what its driver instance delivers, fills the
 * client's system-exclusive buffers in order, and hands everything to its dispatcher.
 */
final class InHandle extends Handle implements MidiIn {
    private final MidiInCallback callback;

    /** One attachment to one driver instance; the driver's {@link InClient} for it. */
    private static final class Attachment implements InClient {
        final InHandle handle;
        final Device device;
        InInstance instance;
        /** False once detached or closed; written under the device gate, read by the driver's thread. */
        volatile boolean live = true;

        Attachment(InHandle handle, Device device) {
            this.handle = handle;
            this.device = device;
        }

        @Override
        public void data(int message, long nanos) {
            if (live) {
                handle.shortInput(Dispatcher.DATA, message, nanos);
            }
        }

        @Override
        public void error(int message, long nanos) {
            if (live) {
                handle.shortInput(Dispatcher.ERROR, message, nanos);
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
    }

    private volatile Attachment attachment;
    private volatile boolean started;
    private volatile long startNanos;

    /**
     * Guards the buffer queue and the state of the system-exclusive message being received
     * ({@link #fill}, {@link #discarding}). Taken by addBuffer, the driver's sysex delivery, stop,
     * reset, close and detach; never held while calling a driver or a client.
     */
    private final Object bufferLock = new Object();
    private final ArrayDeque<MidiHeader> buffers = new ArrayDeque<>();
    /** Bytes of the current message already in the head buffer. */
    private int fill;
    /** The current message found no buffer: drop its bytes up to its end. */
    private boolean discarding;

    InHandle(Host host, Device device, MidiInCallback callback, OpenOptions options) {
        super(host, device, options);
        this.callback = callback;
    }

    @Override
    boolean attached() {
        return attachment != null;
    }

    @Override
    void openInstanceLocked(Device d) throws MidiException {
        Attachment a = new Attachment(this, d);
        InInstance instance = d.driver.driver.openIn(d.localId, a);
        if (instance == null) {
            throw new MidiException(MmResult.MMSYSERR_ERROR, "driver '" + d.driver.id + "' opened no instance");
        }
        a.instance = instance;
        attachment = a;
    }

    @Override
    void afterReattach() {
        Attachment a = attachment;
        if (started && a != null) {
            Device d = a.device;
            d.gate.lock();
            try {
                if (a.live) {
                    a.instance.start();
                }
            } catch (MidiException | RuntimeException | LinkageError e) {
                started = false;
                Host.driverFault(d, "start", e);
            } finally {
                d.gate.unlock();
            }
        }
    }

    @Override
    public MidiInCaps caps() {
        return (MidiInCaps) currentCaps();
    }

    @Override
    public Object instanceData() {
        return options.instanceData();
    }

    @Override
    public boolean isOpen() {
        return !closed && attachment != null;
    }

    private long millis(long nanos) {
        long ms = (nanos - startNanos) / 1_000_000L;
        return ms < 0 ? 0 : ms;
    }

    void shortInput(int type, int message, long nanos) {
        if (started) {
            dispatcher.shortEvent(type, message, millis(nanos), nanos);
        }
    }

    void sysexInput(byte[] bytes, int offset, int length, boolean end, long nanos) {
        if (!started) {
            return;
        }
        List<MidiHeader> full = null;
        boolean lostOne = false;
        synchronized (bufferLock) {
            int p = offset;
            int e = offset + length;
            while (p < e && !discarding) {
                MidiHeader h = buffers.peekFirst();
                if (h == null) {
                    discarding = true;
                    lostOne = true;
                    break;
                }
                int n = Math.min(h.bufferLength() - fill, e - p);
                System.arraycopy(bytes, p, h.data(), fill, n);
                fill += n;
                p += n;
                if (fill == h.bufferLength()) {
                    full = takeHeadLocked(full);
                }
            }
            if (end) {
                if (!discarding && fill > 0) {
                    full = takeHeadLocked(full);
                }
                discarding = false;
            }
        }
        long ms = millis(nanos);
        if (full != null) {
            for (MidiHeader h : full) {
                dispatcher.mustEvent(Dispatcher.LONGDATA, 0, ms, nanos, h);
            }
        }
        if (lostOne) {
            dispatcher.lost(1, ms, nanos);
        }
    }

    void sysexBroken(long nanos) {
        if (!started) {
            return;
        }
        List<MidiHeader> broken = null;
        synchronized (bufferLock) {
            if (fill > 0) {
                broken = takeHeadLocked(null);
            }
            discarding = false;
        }
        if (broken != null) {
            dispatcher.mustEvent(Dispatcher.LONGERROR, 0, millis(nanos), nanos, broken.get(0));
        }
    }

    /** Takes the head buffer with what it holds, marked DONE; bufferLock held. */
    private List<MidiHeader> takeHeadLocked(List<MidiHeader> into) {
        MidiHeader h = buffers.pollFirst();
        h.setBytesRecorded(fill);
        fill = 0;
        markDone(h);
        List<MidiHeader> list = into != null ? into : new ArrayList<>(2);
        list.add(h);
        return list;
    }

    /** Takes the partly filled head buffer (stop) or every buffer (reset, detach). */
    private List<MidiHeader> takeBuffers(boolean all) {
        List<MidiHeader> out = new ArrayList<>();
        synchronized (bufferLock) {
            if (fill > 0) {
                takeHeadLocked(out);
            }
            discarding = false;
            if (all) {
                MidiHeader h;
                while ((h = buffers.pollFirst()) != null) {
                    h.setBytesRecorded(0);
                    markDone(h);
                    out.add(h);
                }
            }
        }
        return out;
    }

    private void handBack(List<MidiHeader> list) {
        long now = System.nanoTime();
        long ms = millis(now);
        for (MidiHeader h : list) {
            dispatcher.mustEvent(Dispatcher.LONGDATA, 0, ms, now, h);
        }
    }

    @Override
    public void prepareHeader(MidiHeader header) throws MidiException {
        prepare(header);
    }

    @Override
    public void unprepareHeader(MidiHeader header) throws MidiException {
        unprepare(header);
    }

    @Override
    public void addBuffer(MidiHeader header) throws MidiException {
        requireHeader(header);
        checkOpen();
        enqueue(header);
        header.setBytesRecorded(0);
        synchronized (bufferLock) {
            if (closed || attachment == null) { // closed or detached since checkOpen
                header.updateFlags(0, MidiHeader.INQUEUE);
                throw goneError();
            }
            buffers.addLast(header);
        }
    }

    @Override
    public void start() throws MidiException {
        Attachment a = attachment;
        if (a == null || closed) {
            throw goneError();
        }
        Device d = a.device;
        d.gate.lock();
        try {
            if (!a.live) {
                throw goneError();
            }
            if (started) {
                return;
            }
            startNanos = System.nanoTime();
            started = true;
            try {
                a.instance.start();
            } catch (RuntimeException | LinkageError e) {
                started = false;
                throw Host.driverFault(d, "start", e);
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
        Attachment a = attachment;
        if (a == null || closed) {
            throw goneError();
        }
        Device d = a.device;
        d.gate.lock();
        try {
            if (!a.live) {
                throw goneError();
            }
            if (started) {
                started = false; // first: what the driver delivers while it stops is dropped
                try {
                    a.instance.stop();
                } catch (RuntimeException | LinkageError e) {
                    throw Host.driverFault(d, "stop", e);
                }
            }
        } finally {
            d.gate.unlock();
        }
        handBack(takeBuffers(all));
    }

    @Override
    boolean closeLocked(Device d) throws MidiException {
        Attachment a = attachment;
        if (a == null || !a.live) {
            return false;
        }
        synchronized (bufferLock) { // atomic with addBuffer's check: no buffer slips in
            if (!buffers.isEmpty()) {
                throw new MidiException(MmResult.MIDIERR_STILLPLAYING, "buffers are queued; reset first");
            }
            closed = true;
        }
        closeInstanceLocked(a, d);
        return true;
    }

    private void closeInstanceLocked(Attachment a, Device d) {
        a.live = false;
        synchronized (bufferLock) { // addBuffer checks the attachment under this lock
            attachment = null;
        }
        try {
            if (started) {
                a.instance.stop();
            }
        } catch (MidiException | RuntimeException | LinkageError e) {
            Host.driverFault(d, "stop", e);
        }
        try {
            a.instance.close();
        } catch (RuntimeException | LinkageError e) {
            Host.driverFault(d, "close", e);
        }
        leaveLocked(d);
    }

    @Override
    Runnable detachLocked(Device d) {
        Attachment a = attachment;
        if (a == null || a.device != d || !a.live) {
            return null;
        }
        closeInstanceLocked(a, d);
        // started stays as it was: a reconnecting handle starts again on its new instance
        return () -> {
            handBack(takeBuffers(true));
            afterDetach(d);
        };
    }

    @Override
    public void deliver(int type, int message, long millis, long nanos, MidiHeader header, boolean more) {
        switch (type) {
            case Dispatcher.OPEN -> callback.onOpen(this);
            case Dispatcher.CLOSE -> callback.onClose(this);
            case Dispatcher.DATA -> {
                if (more) {
                    callback.onMoreData(this, message, millis, nanos);
                } else {
                    callback.onData(this, message, millis, nanos);
                }
            }
            case Dispatcher.ERROR -> callback.onError(this, message, millis, nanos);
            case Dispatcher.LONGDATA -> callback.onLongData(this, header, millis, nanos);
            case Dispatcher.LONGERROR -> callback.onLongError(this, header, millis, nanos);
            case Dispatcher.OVERFLOW -> callback.onOverflow(this, message);
            default -> throw new IllegalStateException("input event " + type);
        }
    }

    @Override
    public String toString() {
        return "MidiIn[" + device.endpointId + (closed ? ", closed" : attached() ? "" : ", detached") + "]";
    }
}
