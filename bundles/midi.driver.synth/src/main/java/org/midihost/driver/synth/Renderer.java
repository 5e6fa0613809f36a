package org.midihost.driver.synth;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The render thread: pulls the synthesizer's audio stream block by block in real time, applies
 * the device volume, and hands the block to the {@link AudioSink}.
 *
 * <p>Pacing: a sink that {@linkplain AudioSink#pacesItself() paces itself} (a sound card) is
 * written as fast as it takes; otherwise the renderer keeps its position {@code lead} ahead of the
 * system clock, so that a message sent now sounds within {@code lead} in the output, and a WAV file's
 * length matches the time it was recorded. A message reaches the synthesizer on the sender's thread
 * and takes effect in the next block rendered.
 *
 * <p>The sink is touched by the render thread only, and closed by it when it ends: after
 * {@link #stop()} returns the WAV file is complete.
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
    private AudioSink sink; // render thread only
    /** WinMM packing: left in the low 16 bits, right in the high 16. */
    private volatile int volume = 0xFFFF_FFFF;
    private volatile boolean running = true;
    /** Frames rendered so far; written by the render thread only. */
    private volatile long frames;

    /**
     * @param name the driver id, for the thread name and the log
     * @param audio the synthesizer's stream, 16-bit signed little-endian stereo
     * @param frameRate its frame rate
     * @param latencyMillis how far rendering runs ahead of the clock; a block is a quarter of it
     * @param sink where the audio goes
     */
    Renderer(String name, InputStream audio, float frameRate, int latencyMillis, AudioSink sink) {
        this.name = name;
        this.audio = audio;
        this.frameRate = frameRate;
        this.sink = sink;
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

    /** @return the volume, WinMM packing */
    int volume() {
        return volume;
    }

    /** @param v the volume, WinMM packing: left in the low 16 bits, right in the high 16 */
    void setVolume(int v) {
        volume = v;
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
                applyVolume(block, n, volume);
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
