package org.midihost.api;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A buffer of timed events given to {@link MidiStream#out} ({@code MIDIHDR} of
 * {@code midiStreamOut}). The stream plays its events in order and hands it back through
 * {@link StreamCallback#onDone}: played, or returned by {@link MidiStream#stop()} or by the
 * stream's output going away. A buffer can be queued again once done.
 *
 * @since 1.3
 */
public final class StreamBuffer {
    /** Set while the buffer is queued on a stream. */
    public static final int INQUEUE = MidiHeader.INQUEUE;
    /** Set when the stream hands the buffer back. */
    public static final int DONE = MidiHeader.DONE;

    private final List<StreamEvent> events;
    private final Object userData;
    private final AtomicInteger flags = new AtomicInteger();

    /**
     * @param events the events, at least one; copied
     * @param userData anything the caller wants back with the buffer ({@code dwUser}), or {@code null}
     * @throws IllegalArgumentException if there is no event
     */
    public StreamBuffer(List<StreamEvent> events, Object userData) {
        this.events = List.copyOf(events);
        if (this.events.isEmpty()) {
            throw new IllegalArgumentException("a stream buffer needs at least one event");
        }
        this.userData = userData;
    }

    /** @return the events, in order */
    public List<StreamEvent> events() {
        return events;
    }

    /** @return what the caller gave with the buffer */
    public Object userData() {
        return userData;
    }

    /** @return whether the stream holds the buffer */
    public boolean isInQueue() {
        return (flags.get() & INQUEUE) != 0;
    }

    /** @return whether the stream handed the buffer back */
    public boolean isDone() {
        return (flags.get() & DONE) != 0;
    }

    /**
     * For the stream implementation: takes the buffer into a queue.
     *
     * @return false if it is already queued
     */
    public boolean markQueued() {
        int old;
        do {
            old = flags.get();
            if ((old & INQUEUE) != 0) {
                return false;
            }
        } while (!flags.compareAndSet(old, INQUEUE));
        return true;
    }

    /** For the stream implementation: hands the buffer back (not queued, done). */
    public void markDone() {
        flags.set(DONE);
    }

    @Override
    public String toString() {
        return "StreamBuffer[" + events.size() + " event(s)" + (isInQueue() ? ", queued" : "") + (isDone() ? ", done" : "")
                + "]";
    }
}
