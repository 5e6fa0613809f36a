package org.midihost.itests.probe.internal;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.midihost.api.MidiHeader;
import org.midihost.spi.OutClient;
import org.midihost.spi.OutInstance;

/** One client's instance of a probe output: records, and hands every header back at once. */
final class ProbeOutInstance implements OutInstance {
    private final Recording recording;
    private final OutClient client;
    private final AtomicInteger callsAfterClose;
    private volatile boolean closed;
    /** Runs inside every short message: a stall of the driver, or nothing. */
    private final Runnable inside;

    ProbeOutInstance(Recording recording, OutClient client, AtomicInteger callsAfterClose, Runnable inside) {
        this.inside = inside;
        this.recording = recording;
        this.client = client;
        this.callsAfterClose = callsAfterClose;
    }

    @Override
    public void shortMsg(int message) {
        checkOpen();
        inside.run();
        recording.recordShort(message);
    }

    @Override
    public void longMsg(MidiHeader header) {
        checkOpen();
        recording.recordSysex(Arrays.copyOf(header.data(), header.bufferLength()));
        client.done(header);
    }

    @Override
    public void reset() {
        checkOpen();
    }

    @Override
    public void close() {
        if (closed) {
            callsAfterClose.incrementAndGet();
            return;
        }
        closed = true;
        recording.closed();
    }

    // Counted rather than thrown: the tests assert on the count, so a host that calls a closed
    // instance fails the test that caused it, with a clear message.
    private void checkOpen() {
        if (closed) {
            callsAfterClose.incrementAndGet();
        }
    }
}
