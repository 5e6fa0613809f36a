package org.midihost.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.midihost.api.MidiException;
import org.midihost.api.MidiHeader;
import org.midihost.api.MidiIn;
import org.midihost.api.MidiInCallback;
import org.midihost.api.MidiOut;
import org.midihost.api.MidiOutCallback;
import org.midihost.api.OpenOptions;
import org.midihost.driver.loopback.LoopbackDriver;
import org.midihost.host.Host;

/**
 * Throughput through the loopback driver: short messages per second that reach a started input
 * with N clients sending at once, and system-exclusive megabytes per second with 64 KiB messages.
 */
final class ThroughputBench {
    private ThroughputBench() {
    }

    /** Counts what one input receives. Its calls are serialised by the cable's input, so a plain field will do. */
    private static final class Counter implements MidiInCallback {
        long messages;
        long bytes;
        /** Whether a filled buffer goes straight back to the input; off before the final reset. */
        boolean recycle = true;

        @Override
        public void onData(MidiIn in, int message, long millis, long nanos) {
            messages++;
        }

        @Override
        public void onLongData(MidiIn in, MidiHeader header, long millis, long nanos) {
            if (!recycle) {
                return;
            }
            bytes += header.bytesRecorded();
            messages++;
            try {
                in.addBuffer(header); // give the buffer straight back: the input always has one
            } catch (MidiException e) {
                throw new IllegalStateException("could not requeue an input buffer: " + e.getMessage(), e);
            }
        }
    }

    /**
     * @param clients how many threads send at once, each through its own handle
     * @param sharedCable true: all send to cable 0 (they take turns at its device gate);
     *        false: each sends to a cable of its own
     * @param millis how long they send
     * @return messages received per second, over all inputs
     */
    static double shortMessages(int clients, boolean sharedCable, long millis) throws Exception {
        Host host = new Host();
        try {
            int cables = sharedCable ? 1 : clients;
            host.addDriver(LoopbackConfigs.driver(cables), LoopbackConfigs.props(LoopbackDriver.DEFAULT_ID));
            List<Counter> counters = new ArrayList<>();
            List<MidiIn> ins = new ArrayList<>();
            for (int c = 0; c < cables; c++) {
                Counter counter = new Counter();
                MidiIn in = host.openIn(c, counter, OpenOptions.direct());
                in.start();
                counters.add(counter);
                ins.add(in);
            }
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
            long[] stopAt = new long[1];
            for (int t = 0; t < clients; t++) {
                MidiOut out = host.openOut(sharedCable ? 0 : t, MidiOutCallback.NONE, OpenOptions.direct());
                Thread th = new Thread(() -> {
                    try {
                        go.await();
                        long end = stopAt[0];
                        int note = 0;
                        while (System.nanoTime() < end) {
                            for (int i = 0; i < 1000; i++) {
                                note = (note + 1) & 0x7F;
                                out.shortMsg(0x90 | note << 8 | 0x40 << 16);
                            }
                        }
                        out.close();
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }, "bench-client-" + t);
                threads.add(th);
                th.start();
            }
            long start = System.nanoTime();
            stopAt[0] = start + TimeUnit.MILLISECONDS.toNanos(millis);
            go.countDown(); // publishes stopAt to the clients
            for (Thread th : threads) {
                th.join();
            }
            long elapsed = System.nanoTime() - start;
            if (!failures.isEmpty()) {
                throw new IllegalStateException("a client failed: " + failures.get(0), failures.get(0));
            }
            long total = counters.stream().mapToLong(c -> c.messages).sum();
            for (MidiIn in : ins) {
                in.stop();
                in.close();
            }
            return total / (elapsed / 1e9);
        } finally {
            host.close();
        }
    }

    /**
     * @param size the system-exclusive message size, F0 and F7 included
     * @param millis how long to send
     * @return megabytes (10^6 bytes) per second that arrive in the input's buffers
     */
    static double sysex(int size, long millis) throws Exception {
        Host host = new Host();
        try {
            host.addDriver(LoopbackConfigs.driver(1), LoopbackConfigs.props(LoopbackDriver.DEFAULT_ID));
            Counter counter = new Counter();
            MidiIn in = host.openIn("loopback/0", counter, OpenOptions.direct());
            for (int i = 0; i < 2; i++) {
                MidiHeader b = new MidiHeader(new byte[size]);
                in.prepareHeader(b);
                in.addBuffer(b);
            }
            in.start();
            byte[] data = new byte[size];
            data[0] = (byte) 0xF0;
            for (int i = 1; i < size - 1; i++) {
                data[i] = (byte) (i & 0x7F);
            }
            data[size - 1] = (byte) 0xF7;
            MidiHeader h = new MidiHeader(data);
            long sent = 0;
            long start;
            long elapsed;
            try (MidiOut out = host.openOut("loopback/0", MidiOutCallback.NONE, OpenOptions.direct())) {
                out.prepareHeader(h);
                start = System.nanoTime();
                long end = start + TimeUnit.MILLISECONDS.toNanos(millis);
                do {
                    out.longMsg(h); // the loopback hands the header back (DONE) before returning
                    sent++;
                } while (System.nanoTime() < end);
                elapsed = System.nanoTime() - start;
                out.unprepareHeader(h);
            }
            if (counter.messages != sent || counter.bytes != sent * size) {
                throw new IllegalStateException("sysex: sent " + sent + " messages, received " + counter.messages
                        + " (" + counter.bytes + " bytes)");
            }
            counter.recycle = false;
            in.reset();
            in.close();
            return counter.bytes / (elapsed / 1e9) / 1e6;
        } finally {
            host.close();
        }
    }
}
