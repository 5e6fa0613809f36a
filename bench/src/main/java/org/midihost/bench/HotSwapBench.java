package org.midihost.bench;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.midihost.api.DeviceEvent;
import org.midihost.api.DeviceListener;
import org.midihost.api.MidiHost;
import org.midihost.api.MidiIn;
import org.midihost.api.MidiInCallback;
import org.midihost.api.MidiOut;
import org.midihost.api.MidiOutCallback;
import org.midihost.api.OpenOptions;
import org.osgi.framework.Bundle;

/**
 * Hot swap in a real Felix: the time from {@code Bundle.update()} of the loopback driver bundle
 * to both its devices ({@code loopback/0} out and in) being back in the host, idle and under the
 * load of a soak, in which 8 clients send numbered messages to the probe driver's
 * {@code probe/rec} throughout the swaps; afterwards every message the probe recorded is checked
 * for loss, duplication and reordering.
 */
final class HotSwapBench {
    static final String LOOPBACK_BSN = "org.midihost.driver.loopback";
    static final String PROBE_BSN = "org.midihost.itests.probe";
    static final String PROBE_RECORDER = "org.midihost.itests.probe.ProbeRecorder";

    /** Sequence numbers travel in the two 7-bit data bytes of a note-on: they wrap at 2^14. */
    private static final int SEQ_MASK = 0x3FFF;

    private HotSwapBench() {
    }

    /**
     * Swap times in milliseconds, sorted.
     *
     * @param idle swaps with nothing else running
     * @param underLoad swaps during the soak
     * @param soak what the soak found
     */
    record Outcome(Swaps idle, Swaps underLoad, Soak soak, Held held) {
    }

    /**
     * The held soak: clients on the loopback driver itself, holding their handles across its
     * updates ({@code OpenOptions.holdAcrossSwap}).
     *
     * @param soak the counts, as for the probe soak (callsAfterClose unused: 0)
     * @param swaps updates of the loopback bundle while they sent
     * @param closes CLOSE callbacks the clients and the recording input saw (must be 0)
     * @param opens OPEN callbacks after the first (must be 0)
     * @param swapEvents onSwap callbacks seen (one per handle per update)
     */
    record Held(Soak soak, int swaps, long closes, long opens, long swapEvents, String firstError) {
        boolean clean() {
            return soak.clean() && closes == 0 && opens == 0;
        }
    }

    /**
     * The times of one series of swaps, each array sorted, in milliseconds from the call of
     * {@code Bundle.update()}.
     *
     * @param back until both ends of {@code loopback/0} were ADDED again: the swap time
     * @param removed until the host had taken {@code loopback/0} out (its REMOVED event)
     * @param updateReturned until {@code Bundle.update()} returned
     */
    record Swaps(double[] back, double[] removed, double[] updateReturned) {
    }

    /**
     * The soak's counts: every one but {@code sent} and {@code received} must be 0.
     *
     * @param clients how many clients sent
     * @param sent messages the clients sent without an error
     * @param received messages the probe recorded from them
     * @param lost sent and never recorded
     * @param duplicated recorded more than once (a number seen again after it had passed)
     * @param reordered recorded ahead of a message of the same client sent before it
     * @param sendErrors {@code shortMsg} calls that threw
     * @param callsAfterClose calls the probe saw on an instance after its close (a host bug)
     */
    record Soak(int clients, long sent, long received, long lost, long duplicated, long reordered, long sendErrors,
            int callsAfterClose) {
        boolean clean() {
            return lost == 0 && duplicated == 0 && reordered == 0 && sendErrors == 0 && callsAfterClose == 0
                    && sent == received;
        }
    }

    /**
     * Counts down when both ends of {@code loopback/0} have been added again, and notes when the
     * first of them was removed.
     */
    private static final class BackAgain implements DeviceListener {
        volatile CountDownLatch latch = new CountDownLatch(0);
        /** {@link System#nanoTime()} of the first REMOVED of the current swap, 0 until then. */
        final AtomicLong removedAt = new AtomicLong();

        @Override
        public void deviceChanged(DeviceEvent event) {
            if (!"loopback/0".equals(event.caps().endpointId())) {
                return;
            }
            if (event.type() == DeviceEvent.Type.ADDED) {
                latch.countDown();
            } else if (event.type() == DeviceEvent.Type.REMOVED) {
                removedAt.compareAndSet(0, System.nanoTime());
            }
        }
    }

