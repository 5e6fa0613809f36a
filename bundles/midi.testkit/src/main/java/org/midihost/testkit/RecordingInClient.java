package org.midihost.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.midihost.spi.InClient;

/**
 * An {@link InClient} that records what it gets, in order, and lets a test wait for it against a
 * deadline. Subclasses may override a callback (to block, throw or call back into the driver);
 * calling {@code super} keeps the recording and wakes waiters.
 */
public class RecordingInClient implements InClient {
    /**
     * One delivery.
     *
     * @param kind {@code data}, {@code sysex}, {@code error} or {@code sysexError}
     * @param message the short message, 0 for others
     * @param bytes a copy of the sysex piece, {@code null} for others
     * @param end whether the sysex piece ends its message
     * @param nanos the time stamp given
     */
    public record Event(String kind, int message, byte[] bytes, boolean end, long nanos) {
    }

    private final List<Event> events = new ArrayList<>();

    @Override
    public synchronized void data(int message, long nanos) {
        add(new Event("data", message, null, false, nanos));
    }

    @Override
    public synchronized void sysex(byte[] bytes, int offset, int length, boolean end, long nanos) {
        add(new Event("sysex", 0, Arrays.copyOfRange(bytes, offset, offset + length), end, nanos));
    }

    @Override
    public synchronized void error(int message, long nanos) {
        add(new Event("error", message, null, false, nanos));
    }

    @Override
    public synchronized void sysexError(long nanos) {
        add(new Event("sysexError", 0, null, false, nanos));
    }

    private void add(Event e) {
        events.add(e);
        notifyAll();
    }

    /** @return every event so far, in order */
    public synchronized List<Event> events() {
        return List.copyOf(events);
    }

    /** @return the short messages, in order */
    public synchronized List<Integer> messages() {
        return events.stream().filter(e -> e.kind().equals("data")).map(Event::message).toList();
    }

    /** @return the sysex bytes received, all pieces joined, in order */
    public synchronized byte[] sysexBytes() {
        byte[] all = new byte[0];
        for (Event e : events) {
            if (e.kind().equals("sysex")) {
                int at = all.length;
                all = Arrays.copyOf(all, at + e.bytes().length);
                System.arraycopy(e.bytes(), 0, all, at, e.bytes().length);
            }
        }
        return all;
    }

    /**
     * Waits until at least {@code count} events have come.
     *
     * @param count how many
     * @param timeout how long at most
     * @return the events by then
     * @throws AssertionError if fewer came before the deadline
     */
    public synchronized List<Event> awaitEvents(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (events.size() < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("waited " + timeout.toMillis() + " ms for " + count + " events; have "
                        + events.size() + ": " + events);
            }
            wait(Math.max(1, left / 1_000_000L));
        }
        return List.copyOf(events);
    }

    /**
     * Waits until the sysex bytes received add up to at least {@code count}.
     *
     * @return the bytes by then
     * @throws AssertionError if fewer came before the deadline
     */
    public synchronized byte[] awaitSysexBytes(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] got;
        while ((got = sysexBytes()).length < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("waited " + timeout.toMillis() + " ms for " + count + " sysex bytes; have "
                        + got.length);
            }
            wait(Math.max(1, left / 1_000_000L));
        }
        return got;
    }
}
