package org.midihost.bench;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.midihost.api.Delivery;
import org.midihost.api.MidiException;
import org.midihost.api.MidiIn;
import org.midihost.api.MidiInCallback;
import org.midihost.api.MidiOut;
import org.midihost.api.MidiOutCallback;
import org.midihost.api.OpenOptions;
import org.midihost.driver.loopback.LoopbackDriver;
import org.midihost.host.Host;

/**
 * Loopback latency, one message in flight at a time: the time from just before
 * {@code MidiOut.shortMsg} on {@code loopback/0} to the moment the input's DATA callback runs,
 * recorded per message in an HdrHistogram (JMH averages would hide the tail). With DIRECT delivery
 * the callback runs inside the send, on the sender's thread; with THREAD delivery it runs on a
 * host thread, and the sender spins until it has seen the callback before sending the next.
 */
final class LatencyBench {
    /** Longest wait for one callback before the run is declared broken. */
    private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(5);

    private LatencyBench() {
    }

    /** What the callback publishes: set by the callback's thread, read by the sender. */
    private static final class Probe implements MidiInCallback {
        volatile long receivedAt;
        volatile int receivedMessage = -1;

        @Override
        public void onData(MidiIn in, int message, long millis, long nanos) {
            receivedAt = System.nanoTime();
            receivedMessage = message;
        }
    }

    /**
     * @param delivery how the input's callbacks are delivered
     * @param warmup messages sent before recording
     * @param count messages recorded
     * @return the histogram of latencies in nanoseconds
     */
    static Histogram run(Delivery delivery, int warmup, int count) throws MidiException {
        Host host = new Host();
        try {
            host.addDriver(LoopbackConfigs.driver(1), LoopbackConfigs.props(LoopbackDriver.DEFAULT_ID));
            Probe probe = new Probe();
            MidiIn in = host.openIn("loopback/0", probe, OpenOptions.defaults().delivery(delivery));
            in.start();
            Histogram h = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
            try (MidiOut out = host.openOut("loopback/0", MidiOutCallback.NONE, OpenOptions.direct())) {
                int note = 0;
                for (int i = -warmup; i < count; i++) {
                    note = (note + 1) & 0x7F;
                    // Each message differs from the one before, so the sender knows its own has arrived.
                    int msg = 0x90 | note << 8 | 0x40 << 16;
                    probe.receivedMessage = -1;
                    long t0 = System.nanoTime();
                    out.shortMsg(msg);
                    while (probe.receivedMessage != msg) {
                        if (System.nanoTime() - t0 > DEADLINE_NANOS) {
                            throw new IllegalStateException(delivery + ": message " + i + " not delivered within 5 s");
                        }
                        Thread.onSpinWait();
                    }
                    if (i >= 0) {
                        h.recordValue(Math.max(0, probe.receivedAt - t0));
                    }
                }
            }
            in.stop();
            in.close();
            return h;
        } finally {
            host.close();
        }
    }
}
