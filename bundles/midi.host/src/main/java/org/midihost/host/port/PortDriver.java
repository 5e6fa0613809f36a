package org.midihost.host.port;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.midihost.api.MidiException;
import org.midihost.api.MidiHeader;
import org.midihost.api.MmResult;
import org.midihost.host.midi.MidiByteParser;
import org.midihost.host.midi.ShortMessages;
import org.midihost.spi.DataFormat;
import org.midihost.spi.DeviceDescription;
import org.midihost.spi.InClient;
import org.midihost.spi.InDevice;
import org.midihost.spi.InInstance;
import org.midihost.spi.MidiDriver;
import org.midihost.spi.Miniport;
import org.midihost.spi.MiniportStream;
import org.midihost.spi.OutClient;
import org.midihost.spi.OutDevice;
import org.midihost.spi.OutInstance;
import org.midihost.spi.Port;
import org.midihost.spi.ServiceGroup;
import org.midihost.spi.StreamState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The port driver ({@code IPortMidi}) for one {@link Miniport}: makes the miniport's byte streams
 * ordinary message-level devices, so that the host numbers and routes them like any
 * {@link MidiDriver}'s. It shares one stream per device among the device's clients, turns messages
 * into bytes (with running status when the miniport allows it) and waits for room when the stream
 * is full, and on {@link #notify} its service thread drains the capture streams through a
 * {@link MidiByteParser} into every started client.
 */
public final class PortDriver implements MidiDriver, Port, ServiceGroup {
    private static final Logger LOG = LoggerFactory.getLogger(PortDriver.class);

    /** Bytes the service thread reads from a capture stream at a time. */
    public static final int READ_SIZE = 4096;
    /**
     * How long a capture stream is left unread while one of its started clients is behind; past
     * it the stream is read again, and what that client has no room for is lost (and reported to
     * it), so that one client that never catches up cannot hold the input of the others.
     */
    static final long HOLD_NANOS = TimeUnit.SECONDS.toNanos(2);
    /** How often the service thread looks again at a client that is behind. */
    private static final long RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    /** How long a write waits for room before it gives up with {@code MIDIERR_NOTREADY}. */
    public static final long WRITE_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(2);

    final Miniport miniport;
    /** The miniport's driver id: follows its service property (logs, errors, the thread's name). */
    private volatile String id;

    /**
     * Guards {@link #renderPins}, {@link #capturePins} and the pins' client counts: taken to open
     * and close streams (a per-miniport lock, never host-wide; the miniport's newStream and close
     * run under it, client callbacks never do).
     */
    private final Object pinsLock = new Object();
    private final Map<String, RenderPin> renderPins = new HashMap<>();
    private final Map<String, CapturePin> capturePins = new HashMap<>();
    /** What the service thread drains; replaced whole under {@link #pinsLock}. */
    private volatile CapturePin[] draining = new CapturePin[0];

    /** Guards {@link #notifications}; writers waiting for room wait on it. */
    private final Object roomLock = new Object();
    private long notifications;

    private final AtomicBoolean signalled = new AtomicBoolean();
    private volatile boolean running;
    private volatile Thread serviceThread;

    public PortDriver(Miniport miniport, String id) {
        this.miniport = miniport;
        this.id = id;
    }

    /** @return the miniport's driver id as of now */
    public String id() {
        return id;
    }

    /**
     * The miniport's driver id changed (its service property): logs, errors and the service
     * thread's name use the new one from now on.
     *
     * @param newId the new id; {@code null} keeps the old one
     */
    public void rename(String newId) {
        if (newId == null || newId.equals(id)) {
            return;
        }
        id = newId;
        Thread t = serviceThread;
        if (t != null) {
            t.setName("midihost-port-" + newId);
        }
    }

    /** Starts the service thread; called once the miniport's init succeeded. */
    public void start() {
        running = true;
        serviceThread = new Thread(this::serviceLoop, "midihost-port-" + id);
        serviceThread.setDaemon(true);
        serviceThread.start();
    }

    /** Stops the service thread and waits for it: after this, nothing calls the miniport. */
    public void stop() {
        running = false;
        Thread t = serviceThread;
        if (t != null) {
            LockSupport.unpark(t);
            try {
                t.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (t.isAlive()) {
                LOG.error("miniport '{}': service thread did not stop within 10 s", id);
            }
        }
    }

    // ---------------------------------------------------------------- Port: the miniport's interrupt

    @Override
    public void notify(ServiceGroup group) {
        if (!running) {
            return;
        }
        // Writers waiting for room wake here, not on the service thread, which may be busy
        // draining capture streams for a while.
        synchronized (roomLock) {
            notifications++;
            roomLock.notifyAll();
        }
        if (!signalled.getAndSet(true)) {
            LockSupport.unpark(serviceThread);
        }
    }

    /**
     * {@code IPortMidi::RegisterServiceGroup}. The port has one service thread, which services
     * every group it is notified for: a group of the miniport's own is an identity for its
     * notifications, serviced like the streams' group (the miniport's {@code service()}, then
     * every capture stream).
     */
    @Override
    public ServiceGroup registerServiceGroup() {
        return new ServiceGroup() {
            @Override
            public String toString() {
                return "service group of miniport '" + id + "'";
            }
        };
    }

    private void serviceLoop() {
        byte[] buffer = new byte[READ_SIZE];
        boolean serviceFailed = false;
        boolean held = false;
        while (running) {
            if (!signalled.getAndSet(false)) {
                if (held) {
                    LockSupport.parkNanos(this, RECHECK_NANOS); // a client is behind: look again soon
                    held = false;
                } else {
                    LockSupport.park(this);
                    continue;
                }
            }
            try {
                miniport.service(); // IMiniportMidi::Service, then the streams
                serviceFailed = false;
            } catch (RuntimeException | LinkageError e) {
                if (!serviceFailed) {
                    serviceFailed = true;
                    LOG.warn("miniport '{}': its service routine failed: {}", id, e.toString());
                }
            }
            for (CapturePin pin : draining) {
                held |= !pin.drain(buffer);
            }
        }
    }

    // ---------------------------------------------------------------- MidiDriver: the devices

    @Override
    public List<OutDevice> outDevices() {
        return List.copyOf(miniport.renderDevices());
    }

    @Override
    public List<InDevice> inDevices() {
        return List.copyOf(miniport.captureDevices());
    }

    /**
     * The miniport's current index of device {@code deviceId}: its list may have changed since
     * the host listed it (hot plug), so the host names the device by id and the index is looked up
     * in the list as it is now.
     */
    private int currentIndex(String deviceId, boolean capture) throws MidiException {
        List<? extends DeviceDescription> now = capture ? miniport.captureDevices() : miniport.renderDevices();
        for (int i = 0; i < now.size(); i++) {
            if (now.get(i).id().equals(deviceId)) {
                return i;
            }
        }
        throw new MidiException(MmResult.MMSYSERR_NODRIVER, id + "/" + deviceId + " has gone");
    }

    @Override
    public OutInstance openOut(String device, OutClient client) throws MidiException {
        synchronized (pinsLock) {
            RenderPin pin = renderPins.get(device);
            if (pin == null) {
                int now = currentIndex(device, false);
                MiniportStream s = openRenderStream(now);
                pin = new RenderPin(device, s, miniport.runningStatus(now));
                renderPins.put(device, pin);
            }
            pin.clients++;
            return new PortOut(pin, client);
        }
    }

    @Override
    public InInstance openIn(String device, InClient client) throws MidiException {
        synchronized (pinsLock) {
            CapturePin pin = capturePins.get(device);
            if (pin == null) {
                int now = currentIndex(device, true);
                MiniportStream s = newStream(now, true);
                pin = new CapturePin(device, s);
                // drained before it runs, so that no notify for it can come before the service
                // thread knows it
                capturePins.put(device, pin);
                draining = capturePins.values().toArray(new CapturePin[0]);
                try {
                    s.setState(StreamState.RUN);
                } catch (MidiException | RuntimeException e) {
                    capturePins.remove(device);
                    draining = capturePins.values().toArray(new CapturePin[0]);
                    pin.close();
                    throw e;
                }
            }
            pin.clients++;
            return new PortIn(pin, client);
        }
    }

    /** NewStream, then SetFormat: MIDI 1.0 bytes. A stream that refuses the format is closed. */
    private MiniportStream newStream(int index, boolean capture) throws MidiException {
        MiniportStream s = miniport.newStream(index, capture, this);
        if (s == null) {
            throw new MidiException(MmResult.MMSYSERR_ERROR, "miniport '" + id + "' opened no stream");
        }
        try {
            s.setFormat(DataFormat.MIDI_1_BYTES);
        } catch (MidiException | RuntimeException e) {
            closeQuietly(s, id + ": stream refused MIDI 1.0 bytes");
            throw e;
        }
        return s;
    }

    private MiniportStream openRenderStream(int index) throws MidiException {
        MiniportStream s = newStream(index, false);
        try {
            s.setState(StreamState.RUN);
        } catch (MidiException | RuntimeException e) {
            s.close();
            throw e;
        }
        return s;
    }

    /**
     * Closes a stream. A capture stream is stopped first (what it holds is of no use); a render
     * stream is closed running, so that it sends the last messages it holds (the miniport bounds
     * that), where STOP would discard them.
     */
    private static void closeStream(MiniportStream s, boolean capture, String what) {
        if (capture) {
            try {
                s.setState(StreamState.STOP);
            } catch (MidiException | RuntimeException e) {
                LOG.warn("{}: stopping the stream failed: {}", what, e.toString());
            }
        }
        closeQuietly(s, what);
    }

    private static void closeQuietly(MiniportStream s, String what) {
        try {
            s.close();
        } catch (RuntimeException e) {
            LOG.warn("{}: closing the stream failed: {}", what, e.toString());
        }
    }

    // ---------------------------------------------------------------- render

    /** One render device's stream, shared by its clients; the host's device gate serialises them. */
    private final class RenderPin {
        final String device;
        final MiniportStream stream;
        final boolean compress;
        final byte[] bytes = new byte[3];
        /** Status byte last written, for running-status compression; 0 after anything else. */
        int lastStatus;
        int clients;

        RenderPin(String device, MiniportStream stream, boolean compress) {
            this.device = device;
            this.stream = stream;
            this.compress = compress;
        }

        void shortMsg(int message) throws MidiException {
            int status = message & 0xFF;
            int length = ShortMessages.length(status);
            int previous = lastStatus;
            int n = 0;
            if (!(compress && status < 0xF0 && status == lastStatus)) {
                bytes[n++] = (byte) status;
            }
            if (length >= 2) {
                bytes[n++] = (byte) (message >> 8 & 0x7F);
            }
            if (length == 3) {
                bytes[n++] = (byte) (message >> 16 & 0x7F);
            }
            // Cleared first: if the write fails part-way, the next message starts with its status
            // byte, which also ends the broken one at the receiver.
            lastStatus = 0;
            write(bytes, 0, n);
            if (status < 0xF0) {
                lastStatus = status;
            } else if (status >= 0xF8 && status != 0xFF) {
                lastStatus = previous; // real-time leaves running status alone; System Reset does not
            }
        }

        void sysex(byte[] data, int length) throws MidiException {
            lastStatus = 0;
            write(data, 0, length);
        }

        /** Writes every byte, waiting for the miniport's notify when the stream is full. */
        void write(byte[] b, int offset, int length) throws MidiException {
            int off = offset;
            int left = length;
            long deadline = 0;
            while (left > 0) {
                long seen;
                synchronized (roomLock) {
                    seen = notifications;
                }
                int took = stream.write(b, off, left);
                if (took < 0 || took > left) {
                    throw new MidiException(MmResult.MMSYSERR_ERROR,
                            "miniport '" + id + "' took " + took + " of " + left + " bytes");
                }
                off += took;
                left -= took;
                if (left == 0) {
                    return;
                }
                if (took > 0) {
                    deadline = 0; // the device is taking bytes: the bound is on a stall, not the message
                    continue;
                }
                if (deadline == 0) {
                    deadline = System.nanoTime() + WRITE_TIMEOUT_NANOS;
                }
                awaitRoom(seen, deadline);
            }
        }

        private void awaitRoom(long seen, long deadline) throws MidiException {
            synchronized (roomLock) {
                while (notifications == seen) {
                    long wait = deadline - System.nanoTime();
                    if (wait <= 0) {
                        throw new MidiException(MmResult.MIDIERR_NOTREADY,
                                id + "/" + device + ": no room in the stream for " + WRITE_TIMEOUT_NANOS / 1_000_000 + " ms");
                    }
                    try {
                        TimeUnit.NANOSECONDS.timedWait(roomLock, wait);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new MidiException(MmResult.MIDIERR_NOTREADY, "interrupted while waiting for room");
                    }
                }
            }
        }
    }

    private final class PortOut implements OutInstance {
        private final RenderPin pin;
        private final OutClient client;
        private boolean closed;

        PortOut(RenderPin pin, OutClient client) {
            this.pin = pin;
            this.client = client;
        }

        @Override
        public void shortMsg(int message) throws MidiException {
            pin.shortMsg(message);
        }

        @Override
        public void longMsg(MidiHeader header) throws MidiException {
            pin.sysex(header.data(), header.bufferLength());
            client.done(header);
        }

        @Override
        public void reset() throws MidiException {
            // MODM_RESET on a port: All Notes Off on every channel, so whatever listens goes quiet
            for (int ch = 0; ch < 16; ch++) {
                pin.shortMsg(0xB0 | ch | 0x7B << 8);
            }
        }

        @Override
        public void close() {
            synchronized (pinsLock) {
                if (closed) {
                    return;
                }
                closed = true;
                if (--pin.clients == 0) {
                    renderPins.remove(pin.device);
                    closeStream(pin.stream, false, id + "/" + pin.device);
                }
            }
        }
    }

    // ---------------------------------------------------------------- capture

    /** One capture device's stream and parser, fanned out to every started client. */
    private final class CapturePin implements InClient {
        final String device;
        final MiniportStream stream;
        final MidiByteParser parser = new MidiByteParser(this);
        /**
         * Guards {@link #closed}, every read of the stream (close never overlaps a read) and the
         * copy-on-write changes of {@link #started}. Never held while calling a client: a client's
         * DIRECT callback may stop or close its own handle, which takes the device gate.
         */
        final Object lock = new Object();
        /** The started clients; read by the service thread without the lock. */
        volatile InClient[] started = new InClient[0];
        boolean closed;
        int clients;
        /** Only the service thread touches the parser and this flag. */
        private boolean failed;

        CapturePin(String device, MiniportStream stream) {
            this.device = device;
            this.stream = stream;
        }

        /** Service thread only: since when a started client has been behind, or 0. */
        private long behindSince;
        private boolean holdBoundLogged;

        /**
         * On the service thread: read until the stream is empty, parsing as the bytes come. The
         * host's clients drop what arrives after they stopped, so the parser feeds them without
         * the lock. While a started client is behind, the rest stays in the stream (up to
         * {@link #HOLD_NANOS}).
         *
         * @return false if it stopped with bytes possibly left because a client is behind
         */
        boolean drain(byte[] buffer) {
            while (true) {
                if (holdForClients()) {
                    return false;
                }
                int n;
                synchronized (lock) {
                    if (closed) {
                        return true;
                    }
                    try {
                        n = stream.read(buffer, 0, buffer.length);
                    } catch (MidiException | RuntimeException e) {
                        if (!failed) {
                            failed = true;
                            LOG.warn("{}/{}: reading the stream failed: {}", id, device, e.toString());
                        }
                        n = -1;
                    }
                }
                if (n < 0) {
                    parser.lineBroken(System.nanoTime()); // a sysex in progress comes back as LONGERROR
                    return true;
                }
                if (n == 0) {
                    return true;
                }
                failed = false;
                parser.feed(buffer, 0, n, System.nanoTime());
            }
        }

        /** @return whether to leave the stream unread for now: a started client is behind */
        private boolean holdForClients() {
            boolean behind = false;
            for (InClient c : started) {
                if (c instanceof CaptureClient cc && cc.behind()) {
                    behind = true;
                    break;
                }
            }
            if (!behind) {
                behindSince = 0;
                holdBoundLogged = false;
                return false;
            }
            long now = System.nanoTime();
            if (behindSince == 0) {
                behindSince = now;
            }
            if (now - behindSince < HOLD_NANOS) {
                return true;
            }
            if (!holdBoundLogged) {
                holdBoundLogged = true;
                LOG.warn("{}/{}: a client has had no room for input for {} ms; reading on, what it has no room for is lost",
                        id, device, TimeUnit.NANOSECONDS.toMillis(HOLD_NANOS));
            }
            return false;
        }

        void start(InClient c) {
            synchronized (lock) {
                InClient[] s = java.util.Arrays.copyOf(started, started.length + 1);
                s[started.length] = c;
                started = s;
            }
        }

        void stop(InClient c) {
            synchronized (lock) {
                for (int i = 0; i < started.length; i++) {
                    if (started[i] == c) {
                        InClient[] s = new InClient[started.length - 1];
                        System.arraycopy(started, 0, s, 0, i);
                        System.arraycopy(started, i + 1, s, i, started.length - i - 1);
                        started = s;
                        return;
                    }
                }
            }
        }

        void close() {
            synchronized (lock) {
                closed = true;
                started = new InClient[0];
                closeStream(stream, true, id + "/" + device);
            }
        }

        // the parser's sink: every started client, on the service thread

        @Override
        public void data(int message, long nanos) {
            for (InClient c : started) {
                c.data(message, nanos);
            }
        }

        @Override
        public void sysex(byte[] bytes, int offset, int length, boolean end, long nanos) {
            for (InClient c : started) {
                c.sysex(bytes, offset, length, end, nanos);
            }
        }

        @Override
        public void error(int message, long nanos) {
            for (InClient c : started) {
                c.error(message, nanos);
            }
        }

        @Override
        public void sysexError(long nanos) {
            for (InClient c : started) {
                c.sysexError(nanos);
            }
        }
    }

    private final class PortIn implements InInstance {
        private final CapturePin pin;
        private final InClient client;
        private boolean closed;

        PortIn(CapturePin pin, InClient client) {
            this.pin = pin;
            this.client = client;
        }

        @Override
        public void start() {
            if (client instanceof CaptureClient cc) {
                cc.onRoom(() -> PortDriver.this.notify(null)); // room again: read on
            }
            pin.start(client);
            PortDriver.this.notify(null); // bytes may be waiting already
        }

        @Override
        public void stop() {
            pin.stop(client);
            if (client instanceof CaptureClient cc) {
                cc.onRoom(null);
            }
        }

        @Override
        public void close() {
            stop();
            synchronized (pinsLock) {
                if (closed) {
                    return;
                }
                closed = true;
                if (--pin.clients == 0) {
                    capturePins.remove(pin.device);
                    draining = capturePins.values().toArray(new CapturePin[0]);
                    pin.close();
                }
            }
        }
    }

    @Override
    public String toString() {
        return "port driver for miniport '" + id + "'";
    }
}
