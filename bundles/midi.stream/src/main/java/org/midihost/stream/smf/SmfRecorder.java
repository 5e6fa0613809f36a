package org.midihost.stream.smf;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.midihost.api.MidiException;
import org.midihost.api.MidiHeader;
import org.midihost.api.MidiIn;
import org.midihost.api.MidiInCallback;
import org.midihost.api.MidiStream;
import org.midihost.api.TimeDivision;

/**
 * An input's messages, with their time stamps, recorded into a type-1 Standard MIDI File, for
 * every front end that records ({@code midi:record} in the shell, {@code POST /api/record} on
 * the web page): a conductor track (tempo 120 beats per minute, 4/4, "recorded by midihost from
 * NAME") and one track of what arrived, at {@code ppq} ticks per quarter note. System-exclusive
 * messages are kept whole; other system messages go in as F7 escape events.
 *
 * <p>Use: make it, open the input with it as the callback, {@link #start(MidiIn)}; later
 * {@link #stop()} and {@link #toSmf(String)}. A recording is bounded by {@code maxBytes}: past
 * it, it stops taking messages by itself, {@link #isFull()} says so and {@link #awaitEnd(long)}
 * returns, as it does when the input closes (its driver went).
 *
 * <p>Thread-safe: the callbacks come on the handle's delivery thread, the other calls on any.
 */
public final class SmfRecorder implements MidiInCallback {
    private static final int SYSEX_BUFFERS = 8;
    private static final int SYSEX_BUFFER_SIZE = 64 * 1024;
    /** What an event costs against the bound beyond its bytes: its delta time and status, about. */
    private static final int EVENT_OVERHEAD = 4;

    private final int ppq;
    private final double nanosPerTick;
    private final long maxBytes;
    /** Counted down when the input closes or the recording is full. */
    private final CountDownLatch end = new CountDownLatch(1);
    /** Guards the fields below: the callbacks (on the handle's delivery thread) and the caller's thread. */
    private final Object lock = new Object();
    private final List<SmfEvent> events = new ArrayList<>();
    private final ByteArrayOutputStream sysex = new ByteArrayOutputStream();
    private long bytes;
    private long startNanos;
    private boolean stopped;
    private boolean full;
    private boolean closed;
    private int errors;
    private long lost;
    private MidiIn in;

