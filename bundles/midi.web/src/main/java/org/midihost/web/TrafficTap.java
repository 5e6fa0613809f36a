package org.midihost.web;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.midihost.api.MidiException;
import org.midihost.api.MidiHeader;
import org.midihost.api.MidiHost;
import org.midihost.api.MidiIn;
import org.midihost.api.MidiInCallback;
import org.midihost.api.OpenOptions;
import org.midihost.stream.text.MessageText;

/**
 * One {@code /api/traffic} connection: the inputs it opened and the outputs it spies on, and a
 * bounded queue of ready-made SSE frames between their callbacks and the request thread that
 * writes them. A callback (on a host thread) decodes the message, offers the frame and returns: it
 * never waits; when the queue is full the message is counted as dropped and the writer reports
 * the count ({@code dropped}). Opening, starting after a reconnect, and closing happen on the
 * request thread.
 */
final class TrafficTap implements AutoCloseable {
    /** Frames waiting for the browser; past this, messages are dropped and counted. */
    static final int QUEUE_CAPACITY = 4096;
    /** The longest system-exclusive message whose bytes an event carries; a longer one is cut there. */
    static final int SYSEX_LIMIT = 64 * 1024;
    /** System-exclusive receive buffers per source, and their size. */
    private static final int SYSEX_BUFFERS = 4;
    private static final int SYSEX_BUFFER_SIZE = 16 * 1024;

    private final MidiHost host;
    private final long startNanos = System.nanoTime();
    private final BlockingQueue<String> frames = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final AtomicLong dropped = new AtomicLong();
    /** Messages heard in all, dropped ones included. */
    private final AtomicLong heard = new AtomicLong();
    private final List<Source> sources = new ArrayList<>();

    /** @param host the host whose devices are watched */
    TrafficTap(MidiHost host) {
        this.host = host;
    }

    /**
     * Opens an input (shared with other clients, reattaching when its driver comes back) and
     * starts it.
     *
     * @param endpoint the input's endpoint id
     * @throws MidiException from opening it (no such input, held by another client, …)
     */
    void openInput(String endpoint) throws MidiException {
        Source s = new Source("in", endpoint);
        s.attach(host.openIn(endpoint, s, OpenOptions.defaults().reconnect(true)));
    }

    /**
     * Spies on an output (what every client sends to it), reattaching when its driver comes back.
     *
     * @param endpoint the output's endpoint id
     * @throws MidiException from opening the spy (no such output, the mapper, …)
     */
    void spyOutput(String endpoint) throws MidiException {
        Source s = new Source("out", endpoint);
        s.attach(host.openSpy(endpoint, s, OpenOptions.defaults().reconnect(true)));
    }

    /**
     * Waits for frames.
     *
     * @param timeout how long at most
     * @param unit its unit
     * @return the frames that came, oldest first; empty if none
     */
    List<String> take(long timeout, TimeUnit unit) throws InterruptedException {
        List<String> out = new ArrayList<>();
        String first = frames.poll(timeout, unit);
        if (first != null) {
            out.add(first);
            frames.drainTo(out, 1023);
        }
        return out;
    }

    /**
     * The once-a-second work of the writer: starts a source whose device came back, and returns
     * the {@code rate} frame of each source and a {@code dropped} frame if messages were dropped.
     *
     * @param seconds the time since the last call, in seconds
     * @return the frames
     */
    List<String> tick(double seconds) {
        List<String> out = new ArrayList<>();
        for (Source s : sources) {
            if (s.reopened.getAndSet(false)) {
                s.restart();
                out.add(SseWriter.frame("reopened", Json.GSON.toJson(new Endpoint(s.endpoint, s.dir))));
            }
            long n = s.count.getAndSet(0);
            out.add(SseWriter.frame("rate", Json.GSON.toJson(new Rate(s.endpoint, s.dir, Math.round(n / seconds)))));
        }
        long d = dropped.getAndSet(0);
        if (d > 0) {
            out.add(SseWriter.frame("dropped", Json.GSON.toJson(new Dropped(d))));
        }
        return out;
    }

    /** Stops and closes every handle; closing twice does nothing more. */
    @Override
    public void close() {
        for (Source s : sources) {
            s.close();
        }
    }

    /** @return the messages heard since the tap opened, from every source, dropped ones included */
    long heard() {
        return heard.get();
    }

    private void offer(String frame) {
        if (!frames.offer(frame)) {
            dropped.incrementAndGet();
        }
    }

    /** The data of a {@code midi} event; {@code channel} is {@code null} (left out) for a system message. */
    record Midi(String dir, String endpoint, long t, String hex, String type, Integer channel, String text) {
    }

    record Rate(String endpoint, String dir, long perSecond) {
    }

    record Endpoint(String endpoint, String dir) {
    }

    record Dropped(long count) {
    }

    /**
     * @param dir {@code in} or {@code out}
     * @param endpoint the endpoint id
     * @param micros the time stamp
     * @param message a short message, packed
     * @return the {@code midi} event's data for it
     */
    static Midi shortEvent(String dir, String endpoint, long micros, int message) {
        int status = message & 0xFF;
        int n = 1 + MessageBytes.dataLength(status);
        return new Midi(dir, endpoint, micros, MessageText.hex(message, n), MessageText.type(status),
                status < 0xF0 ? (status & 0x0F) + 1 : null, MessageText.shortMessage(message));
    }

