package org.midihost.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.midihost.api.MidiHeader;
import org.midihost.api.MidiOut;
import org.midihost.api.MidiOutCallback;

/**
 * An output handle's callbacks as a queue of events, in the order the host called them, for a
 * test to take one by one with a timeout.
 */
final class OutEvents implements MidiOutCallback {
    /** One callback. */
    sealed interface Event permits Open, Close, Done {
    }

    record Open(MidiOut out) implements Event {
    }

    record Close(MidiOut out) implements Event {
    }

    /** @param flags the header's flags when the callback came */
    record Done(MidiOut out, MidiHeader header, int flags) implements Event {
    }

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();

    @Override
    public void onOpen(MidiOut out) {
        events.add(new Open(out));
    }

    @Override
    public void onClose(MidiOut out) {
        events.add(new Close(out));
    }

    @Override
    public void onDone(MidiOut out, MidiHeader header) {
        events.add(new Done(out, header, header.flags()));
    }

    /**
     * @param type the kind of event expected next
     * @return the next event, waiting up to {@link MidihostTestBase#TIMEOUT} for it
     * @throws AssertionError if none comes, or it is of another kind
     */
    <E extends Event> E next(Class<E> type) {
        Event e;
        try {
            e = events.poll(MidihostTestBase.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException x) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", x);
        }
        assertNotNull("no output callback within " + MidihostTestBase.TIMEOUT.toMillis() + " ms; expected "
                + type.getSimpleName(), e);
        assertTrue("expected " + type.getSimpleName() + ", got " + e + " (then " + pending() + ")", type.isInstance(e));
        return type.cast(e);
    }

    /** Asserts that no callback is waiting to be taken. */
    void assertNoMore() {
        assertEquals("output callbacks", List.of(), pending());
    }

    /** @return the events not taken yet */
    List<Event> pending() {
        return new ArrayList<>(events);
    }
}
