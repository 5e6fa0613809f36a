package org.midihost.driver.synth;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The render thread of one audio session: pulls the synthesizer's audio stream block by block in
 * real time, applies the device volume, and hands the block to the {@link AudioSink}.
 *
 * <p>Pacing: a sink that {@linkplain AudioSink#pacesItself() paces itself} (a sound card) is
 * written as fast as it takes; otherwise the renderer keeps its position {@code lead} ahead of the
 * system clock, so that a message sent now sounds within {@code lead} in the output, and a WAV file's
 * length matches the time it was recorded. A message reaches the synthesizer on the sender's thread
 * and takes effect in the next block rendered.
 *
 * <p>Ending: {@link #endAfter(long)} marks the frame where the session may end (the last
 * client's close plus the tail); when the rendering gets there the thread asks {@link Ending#mayEnd()}
 * (the driver answers under its session lock, so that a client opening meanwhile keeps the session
 * going) and, if so, ends on its own. {@link #stop()} ends it at once.
 *
 * <p>The sink is touched by the render thread only, and closed by it when it ends, before
 * {@code ended} runs: after {@link #stop()} returns the WAV file is complete.
 */
final class Renderer {
    private static final Logger LOG = LoggerFactory.getLogger(Renderer.class);
    private static final int FRAME_BYTES = 4; // 16-bit stereo
    private static final int FULL = 0xFFFF;

    private final String name;
    private final InputStream audio;
    private final double frameRate;
    private final long leadNanos;
    private final int blockFrames;
    private final Thread thread;
    private final String target;
    private final Volume volume;
    private final Ending ending;
    private final Runnable ended;
    private AudioSink sink; // render thread only
    private volatile boolean running = true;
    /** The frame from which the session may end; -1 while a client has it open. */
    private volatile long endFrame = -1;
    /** Frames rendered so far; written by the render thread only. */
    private volatile long frames;

    /**
     * @param name the driver id, for the thread name and the log
     * @param audio the synthesizer's stream, 16-bit signed little-endian stereo
     * @param frameRate its frame rate
     * @param latencyMillis how far rendering runs ahead of the clock; a block is a quarter of it
     * @param sink where the audio goes
     * @param volume the device volume, applied to every block
     * @param ending asked, on the render thread, whether the session may end once past {@link #endAfter}
     * @param ended run on the render thread as it ends, after the sink is closed
     */
    Renderer(String name, InputStream audio, float frameRate, int latencyMillis, AudioSink sink, Volume volume,
            Ending ending, Runnable ended) {
        this.name = name;
        this.audio = audio;
        this.frameRate = frameRate;
        this.sink = sink;
        this.volume = volume;
        this.ending = ending;
        this.ended = ended;
        this.target = sink.toString();
        this.leadNanos = TimeUnit.MILLISECONDS.toNanos(latencyMillis);
        this.blockFrames = Math.max(32, (int) (frameRate * latencyMillis / 4000.0));
        this.thread = new Thread(this::run, "midihost-synth-" + name);
        this.thread.setDaemon(true);
    }

    /** Starts the render thread. */
    void start() {
        thread.start();
    }

    /** @return the frames rendered so far (the synthesizer's clock) */
    long frames() {
        return frames;
    }

    /** Whether a session whose rendering reached its end frame may end now. */
    @FunctionalInterface
    interface Ending {
        /** @return {@code true} to end the rendering; {@code false} if a client opened meanwhile */
        boolean mayEnd();
    }

    /**
     * The session may end once {@code tailFrames} more frames are rendered (the last client closed).
     *
     * @param tailFrames frames to render first, 0 or more
     */
    void endAfter(long tailFrames) {
        endFrame = frames + tailFrames;
    }

    /** A client opened again: the session goes on. */
    void keepGoing() {
        endFrame = -1;
    }

    /**
     * Waits until the tail has been rendered and the thread ended, if the session is in its tail;
     * returns at once otherwise.
     *
     * @param deadline the latest {@link System#nanoTime()} to wait until
     */
    void awaitTail(long deadline) {
        while (endFrame >= 0 && thread.isAlive()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            try {
                thread.join(Math.max(1, java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(left)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** @return whether the render thread has not ended yet */
    boolean isAlive() {
        return thread.isAlive();
    }

    /**
     * Stops the render thread and waits for it: the sink is closed (a WAV file complete) when this
     * returns. Idempotent.
     */
    void stop() {
        running = false;
        LockSupport.unpark(thread);
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true; // finish the wait: the WAV file must be complete when we return
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        byte[] block = new byte[blockFrames * FRAME_BYTES];
        ByteBuffer buffer = ByteBuffer.wrap(block);
        long start = System.nanoTime();
        try {
            while (running) {
                long end = endFrame;
                if (end >= 0 && frames >= end && ending.mayEnd()) {
                    break;
                }
                if (!sink.pacesItself()) {
                    long due = start + (long) (frames * 1e9 / frameRate) - leadNanos;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(this, wait);
                        continue; // woken early by stop(), or spuriously: check again
                    }
                }
                int n = audio.readNBytes(block, 0, block.length);
                if (n < FRAME_BYTES) {
                    LOG.error("synth '{}': the synthesizer's audio stream ended; no more audio", name);
                    break;
                }
                n -= n % FRAME_BYTES;
                applyVolume(block, n, volume.get());
                buffer.clear().limit(n);
                try {
                    sink.write(buffer);
                } catch (IOException e) {
                    LOG.error("synth '{}': writing to {} failed; audio is dropped from now on", name, sink, e);
                    sink.close();
                    sink = AudioSink.NULL;
                }
                frames += n / FRAME_BYTES;
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("synth '{}': rendering failed; no more audio", name, e);
        } finally {
            sink.close();
            ended.run();
        }
    }

    /** Scales 16-bit little-endian stereo samples in place: left by the low half of {@code v}, right by the high. */
    static void applyVolume(byte[] b, int length, int v) {
        int left = v & FULL;
        int right = v >>> 16;
        if (left == FULL && right == FULL) {
            return;
        }
        for (int i = 0; i + 3 < length; i += FRAME_BYTES) {
            scale(b, i, left);
            scale(b, i + 2, right);
        }
    }

    private static void scale(byte[] b, int i, int gain) {
        int s = (short) ((b[i] & 0xFF) | b[i + 1] << 8);
        s = s * gain / FULL;
        b[i] = (byte) s;
        b[i + 1] = (byte) (s >> 8);
    }

    @Override
    public String toString() {
        return "Renderer[" + name + " to " + target + "]";
    }
}
