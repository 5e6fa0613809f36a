package org.midihost.driver.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.midihost.api.MidiHeader;
import org.midihost.api.MidiIn;
import org.midihost.api.MidiInCallback;

/** What an input handle saw, in order. */
final class Recorder implements MidiInCallback {
    sealed interface Event permits Data, LongData, Open, Close {
    }

    record Data(int message, long nanos) implements Event {
    }

    record LongData(byte[] bytes) implements Event {
    }

    record Open() implements Event {
    }

    record Close() implements Event {
    }

    final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();

    @Override
    public void onOpen(MidiIn in) {
        events.add(new Open());
    }

    @Override
    public void onData(MidiIn in, int message, long millis, long nanos) {
        events.add(new Data(message, nanos));
    }

    @Override
    public void onLongData(MidiIn in, MidiHeader header, long millis, long nanos) {
        events.add(new LongData(Arrays.copyOf(header.data(), header.bytesRecorded())));
    }

    @Override
    public void onClose(MidiIn in) {
        events.add(new Close());
    }

    /** @return the next event of that kind, skipping others; fails after the deadline */
    <E extends Event> E until(Class<E> kind) throws InterruptedException {
        long deadline = System.nanoTime() + Participant.DEADLINE_MILLIS * 1_000_000L;
        while (true) {
            long left = deadline - System.nanoTime();
            Event e = left > 0 ? events.poll(left, TimeUnit.NANOSECONDS) : null;
            assertThat(e).as("a %s event before the deadline", kind.getSimpleName()).isNotNull();
            if (kind.isInstance(e)) {
                return kind.cast(e);
            }
        }
    }

    /** @return the next short message, skipping other events */
    int nextMessage() throws InterruptedException {
        return until(Data.class).message();
    }
}
