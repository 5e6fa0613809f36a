package org.midihost.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * The callbacks of a {@link MidiStream} ({@code MOM_OPEN}, {@code MOM_DONE},
 * {@code MOM_POSITIONCB}, {@code MOM_CLOSE}). Calls for one stream come one at a time and in
 * order, never on the scheduler's thread: a slow callback delays later callbacks, never the
 * music. A callback that throws is logged and does not stop later callbacks.
 *
 * @since 1.3
 */
@ConsumerType
public interface StreamCallback {
    /** A callback that does nothing. */
    StreamCallback NONE = new StreamCallback() {
    };

    /**
     * The stream is open (paused: {@link MidiStream#restart()} starts it). The first callback.
     *
     * @param stream the stream
     */
    default void onOpen(MidiStream stream) {
    }

    /**
     * {@code MOM_DONE}: a buffer is handed back, {@link StreamBuffer#isDone() done}.
     *
     * @param stream the stream
     * @param buffer the buffer
     */
    default void onDone(MidiStream stream, StreamBuffer buffer) {
    }

    /**
     * {@code MOM_POSITIONCB}: an event marked {@link StreamEvent#positionCallback()} was played.
     *
     * @param stream the stream
     * @param buffer the buffer holding it
     * @param index its index in the buffer
     * @param position the stream's position at that event
     */
    default void onPosition(MidiStream stream, StreamBuffer buffer, int index, StreamPosition position) {
    }

    /**
     * {@code MOM_CLOSE}: the stream was closed, or its output went away. The last callback.
     *
     * @param stream the stream
     */
    default void onClose(MidiStream stream) {
    }
}