    static Outcome run(Path root, int warmup, int swaps, int clients) throws Exception {
        try (Felix felix = new Felix(root)) {
            MidiHost host = felix.service(MidiHost.class);
            awaitEndpoint(host, "loopback/0");
            awaitEndpoint(host, "probe/rec");
            Bundle loopback = felix.bundle(LOOPBACK_BSN);
            BackAgain listener = new BackAgain();
            host.addDeviceListener(listener);

            swapTimes(loopback, listener, warmup);
            Swaps idle = swapTimes(loopback, listener, swaps);

            Bundle probeBundle = felix.bundle(PROBE_BSN);
            Class<?> recorderType = probeBundle.loadClass(PROBE_RECORDER);
            Object recorder = felix.service(PROBE_RECORDER);
            recorderType.getMethod("clear").invoke(recorder);

            List<MidiOut> outs = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                outs.add(host.openOut("probe/rec", MidiOutCallback.NONE, OpenOptions.direct()));
            }
            // Paced a little, so that 8 clients on 2 cores leave the swaps some CPU and the probe's
            // recording stays a few hundred MB at most.
            Senders senders = new Senders(outs, 20_000, true, "soak-client-");
            senders.start();
            Swaps underLoad = swapTimes(loopback, listener, swaps);
            senders.stop();
            int[] recorded = (int[]) recorderType.getMethod("shortMessages", String.class).invoke(recorder, "rec");
            int afterClose = (Integer) recorderType.getMethod("callsAfterClose").invoke(recorder);
            Soak soak = check(recorded, senders.sent, senders.errors.get(), afterClose);
            Held held = heldSoak(host, loopback, listener, swaps, clients);
            host.removeDeviceListener(listener);
            return new Outcome(idle, underLoad, soak, held);
        }
    }

    /**
     * Clients send numbered messages to {@code loopback/0} while the loopback bundle itself is
     * updated {@code swaps} times; every handle (theirs and the recording input's) holds across the
     * swaps. Nothing may be lost, and nobody may see CLOSE.
     */
    static Held heldSoak(MidiHost host, Bundle loopback, BackAgain listener, int swaps, int clients) throws Exception {
        OpenOptions hold = OpenOptions.direct().holdAcrossSwap(20_000);
        AtomicLong closes = new AtomicLong();
        AtomicLong opens = new AtomicLong();
        AtomicLong swapEvents = new AtomicLong();
        int[][] recording = { new int[1 << 20] };
        int[] count = { 0 };
        MidiInCallback recorder = new MidiInCallback() {
            @Override
            public void onData(MidiIn in, int message, long millis, long nanos) {
                synchronized (recording) {
                    if (count[0] == recording[0].length) {
                        recording[0] = Arrays.copyOf(recording[0], recording[0].length * 2);
                    }
                    recording[0][count[0]++] = message;
                }
            }

            @Override
            public void onOpen(MidiIn in) {
                opens.incrementAndGet();
            }

            @Override
            public void onClose(MidiIn in) {
                closes.incrementAndGet();
            }

            @Override
            public void onSwap(MidiIn in) {
                swapEvents.incrementAndGet();
            }
        };
        MidiOutCallback watcher = new MidiOutCallback() {
            @Override
            public void onOpen(MidiOut out) {
                opens.incrementAndGet();
            }

            @Override
            public void onClose(MidiOut out) {
                closes.incrementAndGet();
            }

            @Override
            public void onSwap(MidiOut out) {
                swapEvents.incrementAndGet();
            }
        };
        MidiIn in = host.openIn("loopback/0", recorder, hold);
        in.start();
        List<MidiOut> outs = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            outs.add(host.openOut("loopback/0", watcher, hold));
        }
        // About 100,000 messages/s per client (a DIN cable carries about 1,000): during a swap's
        // gap every client's messages wait in its handle's bounded queue (OpenOptions.HOLD_QUEUE),
        // which a client sending without pause would fill.
        Senders senders = new Senders(outs, 1_000_000, false, "held-soak-client-");
        senders.start();
        swapTimes(loopback, listener, swaps);
        senders.stop();
        for (MidiOut out : outs) {
            out.close();
        }
        in.stop();
        in.close();
        int[] recorded;
        synchronized (recording) {
            recorded = Arrays.copyOf(recording[0], count[0]);
        }
        Soak soak = check(recorded, senders.sent, senders.errors.get(), 0);
        long opensAfterFirst = opens.get() - (clients + 1);
        long closesBeforeOwn = closes.get() - (clients + 1); // each handle's own close gives one CLOSE
        return new Held(soak, swaps, closesBeforeOwn, opensAfterFirst, swapEvents.get(), senders.firstError.get());
    }

    /**
     * Clients sending numbered note-ons ({@link #check} reads them back), one thread and handle
     * each, in batches of 100 with a pause between, until stopped.
     */
    private static final class Senders {
        final long[] sent;
        final AtomicLong errors = new AtomicLong();
        final java.util.concurrent.atomic.AtomicReference<String> firstError = new java.util.concurrent.atomic.AtomicReference<>();
        private final List<MidiOut> outs;
        private final long pauseNanos;
        private final boolean closeWhenDone;
        private final String name;
        private final AtomicBoolean stop = new AtomicBoolean();
        private final List<Thread> threads = new ArrayList<>();

        /** @param closeWhenDone whether each client closes its handle once stopped (an error counts) */
        Senders(List<MidiOut> outs, long pauseNanos, boolean closeWhenDone, String name) {
            this.outs = outs;
            this.sent = new long[outs.size()];
            this.pauseNanos = pauseNanos;
            this.closeWhenDone = closeWhenDone;
            this.name = name;
        }

        /** Starts every client and returns once all run. */
        void start() throws InterruptedException {
            CountDownLatch ready = new CountDownLatch(outs.size());
            for (int c = 0; c < outs.size(); c++) {
                int client = c;
                MidiOut out = outs.get(c);
                Thread t = new Thread(() -> {
                    ready.countDown();
                    int seq = 0;
                    do {
                        for (int i = 0; i < 100; i++) {
                            int msg = 0x90 | client | (seq & 0x7F) << 8 | ((seq >> 7) & 0x7F) << 16;
                            try {
                                out.shortMsg(msg);
                                seq = (seq + 1) & SEQ_MASK;
                                sent[client]++;
                            } catch (Exception e) {
                                failed(e);
                            }
                        }
                        LockSupport.parkNanos(pauseNanos);
                    } while (!stop.get());
                    if (closeWhenDone) {
                        try {
                            out.close();
                        } catch (Exception e) {
                            failed(e);
                        }
                    }
                }, name + c);
                threads.add(t);
                t.start();
            }
            ready.await();
        }

        private void failed(Exception e) {
            errors.incrementAndGet();
            firstError.compareAndSet(null, e.toString());
        }

        /** Stops every client and waits for it. */
        void stop() throws InterruptedException {
            stop.set(true);
            for (Thread t : threads) {
                t.join();
            }
        }
    }

    /** Updates the loopback bundle {@code n} times, each time waiting for its devices. */
    private static Swaps swapTimes(Bundle loopback, BackAgain listener, int n) throws Exception {
        double[] back = new double[n];
        double[] removed = new double[n];
        double[] returned = new double[n];
        for (int i = 0; i < n; i++) {
            CountDownLatch latch = new CountDownLatch(2);
            listener.latch = latch;
            listener.removedAt.set(0);
            long t0 = System.nanoTime();
            loopback.update();
            returned[i] = (System.nanoTime() - t0) / 1e6;
            if (!latch.await(Felix.TIMEOUT_NANOS, TimeUnit.NANOSECONDS)) {
                throw new IllegalStateException("swap " + i + ": loopback/0 not back within 20 s");
            }
            back[i] = (System.nanoTime() - t0) / 1e6;
            removed[i] = (listener.removedAt.get() - t0) / 1e6;
        }
        Arrays.sort(back);
        Arrays.sort(removed);
        Arrays.sort(returned);
        return new Swaps(back, removed, returned);
    }

    private static void awaitEndpoint(MidiHost host, String endpoint) {
        long deadline = System.nanoTime() + Felix.TIMEOUT_NANOS;
        while (true) {
            for (int i = 0; i < host.outDeviceCount(); i++) {
                try {
                    if (host.outCaps(i).endpointId().equals(endpoint)) {
                        return;
                    }
                } catch (Exception e) {
                    break; // the table changed under us: look again
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(endpoint + " did not appear within 20 s");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    /**
     * Walks the recording once per client, in order: each client's messages must carry 0, 1, 2, …
     * (modulo 2^14) with nothing missing, repeated or out of turn.
     */
    static Soak check(int[] recorded, long[] sent, long sendErrors, int callsAfterClose) {
        int clients = sent.length;
        long[] received = new long[clients];
        int[] expected = new int[clients];
        long duplicated = 0;
        long reordered = 0;
        long foreign = 0;
        for (int msg : recorded) {
            int client = msg & 0x0F;
            if ((msg & 0xF0) != 0x90 || client >= clients) {
                foreign++;
                continue;
            }
            int seq = (msg >> 8 & 0x7F) | (msg >> 16 & 0x7F) << 7;
            received[client]++;
            int gap = (seq - expected[client]) & SEQ_MASK;
            if (gap == 0) {
                expected[client] = (seq + 1) & SEQ_MASK;
            } else if (gap < SEQ_MASK / 2) {
                // Ahead of its turn: the ones in between are late or lost.
                reordered++;
                expected[client] = (seq + 1) & SEQ_MASK;
            } else {
                // A number that had already passed: seen twice, or overtaken.
                duplicated++;
            }
        }
        long totalSent = 0;
        long totalReceived = 0;
        long lost = 0;
        for (int c = 0; c < clients; c++) {
            totalSent += sent[c];
            totalReceived += received[c];
            lost += Math.max(0, sent[c] - received[c]);
        }
        return new Soak(clients, totalSent, totalReceived, lost, duplicated, reordered + foreign, sendErrors,
                callsAfterClose);
    }
}
