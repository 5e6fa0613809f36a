package org.midihost.spi;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A synthesizer that renders timed messages into a WAV file as fast as the machine can, with no
 * real-time wait ({@code midi:render}). A synthesizer driver registers it as a service next to
 * its {@link MidiDriver}, with the same {@value MidiDriver#ID} service property. Each call renders
 * on a synthesizer of its own: it never touches the driver's devices or their clients.
 *
 * @since 1.3
 */
@ConsumerType
public interface OfflineRenderer {
    /** A message at a time. */
    record TimedMessage(long micros, byte[] bytes) {
        /**
         * @param micros when, in microseconds from the start, 0 or more
         * @param bytes a complete MIDI message: a short message or {@code F0 … F7}
         */
        public TimedMessage {
            if (micros < 0) {
                throw new IllegalArgumentException("time " + micros + " µs is negative");
            }
            if (bytes == null || bytes.length == 0) {
                throw new IllegalArgumentException("a timed message needs bytes");
            }
        }
    }

    /**
     * Renders the messages, in time order, then {@code tailMicros} more for the last notes to ring
     * out, into a 16-bit stereo WAV file.
     *
     * @param messages the messages, sorted by time
     * @param tailMicros time rendered after the last message, 0 or more
     * @param wav the file to write (replaced)
     * @return the length of the audio written, in microseconds
     * @throws IOException if the file cannot be written
     * @throws IllegalArgumentException if the messages are not in time order
     * @throws IllegalStateException if the synthesizer cannot be opened (the message says why)
     */
    long render(List<TimedMessage> messages, long tailMicros, Path wav) throws IOException;
}