    /**
     * @return the {@code midi} event's data for a system-exclusive message of {@code length} bytes,
     *         of which {@code kept} (at most {@link #SYSEX_LIMIT}) are in {@code bytes}
     */
    static Midi sysexEvent(String dir, String endpoint, long micros, byte[] bytes, int kept, long length) {
        String text = kept == length ? MessageText.sysex(bytes, kept)
                : "sysex " + length + " bytes (the first " + kept + " shown)";
        return new Midi(dir, endpoint, micros, MessageText.hex(bytes, 0, kept), "SysEx", null, text);
    }

    /** One watched device: its handle and callbacks. */
    private final class Source implements MidiInCallback {
        final String dir;
        final String endpoint;
        /** Messages since the last {@link #tick}. */
        final AtomicLong count = new AtomicLong();
        /** Set by {@link #onOpen} after a reconnect; the writer then starts the handle again. */
        final AtomicBoolean reopened = new AtomicBoolean();
        /** Whether the device went away (a CLOSE we did not cause): the next OPEN is its return. */
        private volatile boolean away;
        private volatile boolean closed;
        private volatile MidiIn handle;
        /** The system-exclusive message being received: only the handle's callback thread touches these. */
        private final byte[] sysex = new byte[SYSEX_LIMIT];
        private int sysexKept;
        private long sysexLength;

        Source(String dir, String endpoint) {
            this.dir = dir;
            this.endpoint = endpoint;
        }

        void attach(MidiIn h) throws MidiException {
            handle = h;
            sources.add(this);
            giveBuffersAndStart();
        }

        private void giveBuffersAndStart() throws MidiException {
            for (int i = 0; i < SYSEX_BUFFERS; i++) {
                MidiHeader b = new MidiHeader(new byte[SYSEX_BUFFER_SIZE]);
                handle.prepareHeader(b);
                handle.addBuffer(b);
            }
            handle.start();
        }

        void restart() {
            try {
                giveBuffersAndStart();
            } catch (MidiException e) {
                offer(SseWriter.frame("error", Json.errorText(endpoint + " came back but could not start: " + e.getMessage())));
            }
        }

        void close() {
            if (closed) {
                return;
            }
            closed = true;
            MidiIn h = handle;
            if (h == null) {
                return;
            }
            try {
                h.reset(); // buffers back
            } catch (MidiException e) {
                // its driver went: closing still releases the handle
            }
            try {
                h.close();
            } catch (MidiException e) {
                // already closed by the host (driver gone, no reconnect)
            }
        }

        private long micros(long nanos) {
            return Math.max(0, (nanos - startNanos) / 1000);
        }

        @Override
        public void onOpen(MidiIn in) {
            if (away && !closed) {
                away = false;
                reopened.set(true);
            }
        }

        @Override
        public void onClose(MidiIn in) {
            if (!closed) {
                away = true;
                offer(SseWriter.frame("closed", Json.GSON.toJson(new Endpoint(endpoint, dir))));
            }
        }

        @Override
        public void onData(MidiIn in, int message, long millis, long nanos) {
            count.incrementAndGet();
            offer(SseWriter.frame("midi", Json.GSON.toJson(shortEvent(dir, endpoint, micros(nanos), message))));
            heard.incrementAndGet(); // after the offer: whoever sees the count can take the frame
        }

        @Override
        public void onLongData(MidiIn in, MidiHeader header, long millis, long nanos) {
            int n = header.bytesRecorded();
            if (n > 0) {
                append(header.data(), n);
                if (header.data()[n - 1] == (byte) 0xF7) {
                    count.incrementAndGet();
                    offer(SseWriter.frame("midi", Json.GSON.toJson(
                            sysexEvent(dir, endpoint, micros(nanos), sysex, sysexKept, sysexLength))));
                    heard.incrementAndGet();
                    sysexKept = 0;
                    sysexLength = 0;
                }
            }
            requeue(in, header);
        }

        @Override
        public void onError(MidiIn in, int message, long millis, long nanos) {
            count.incrementAndGet();
            Midi m = shortEvent(dir, endpoint, micros(nanos), message);
            offer(SseWriter.frame("midi", Json.GSON.toJson(new Midi(dir, endpoint, m.t(), m.hex(), "Error", null,
                    "error " + m.hex()))));
        }

        @Override
        public void onLongError(MidiIn in, MidiHeader header, long millis, long nanos) {
            append(header.data(), header.bytesRecorded());
            offer(SseWriter.frame("midi", Json.GSON.toJson(new Midi(dir, endpoint, micros(nanos),
                    MessageText.hex(sysex, 0, sysexKept), "Error", null,
                    "sysex cut short after " + sysexLength + " bytes"))));
            sysexKept = 0;
            sysexLength = 0;
            requeue(in, header);
        }

        @Override
        public void onOverflow(MidiIn in, long lost) {
            dropped.addAndGet(lost);
        }

        private void append(byte[] data, int n) {
            int keep = Math.min(n, SYSEX_LIMIT - sysexKept);
            System.arraycopy(data, 0, sysex, sysexKept, keep);
            sysexKept += keep;
            sysexLength += n;
        }

        private void requeue(MidiIn in, MidiHeader header) {
            if (closed) {
                return;
            }
            try {
                in.addBuffer(header);
            } catch (MidiException e) {
                // the handle is closing or its driver went: the buffer is not needed any more
            }
        }
    }
}
