package org.midihost.stream.smf;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.midihost.api.MidiException;
import org.midihost.api.MidiStream;
import org.midihost.api.StreamBuffer;
import org.midihost.api.StreamCallback;
import org.midihost.api.StreamEvent;
import org.midihost.api.TimeDivision;

/**
 * One Standard MIDI File played through a host stream ({@code midiStreamOut}), for every front end
 * that plays files ({@code midi:play} in the shell, {@code POST /api/play} on the web page). The
 * file's events go into stream buffers of {@value #BUFFER_EVENTS} events, all queued at once;
 * the playback is done when the stream has handed every buffer back (or closed).
 *
 * <p>Use: make it, open the stream with it as the callback, then {@link #start(MidiStream)}:
 * <pre>{@code
 * SmfPlayback p = new SmfPlayback(smf);
 * MidiStream s = host.openStream("synth/0", p, OpenOptions.defaults());
 * p.start(s);
 * p.awaitDone(60_000);
 * p.close();
 * }</pre>
 *
 * <p>Thread-safe: {@link #stop()}, {@link #positionMillis()} and {@link #isDone()} may be called
 * from any thread while another waits in {@link #awaitDone(long)}.
 */
public final class SmfPlayback implements StreamCallback {
    /** Events per stream buffer: {@value}. */
    public static final int BUFFER_EVENTS = 1024;
    /** How long {@link #stop()} waits for the stream to hand its buffers back: {@value} ms. */
    private static final long STOP_MILLIS = 5_000;

    private final TimeDivision division;
    private final List<StreamBuffer> buffers;
    private final int events;
    private final long durationMillis;
    /** Counted down once per buffer handed back, and to zero when the stream closes. */
    private final CountDownLatch done;
    private volatile MidiStream stream;
    private volatile boolean stopped;

    /**
     * @param smf the file, as the strict {@link SmfReader} read it
     */
    public SmfPlayback(Smf smf) {
        Objects.requireNonNull(smf, "smf");
        List<StreamEvent> all = SmfStreams.toStreamEvents(smf);
        this.division = smf.division();
        this.events = all.size();
        this.durationMillis = Math.round(TempoMap.of(smf).durationMicros() / 1000);
        List<StreamBuffer> b = new ArrayList<>();
        for (int i = 0; i < all.size(); i += BUFFER_EVENTS) {
            b.add(new StreamBuffer(all.subList(i, Math.min(all.size(), i + BUFFER_EVENTS)), null));
        }
        if (b.isEmpty()) {
            b.add(new StreamBuffer(List.of(StreamEvent.nop(0)), null));
        }
        this.buffers = List.copyOf(b);
        this.done = new CountDownLatch(buffers.size());
    }

    /** @return the number of stream events the file gave */
    public int events() {
        return events;
    }

    /** @return the file's length in milliseconds, by its tempo map */
    public long durationMillis() {
        return durationMillis;
    }

    /**
     * Sets the stream's time division to the file's, queues every buffer and starts the stream.
     *
     * @param stream a stream opened with this object as its callback, stopped
     * @throws MidiException from the stream
     * @throws IllegalStateException if started before
     */
    public void start(MidiStream stream) throws MidiException {
        Objects.requireNonNull(stream, "stream");
        synchronized (this) { // guards: the one start
            if (this.stream != null) {
                throw new IllegalStateException("started already");
            }
            this.stream = stream;
        }
        stream.setTimeDivision(division);
        for (StreamBuffer b : buffers) {
            stream.out(b);
        }
        stream.restart();
    }

    /**
     * @param millis how long at most
     * @return whether the playback is done (every buffer back, or the stream closed)
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean awaitDone(long millis) throws InterruptedException {
        return done.await(millis, TimeUnit.MILLISECONDS);
    }

    /** @return whether every buffer came back or the stream closed */
    public boolean isDone() {
        return done.getCount() == 0;
    }

    /** @return whether {@link #stop()} was called */
    public boolean isStopped() {
        return stopped;
    }

    /** @return whether the stream is open (false once its driver went, or after {@link #close()}) */
    public boolean isOpen() {
        MidiStream s = stream;
        return s != null && s.isOpen();
    }

    /**
     * @return the stream's position in milliseconds, at most {@link #durationMillis()}; 0 before
     *         the start
     * @throws MidiException from the stream (e.g. {@code MMSYSERR_NODRIVER} once its driver went)
     */
    public long positionMillis() throws MidiException {
        MidiStream s = stream;
        return s == null ? 0 : Math.min(s.position().millis(), durationMillis);
    }

    /**
     * Stops the stream (every buffer comes back) and waits for that, bounded. Calling it twice, or
     * after the end, does nothing more.
     *
     * @throws MidiException from the stream
     * @throws InterruptedException if interrupted while waiting
     */
    public void stop() throws MidiException, InterruptedException {
        stopped = true;
        MidiStream s = stream;
        if (s != null && s.isOpen() && !isDone()) {
            s.stop();
            done.await(STOP_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Stops the stream if it still plays, and closes it. Idempotent.
     *
     * @throws MidiException from the stream
     */
    public void close() throws MidiException {
        MidiStream s = stream;
        if (s != null && s.isOpen()) {
            if (!isDone()) {
                s.stop();
            }
            s.close();
        }
    }

    @Override
    public void onDone(MidiStream stream, StreamBuffer buffer) {
        done.countDown();
    }

    @Override
    public void onClose(MidiStream stream) {
        while (done.getCount() > 0) {
            done.countDown();
        }
    }
}
