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
import org.midihost.api.MidiIn;
import org.midihost.api.MidiInCallback;

/**
 * An input handle's callbacks as a queue of events, in the order the host called them, for a test
 * to take one by one with a timeout.
 */
final class InEvents implements MidiInCallback {
    /** One callback. */
    sealed interface Event permits Open, Close, Data, LongData, Error, LongError, Overflow {
    }

    record Open(MidiIn in) implements Event {
    }

    record Close(MidiIn in) implements Event {
    }

    record Data(int message, long millis, long nanos, long receivedNanos) implements Event {
        @Override
        public String toString() {
            return "Data[" + MidihostTestBase.shortHex(message) + ", millis=" + millis + "]";
        }
    }

    /** @param bytes a copy of the recorded bytes, taken in the callback */
    record LongData(MidiHeader header, byte[] bytes, int bytesRecorded, long millis, long nanos) implements Event {
        @Override
        public String toString() {
            return "LongData[" + MidihostTestBase.hex(bytes, bytes.length) + ", millis=" + millis + "]";
        }
    }

    record Error(int message, long millis) implements Event {
    }

    record LongError(MidiHeader header, int bytesRecorded) implements Event {
    }

    record Overflow(long lost) implements Event {
    }

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();

    @Override
    public void onOpen(MidiIn in) {
        events.add(new Open(in));
    }

    @Override
    public void onClose(MidiIn in) {
        events.add(new Close(in));
    }

    @Override
    public void onData(MidiIn in, int message, long millis, long nanos) {
        events.add(new Data(message, millis, nanos, System.nanoTime()));
    }

    @Override
    public void onLongData(MidiIn in, MidiHeader header, long millis, long nanos) {
        int n = header.bytesRecorded();
        byte[] copy = new byte[n];
        System.arraycopy(header.data(), 0, copy, 0, n);
        events.add(new LongData(header, copy, n, millis, nanos));
    }

    @Override
    public void onError(MidiIn in, int message, long millis, long nanos) {
        events.add(new Error(message, millis));
    }

    @Override
    public void onLongError(MidiIn in, MidiHeader header, long millis, long nanos) {
        events.add(new LongError(header, header.bytesRecorded()));
    }

    @Override
    public void onOverflow(MidiIn in, long lost) {
        events.add(new Overflow(lost));
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
        assertNotNull("no input callback within " + MidihostTestBase.TIMEOUT.toMillis() + " ms; expected "
                + type.getSimpleName(), e);
        assertTrue("expected " + type.getSimpleName() + ", got " + e + " (then " + pending() + ")", type.isInstance(e));
        return type.cast(e);
    }

    /** Asserts that no callback is waiting to be taken. */
    void assertNoMore() {
        assertEquals("input callbacks", List.of(), pending());
    }

    /** @return the events not taken yet */
    List<Event> pending() {
        return new ArrayList<>(events);
    }
}
