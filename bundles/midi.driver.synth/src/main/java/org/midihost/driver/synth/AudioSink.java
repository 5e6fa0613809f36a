package org.midihost.driver.synth;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Where the {@link Renderer} puts the synthesizer's audio: 16-bit signed little-endian PCM
 * frames. Called from the render thread only, so implementations need no lock of their own.
 */
interface AudioSink {
    /** Drops the audio. */
    AudioSink NULL = new AudioSink() {
        @Override
        public void write(ByteBuffer frames) {
            frames.position(frames.limit());
        }

        @Override
        public boolean pacesItself() {
            return false;
        }

        @Override
        public void close() {
        }

        @Override
        public String toString() {
            return "null";
        }
    };

    /**
     * Takes the bytes between the buffer's position and its limit, whole frames.
     *
     * @param frames the audio; its position ends at its limit
     * @throws IOException if the audio cannot be stored; the renderer then drops the rest
     */
    void write(ByteBuffer frames) throws IOException;

    /**
     * @return whether {@link #write} blocks until the audio is played (a sound card's clock then
     *         paces the rendering); otherwise the renderer paces itself by the system clock
     */
    boolean pacesItself();

    /** Ends the output; nothing is written after. Idempotent; never throws (a failure is logged). */
    void close();
}
