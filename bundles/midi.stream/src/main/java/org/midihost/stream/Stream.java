package org.midihost.stream;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.Executor;
import org.midihost.api.MidiException;
import org.midihost.api.MidiHeader;
import org.midihost.api.MidiOut;
import org.midihost.api.MidiOutCallback;
import org.midihost.api.MidiOutCaps;
import org.midihost.api.MidiStream;
import org.midihost.api.MmResult;
import org.midihost.api.StreamBuffer;
import org.midihost.api.StreamCallback;
import org.midihost.api.StreamEvent;
import org.midihost.api.StreamPosition;
import org.midihost.api.TimeDivision;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link MidiStream}: a queue of buffers played on an output handle by the scheduler's
 * {@link Clock}. The time of each event is {@code start + timeline(tick)}: from the moment the
 * stream started (moved on by pauses) and the tempo segments, never accumulated.
 *
 * <p>One lock per stream, {@link #lock}, guards every field below it and is held while the clock
 * thread sends the events that are due, so that pause, stop and close (which silence the notes
 * sounding under the same lock) are ordered with the music: no note-on goes out after the
 * note-offs of a pause. It is a lock of this stream only, never of the host: sending under it
 * calls into the host and a driver, which never call back into the stream synchronously except
 * through this handle's callbacks, which do not take it while waiting for anything.
 */
final class Stream implements MidiStream {
    private static final Logger LOG = LoggerFactory.getLogger(Stream.class);

    private enum State { STOPPED, PLAYING, PAUSED, CLOSED }

    private final Clock clock;
    private final Executor callbacks;
    private final StreamCallback callback;
    private final long offsetNanos;
    private final Runnable onClosed;
    private MidiOut out; // set once by open(), before the stream is shared

    /** Guards the fields below; see the class comment. */
    private final Object lock = new Object();
    private State state = State.STOPPED;
    private final ArrayDeque<StreamBuffer> buffers = new ArrayDeque<>();
    /** Index of the next event in the head buffer. */
    private int next;
    /** Tick of the last event played. */
    private long tick;
    private final Timeline timeline = new Timeline(DEFAULT_DIVISION, DEFAULT_TEMPO);
    /** The tempo property: what the stream starts with after a stop. */
    private int baseTempo = DEFAULT_TEMPO;
    /** {@link System#nanoTime()} at stream time 0 (moved on by each pause) while playing. */
    private long start;
    /**
     * Whether {@link #start} is still to be taken when the player first runs after
     * {@link #restart}: the clock thread's wake-up then delays the whole stream evenly, instead of
     * making its first event late against all the others.
     */
    private boolean anchorPending;
    /** Stream time where a pause held it. */
    private long pausedAt;
    /** Changes whenever the player scheduled on the clock is no longer the right one. */
    private long generation;
    /** Whether the player ran out of events and waits for {@link #out}. */
    private boolean starved;
    private final Notes notes = new Notes();
    /** A system-exclusive message begun by a LONG event without its F7, continued by the next ones. */
    private java.io.ByteArrayOutputStream pendingSysex;
    private long sendErrors;

    private Stream(Clock clock, Executor callbacks, StreamCallback callback, long offsetNanos, Runnable onClosed) {
        this.clock = clock;
        this.callbacks = callbacks;
        this.callback = callback;
        this.offsetNanos = offsetNanos;
        this.onClosed = onClosed;
    }

    /**
     * Opens the output and the stream on it.
     *
     * @param scheduler the scheduler (clock, callbacks, offsets)
     * @param opener opens the output handle with the callback it is given
     * @param callback the stream's callbacks
     * @return the stream, stopped (paused at zero)
     * @throws MidiException what the opener throws
     */
    static Stream open(StreamScheduler scheduler, org.midihost.api.MidiScheduler.OutOpener opener,
            StreamCallback callback) throws MidiException {
        if (callback == null) {
            throw new MidiException(MmResult.MMSYSERR_INVALPARAM, "stream callback is null");
        }
        Stream[] self = new Stream[1];
        MidiOut out = opener.open(new MidiOutCallback() {
            @Override
            public void onDone(MidiOut o, MidiHeader header) {
                if (header.userData() == Stream.class) { // one of ours: a long event sent
                    try {
                        o.unprepareHeader(header);
                    } catch (MidiException e) {
                        // the handle is closed: nothing to unprepare any more
                    }
                }
            }

            @Override
            public void onClose(MidiOut o) {
                if (self[0] != null) {
                    self[0].outputGone();
                }
            }
        });
        if (out == null) {
            throw new MidiException(MmResult.MMSYSERR_ERROR, "the output opener returned no handle");
        }
        Stream s = new Stream(scheduler.clock(), scheduler.callbacks(), callback,
                scheduler.latencyNanos(out.caps().endpointId()), () -> scheduler.closed(self[0]));
        s.out = out;
        self[0] = s;
        s.post(() -> callback.onOpen(s));
        return s;
    }

    @Override
    public MidiOutCaps caps() {
        return out.caps();
    }

    @Override
    public void out(StreamBuffer buffer) throws MidiException {
        if (buffer == null) {
            throw new MidiException(MmResult.MMSYSERR_INVALPARAM, "stream buffer is null");
        }
        synchronized (lock) {
            checkOpen();
            if (!buffer.markQueued()) {
                throw new MidiException(MmResult.MIDIERR_STILLPLAYING, "the buffer is already queued");
            }
            buffers.add(buffer);
            if (state == State.PLAYING && starved) {
                starved = false;
                arm(System.nanoTime());
            }
        }
    }

    @Override
    public TimeDivision timeDivision() throws MidiException {
        synchronized (lock) {
            checkOpen();
            return timeline.division();
        }
    }

    @Override
    public void setTimeDivision(TimeDivision division) throws MidiException {
        if (division == null) {
            throw new MidiException(MmResult.MMSYSERR_INVALPARAM, "time division is null");
        }
        synchronized (lock) {
            checkOpen();
            if (state != State.STOPPED || tick != 0) {
                throw new MidiException(MmResult.MIDIERR_STILLPLAYING,
                        "the time division can change only while the stream is stopped");
            }
            timeline.reset(division, baseTempo);
        }
    }

    @Override
    public int tempo() throws MidiException {
        synchronized (lock) {
            checkOpen();
            return timeline.tempo();
        }
    }

    @Override
    public void setTempo(int microsPerQuarter) throws MidiException {
        if (microsPerQuarter < 1 || microsPerQuarter > 0xFFFFFF) {
            throw new MidiException(MmResult.MMSYSERR_INVALPARAM,
                    "tempo " + microsPerQuarter + " µs per quarter note is outside 1..16777215");
        }
        synchronized (lock) {
            checkOpen();
            baseTempo = microsPerQuarter;
            switch (state) {
                case STOPPED -> {
                    if (tick == 0) {
                        timeline.reset(timeline.division(), microsPerQuarter);
                    } else {
                        timeline.tempoAtTime(pausedAt, microsPerQuarter);
                    }
                }
                case PAUSED -> timeline.tempoAtTime(pausedAt, microsPerQuarter);
                case PLAYING -> {
                    long now = System.nanoTime();
                    anchor(now);
                    timeline.tempoAtTime(now - start, microsPerQuarter);
                    arm(now); // the next event's time changed
                }
                default -> throw new IllegalStateException(state.name());
            }
        }
    }

    @Override
    public StreamPosition position() throws MidiException {
        synchronized (lock) {
            checkOpen();
            long t = switch (state) {
                case PLAYING -> Math.max(0, System.nanoTime() - start);
                default -> pausedAt;
            };
            long ticks = state == State.STOPPED && tick == 0 ? 0 : Math.max(tick, timeline.tickAt(t));
            return new StreamPosition(t / 1_000_000, ticks);
        }
    }

    @Override
    public void pause() throws MidiException {
        synchronized (lock) {
            checkOpen();
            if (state != State.PLAYING) {
                return;
            }
            pausedAt = Math.max(0, System.nanoTime() - start);
            state = State.PAUSED;
            generation++;
            silence();
        }
    }

    @Override
    public void restart() throws MidiException {
        synchronized (lock) {
            checkOpen();
            if (state == State.PLAYING) {
                return;
            }
            long now = System.nanoTime();
            start = now - pausedAt;
            anchorPending = true;
            state = State.PLAYING;
            arm(now);
        }
    }

    @Override
    public void stop() throws MidiException {
        synchronized (lock) {
            checkOpen();
            generation++;
            silence();
            handBackAll();
            state = State.STOPPED;
            pendingSysex = null;
            tick = 0;
            next = 0;
            pausedAt = 0;
            starved = false;
            timeline.reset(timeline.division(), baseTempo);
        }
    }

    @Override
    public boolean isOpen() {
        synchronized (lock) {
            return state != State.CLOSED;
        }
    }

    @Override
    public void close() throws MidiException {
        synchronized (lock) {
            if (state == State.CLOSED) {
                return;
            }
            if (!buffers.isEmpty()) {
                throw new MidiException(MmResult.MIDIERR_STILLPLAYING,
                        buffers.size() + " buffer(s) still queued: stop the stream first");
            }
            generation++;
            silence();
            state = State.CLOSED;
        }
        try {
            out.close();
        } finally {
            finish();
        }
    }

    /** The output handle went away (its driver left, and it does not reconnect). */
    private void outputGone() {
        synchronized (lock) {
            if (state == State.CLOSED) {
                return;
            }
            generation++;
            handBackAll();
            state = State.CLOSED;
        }
        LOG.info("stream on {}: the output went away; the stream is closed", out.caps().endpointId());
        finish();
    }

    private void finish() {
        post(() -> callback.onClose(this));
        onClosed.run();
    }

    private void checkOpen() throws MidiException {
        if (state == State.CLOSED) {
            throw new MidiException(MmResult.MMSYSERR_INVALHANDLE, "the stream is closed");
        }
    }

    /** Takes stream time 0 now if {@link #restart} left it pending. Holding {@link #lock}. */
    private void anchor(long now) {
        if (anchorPending) {
            anchorPending = false;
            start = now - pausedAt;
        }
    }

    /** Schedules a new player at the next event's time, or now. Holding {@link #lock}. */
    private void arm(long now) {
        long gen = ++generation;
        clock.add(now, new Player(gen));
    }

    /** Hands every queued buffer back DONE. Holding {@link #lock}. */
    private void handBackAll() {
        StreamBuffer b;
        while ((b = buffers.poll()) != null) {
            handBack(b);
        }
        next = 0;
    }

    private void handBack(StreamBuffer b) {
        b.markDone();
        post(() -> callback.onDone(this, b));
    }

    /** Note-offs for every note the stream left sounding. Holding {@link #lock}. */
    private void silence() {
        notes.silence(m -> send(m));
    }

    private void post(Runnable r) {
        callbacks.execute(() -> {
            try {
                r.run();
            } catch (RuntimeException e) {
                LOG.error("stream callback failed", e);
            }
        });
    }

    private void send(int message) {
        try {
            out.shortMsg(message);
        } catch (MidiException e) {
            sendFailed(e);
        }
    }

    private void sendLong(byte[] data) {
        MidiHeader h = new MidiHeader(data);
        h.setUserData(Stream.class);
        try {
            out.prepareHeader(h);
            out.longMsg(h);
        } catch (MidiException e) {
            sendFailed(e);
        }
    }

    /**
     * A LONG event: a whole system-exclusive message goes out as it is. As in a Standard MIDI
     * File, a message may come in packets (an {@code F0} event without its {@code F7}, then
     * continuations): it goes out whole, atomic, when its {@code F7} comes. Other bytes (an SMF
     * {@code F7} escape carrying, say, a song position or real-time bytes) go out as short
     * messages. Holding {@link #lock}, on the clock thread.
     */
    private void playLong(byte[] data) {
        int first = data[0] & 0xFF;
        boolean ends = (data[data.length - 1] & 0xFF) == 0xF7;
        if (first == 0xF0) {
            if (pendingSysex != null) {
                sendFailed(new MidiException(MmResult.MMSYSERR_INVALPARAM,
                        "a system-exclusive message began before the previous one ended; the previous is dropped"));
            }
            pendingSysex = null;
            if (ends) {
                sendLong(data);
                return;
            }
            pendingSysex = new java.io.ByteArrayOutputStream();
            pendingSysex.writeBytes(data);
            return;
        }
        if (pendingSysex != null) {
            pendingSysex.writeBytes(data);
            if (ends) {
                byte[] whole = pendingSysex.toByteArray();
                pendingSysex = null;
                sendLong(whole);
            }
            return;
        }
        sendRaw(data);
    }

    /** Raw bytes of short messages (an F7 escape): each complete message, running status allowed. */
    private void sendRaw(byte[] data) {
        int status = 0;
        int i = 0;
        while (i < data.length) {
            int b = data[i] & 0xFF;
            if (b >= 0x80) {
                status = b;
                i++;
                if (b >= 0xF8 || b == 0xF6) {
                    send(b); // real time and tune request: one byte
                    if (b < 0xF8) {
                        status = 0;
                    }
                    continue;
                }
            }
            int length = status == 0 || status == 0xF0 || status == 0xF7 ? -1 : dataBytes(status);
            if (length < 0 || i + length > data.length) {
                sendFailed(new MidiException(MmResult.MMSYSERR_INVALPARAM, "escaped bytes that are not whole MIDI messages"));
                return;
            }
            int m = status;
            for (int k = 0; k < length; k++) {
                int d = data[i + k] & 0xFF;
                if (d >= 0x80) {
                    sendFailed(new MidiException(MmResult.MMSYSERR_INVALPARAM, "escaped bytes that are not whole MIDI messages"));
                    return;
                }
                m |= d << (8 * (k + 1));
            }
            i += length;
            notes.sent(m);
            send(m);
            if (status >= 0xF0) {
                status = 0; // system common has no running status
            }
        }
    }

    private static int dataBytes(int status) {
        return switch (status & 0xF0) {
            case 0xC0, 0xD0 -> 1;
            case 0xF0 -> status == 0xF2 ? 2 : status == 0xF1 || status == 0xF3 ? 1 : 0;
            default -> 2;
        };
    }

    private void sendFailed(MidiException e) {
        if (sendErrors++ == 0) {
            LOG.warn("stream on {}: a message was not sent: {}", out.caps().endpointId(), e.getMessage());
        }
    }

    /**
     * Plays the events that are due: on the clock thread, holding {@link #lock}.
     *
     * @return when the next event is due, or {@link Clock#NEVER}
     */
    private long play(long gen, long now) {
        synchronized (lock) {
            if (gen != generation || state != State.PLAYING) {
                return Clock.NEVER;
            }
            anchor(now);
            while (true) {
                StreamBuffer b = buffers.peek();
                if (b == null) {
                    starved = true;
                    return Clock.NEVER;
                }
                List<StreamEvent> events = b.events();
                StreamEvent e = events.get(next);
                long at = tick + e.deltaTicks();
                long streamNanos = timeline.nanosAt(at);
                long due = start + offsetNanos + streamNanos;
                if (due - now > 0) {
                    return due;
                }
                tick = at;
                switch (e.kind()) {
                    case SHORT -> {
                        notes.sent(e.value());
                        send(e.value());
                    }
                    case TEMPO -> timeline.tempoAtTick(at, e.value());
                    case LONG -> playLong(e.data());
                    case NOP -> {
                    }
                }
                int index = next;
                if (e.positionCallback()) {
                    StreamPosition p = new StreamPosition(streamNanos / 1_000_000, at);
                    post(() -> callback.onPosition(this, b, index, p));
                }
                if (++next == events.size()) {
                    buffers.poll();
                    next = 0;
                    handBack(b);
                }
            }
        }
    }

    /** The stream's job on the clock for one generation. */
    private final class Player implements Clock.Job {
        private final long gen;

        Player(long gen) {
            this.gen = gen;
        }

        @Override
        public long run(long now) {
            return play(gen, now);
        }

        @Override
        public String toString() {
            return "stream on " + out.caps().endpointId();
        }
    }

    @Override
    public String toString() {
        return "MidiStream[" + out.caps().endpointId() + "]";
    }
}
