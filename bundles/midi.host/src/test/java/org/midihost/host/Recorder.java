package org.midihost.host;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.midihost.api.MidiHeader;
import org.midihost.api.MidiIn;
import org.midihost.api.MidiInCallback;
import org.midihost.api.MidiOut;
import org.midihost.api.MidiOutCallback;

/** Records callbacks as strings ("OPEN", "DATA 3c90 ...", "DONE"), in order. */
class Recorder implements MidiOutCallback, MidiInCallback {
    final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    final BlockingQueue<MidiHeader> headers = new LinkedBlockingQueue<>();
    volatile long lastMillis = -1;

    @Override
    public void onOpen(MidiOut out) {
        events.add("OPEN");
    }

    @Override
    public void onClose(MidiOut out) {
        events.add("CLOSE");
    }

    @Override
    public void onDone(MidiOut out, MidiHeader header) {
        headers.add(header); // before the event: a test that saw the event finds the header
        events.add("DONE");
    }

    @Override
    public void onSwap(MidiOut out) {
        events.add("SWAP");
    }

    @Override
    public void onSwap(MidiIn in) {
        events.add("SWAP");
    }

    @Override
    public void onOpen(MidiIn in) {
        events.add("OPEN");
    }

    @Override
    public void onClose(MidiIn in) {
        events.add("CLOSE");
    }

    @Override
    public void onData(MidiIn in, int message, long millis, long nanos) {
        lastMillis = millis;
        events.add("DATA " + Integer.toHexString(message));
    }

    @Override
    public void onMoreData(MidiIn in, int message, long millis, long nanos) {
        events.add("MOREDATA " + Integer.toHexString(message));
    }

    @Override
    public void onLongData(MidiIn in, MidiHeader header, long millis, long nanos) {
        headers.add(header);
        events.add("LONGDATA " + header.bytesRecorded());
    }

    @Override
    public void onError(MidiIn in, int message, long millis, long nanos) {
        events.add("ERROR " + Integer.toHexString(message));
    }

    @Override
    public void onLongError(MidiIn in, MidiHeader header, long millis, long nanos) {
        headers.add(header);
        events.add("LONGERROR " + header.bytesRecorded());
    }

    @Override
    public void onOverflow(MidiIn in, long lost) {
        events.add("OVERFLOW " + lost);
    }

    /** The next event, waiting up to 5 s; null if none came. */
    String next() throws InterruptedException {
        return events.poll(5, TimeUnit.SECONDS);
    }

    /** @return the events so far, not taken */
    java.util.List<String> all() {
        return java.util.List.copyOf(events);
    }

    /** Whether no event comes within a short bound. */
    boolean quiet() throws InterruptedException {
        return events.poll(50, TimeUnit.MILLISECONDS) == null;
    }
}