    /**
     * @param ppq ticks per quarter note, 1..32767 (at 120 beats per minute, {@code 480} gives a
     *        tick of 1/960 s)
     * @param maxBytes the most event bytes kept (a short message counts 7, a sysex its length + 4);
     *        {@link Long#MAX_VALUE} for no bound
     */
    public SmfRecorder(int ppq, long maxBytes) {
        if (ppq < 1 || ppq > 0x7FFF) {
            throw new IllegalArgumentException("ppq " + ppq + " is not 1..32767");
        }
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes " + maxBytes + " is not 1 or more");
        }
        this.ppq = ppq;
        this.nanosPerTick = MidiStream.DEFAULT_TEMPO * 1000.0 / ppq;
        this.maxBytes = maxBytes;
    }

    /**
     * Gives the input buffers for system-exclusive messages and starts it; time zero is now.
     *
     * @param input an input opened with this object as its callback, stopped
     * @throws MidiException from the input
     */
    public void start(MidiIn input) throws MidiException {
        synchronized (lock) {
            if (in != null) {
                throw new IllegalStateException("started already");
            }
            in = input;
            startNanos = System.nanoTime();
        }
        for (int i = 0; i < SYSEX_BUFFERS; i++) {
            MidiHeader h = new MidiHeader(new byte[SYSEX_BUFFER_SIZE]);
            input.prepareHeader(h);
            input.addBuffer(h);
        }
        input.start();
    }

    /**
     * Stops taking messages. The input stays open: the caller resets it (its system-exclusive
     * buffers come back) and closes it. Idempotent.
     */
    public void stop() {
        synchronized (lock) {
            stopped = true;
        }
    }

    /**
     * @param millis how long at most
     * @return whether the recording ended by itself (the input closed, or {@link #isFull()})
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean awaitEnd(long millis) throws InterruptedException {
        return end.await(millis, TimeUnit.MILLISECONDS);
    }

    /** @return whether the recording reached its bound and stopped by itself */
    public boolean isFull() {
        synchronized (lock) {
            return full;
        }
    }

    /** @return whether the input closed (its driver went) */
    public boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }

    /** @return the events recorded so far */
    public int events() {
        synchronized (lock) {
            return events.size();
        }
    }

    /** @return malformed messages left out (the input's ERROR and LONGERROR callbacks) */
    public int errors() {
        synchronized (lock) {
            return errors;
        }
    }

    /** @return messages the input lost to overflow */
    public long lost() {
        synchronized (lock) {
            return lost;
        }
    }

    /** @return the time of the last event recorded, in milliseconds from the start */
    public long lengthMillis() {
        synchronized (lock) {
            return events.isEmpty() ? 0 : Math.round(events.get(events.size() - 1).tick() * nanosPerTick / 1e6);
        }
    }

    /** @return the time since {@link #start(MidiIn)} in milliseconds; 0 before */
    public long elapsedMillis() {
        synchronized (lock) {
            return in == null ? 0 : (System.nanoTime() - startNanos) / 1_000_000;
        }
    }

    /**
     * @param name the input's name, for the track names
     * @return what was recorded so far, as a type-1 file
     */
    public Smf toSmf(String name) {
        List<SmfEvent> recorded;
        synchronized (lock) {
            recorded = List.copyOf(events);
        }
        long last = recorded.isEmpty() ? 0 : recorded.get(recorded.size() - 1).tick();
        List<SmfEvent> conductor = List.of(
                SmfEvent.text(0, SmfEvent.META_TRACK_NAME, "recorded by midihost from " + name),
                SmfEvent.timeSignature(0, 4, 4, 24, 8),
                SmfEvent.tempo(0, MidiStream.DEFAULT_TEMPO));
        List<SmfEvent> track = new ArrayList<>(recorded.size() + 1);
        track.add(SmfEvent.text(0, SmfEvent.META_TRACK_NAME, name));
        track.addAll(recorded);
        return Smf.of(1, TimeDivision.ppq(ppq), List.of(new SmfTrack(conductor, last), new SmfTrack(track, last)));
    }

    private long tick(long nanos) {
        return Math.max(0, Math.round((nanos - startNanos) / nanosPerTick));
    }

    /** Adds an event unless stopped or full. Holding {@link #lock}. */
    private void add(SmfEvent e, int size) {
        if (stopped || full) {
            return;
        }
        if (bytes + size + EVENT_OVERHEAD > maxBytes) {
            full = true;
            end.countDown();
            return;
        }
        bytes += size + EVENT_OVERHEAD;
        events.add(e);
    }

    @Override
    public void onData(MidiIn handle, int message, long millis, long nanos) {
        int status = message & 0xFF;
        synchronized (lock) {
            if (status >= 0x80 && status < 0xF0) {
                add(SmfEvent.channel(tick(nanos), message), 3);
            } else {
                // system common and real time: an F7 escape event carries the raw bytes
                int length = status == 0xF2 ? 3 : status == 0xF1 || status == 0xF3 ? 2 : 1;
                byte[] b = new byte[length];
                for (int i = 0; i < length; i++) {
                    b[i] = (byte) (message >> (8 * i));
                }
                add(SmfEvent.escape(tick(nanos), b), length);
            }
        }
    }

    @Override
    public void onLongData(MidiIn handle, MidiHeader header, long millis, long nanos) {
        int n = header.bytesRecorded();
        synchronized (lock) {
            if (n > 0 && !stopped && !full) {
                sysex.write(header.data(), 0, n);
                if (header.data()[n - 1] == (byte) 0xF7) {
                    byte[] whole = sysex.toByteArray();
                    sysex.reset();
                    add(SmfEvent.sysex(tick(nanos), whole), whole.length);
                } else if (sysex.size() > maxBytes) {
                    sysex.reset();
                    full = true;
                    end.countDown();
                }
            }
            requeue(header);
        }
    }

    @Override
    public void onError(MidiIn handle, int message, long millis, long nanos) {
        synchronized (lock) {
            errors++;
        }
    }

    @Override
    public void onLongError(MidiIn handle, MidiHeader header, long millis, long nanos) {
        synchronized (lock) {
            errors++;
            sysex.reset();
            requeue(header);
        }
    }

    @Override
    public void onOverflow(MidiIn handle, long count) {
        synchronized (lock) {
            lost += count;
        }
    }

    @Override
    public void onClose(MidiIn handle) {
        synchronized (lock) {
            closed = true;
        }
        end.countDown();
    }

    /** Gives a buffer back to the input unless recording stopped. Holding {@link #lock}. */
    private void requeue(MidiHeader header) {
        if (stopped || full || in == null) {
            return;
        }
        try {
            in.addBuffer(header);
        } catch (MidiException e) {
            // the handle is closing or its driver went: CLOSE follows
        }
    }
}
