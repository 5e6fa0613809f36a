package org.midihost.driver.loopback;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.midihost.spi.InClient;

/** An InClient that records what it gets. */
class RecordingInClient implements InClient {
    /** One delivery. {@code bytes} is a copy, {@code null} for a short message. */
    record Event(String kind, int message, byte[] bytes, boolean end, long nanos) {
    }

    private final List<Event> events = new ArrayList<>();

    @Override
    public synchronized void data(int message, long nanos) {
        events.add(new Event("data", message, null, false, nanos));
    }

    @Override
    public synchronized void sysex(byte[] bytes, int offset, int length, boolean end, long nanos) {
        events.add(new Event("sysex", 0, Arrays.copyOfRange(bytes, offset, offset + length), end, nanos));
    }

    @Override
    public synchronized void error(int message, long nanos) {
        events.add(new Event("error", message, null, false, nanos));
    }

    @Override
    public synchronized void sysexError(long nanos) {
        events.add(new Event("sysexError", 0, null, false, nanos));
    }

    synchronized List<Event> events() {
        return List.copyOf(events);
    }

    /** @return the short messages, in order */
    synchronized List<Integer> messages() {
        return events.stream().filter(e -> e.kind().equals("data")).map(Event::message).toList();
    }
}
