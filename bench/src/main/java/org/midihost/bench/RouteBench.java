package org.midihost.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.midihost.api.MidiException;
import org.midihost.api.MidiIn;
import org.midihost.api.MidiInCallback;
import org.midihost.api.MidiOut;
import org.midihost.api.MidiOutCallback;
import org.midihost.api.OpenOptions;
import org.midihost.driver.loopback.LoopbackDriver;
import org.midihost.host.Host;
import org.midihost.route.RouteInfo;
import org.midihost.route.internal.BenchRoutes;

/**
 * The router on loopback cables, DIRECT throughout: a client sends to output {@code loopback/2k},
 * the route from input {@code loopback/2k} forwards it to output {@code loopback/2k+1}, and a
 * client's DIRECT callback on input {@code loopback/2k+1} sees it, all on the sender's thread.
 * Routes are made as a configuration makes them ({@code RouteComponent} on a real {@code Router}),
 * with the rate limit at its maximum (10,000,000/s) and no transform.
 */
final class RouteBench {
    /** Longest wait for one callback before the run is declared broken. */
    private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** The highest rate a route takes; the default (31,250/s, a DIN cable) would throttle the bench. */
    private static final int RATE = 10_000_000;

    private RouteBench() {
    }

    /** What the callback publishes: set by the callback's thread (the sender's, DIRECT), read by the sender. */
    private static final class Probe implements MidiInCallback {
        volatile long receivedAt;
        volatile int receivedMessage = -1;

        @Override
        public void onData(MidiIn in, int message, long millis, long nanos) {
            receivedAt = System.nanoTime();
            receivedMessage = message;
        }
    }

    /** Counts what one input receives; its calls come from one sender thread at a time. */
    private static final class Counter implements MidiInCallback {
        long messages;

        @Override
        public void onData(MidiIn in, int message, long millis, long nanos) {
            messages++;
        }
    }

    private static Map<String, Object> route(String name, String from, String to) {
        Map<String, Object> p = new HashMap<>();
        p.put("name", name);
        p.put("from", from);
        p.put("to", to);
        p.put("rate", RATE);
        return p;
    }

    private static void requireActive(RouteInfo i) {
        if (i.state() != RouteInfo.State.ACTIVE) {
            throw new IllegalStateException("route '" + i.name() + "' is " + i.state() + ", waiting for " + i.waitingFor());
        }
    }

    /**
     * The latencies with and without the route, and the allocation.
     *
     * @param routed send→arrival through the route, ns
     * @param direct send→arrival on cable 1 alone, ns
     * @param bytesPerMessage bytes the sending thread allocated per routed message
     * @param allocated the messages the allocation was measured over
     * @param throttled messages the route's rate limit dropped (must be 0)
     */
    record Latency(Histogram routed, Histogram direct, double bytesPerMessage, long allocated, long throttled) {
    }

    /**
     * One message in flight at a time, alternating blocks of {@code block} messages through the
     * route (client → {@code loopback/0}, arrival at input 1) and straight to cable 1 (client →
     * {@code loopback/1}, arrival at input 1), so that both see the same machine; then the
     * allocation of {@code allocCount} routed messages on the sending thread.
     */
    static Latency latency(int warmup, int count, int block, int allocCount) throws MidiException {
        Host host = new Host();
        try (BenchRoutes routes = new BenchRoutes(host)) {
            host.addDriver(LoopbackConfigs.driver(2), LoopbackConfigs.props(LoopbackDriver.DEFAULT_ID));
            requireActive(routes.add(route("thru", "loopback/0", "loopback/1")));
            Probe probe = new Probe();
            MidiIn in1 = host.openIn("loopback/1", probe, OpenOptions.direct());
            in1.start();
            Histogram routed = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
            Histogram direct = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
            double bytesPerMessage;
            try (MidiOut out0 = host.openOut("loopback/0", MidiOutCallback.NONE, OpenOptions.direct());
                    MidiOut out1 = host.openOut("loopback/1", MidiOutCallback.NONE, OpenOptions.direct())) {
                // Warm-up, both paths, not recorded.
                send(out0, probe, warmup, null);
                send(out1, probe, warmup, null);
                for (int done = 0; done < count; done += block) {
                    int n = Math.min(block, count - done);
                    send(out0, probe, n, routed);
                    send(out1, probe, n, direct);
                }
                bytesPerMessage = allocation(out0, probe, allocCount);
            }
            in1.stop();
            in1.close();
            return new Latency(routed, direct, bytesPerMessage, allocCount, routes.info("thru").throttled());
        } finally {
            host.close();
        }
    }

    private static int note;

    /** Sends n messages one at a time, each waiting for its arrival; records into h unless null. */
    private static void send(MidiOut out, Probe probe, int n, Histogram h) throws MidiException {
        for (int i = 0; i < n; i++) {
            note = (note + 1) & 0x7F;
            // Each message differs from the one before, so the sender knows its own has arrived.
            int msg = 0x90 | note << 8 | 0x40 << 16;
            probe.receivedMessage = -1;
            long t0 = System.nanoTime();
            out.shortMsg(msg);
            while (probe.receivedMessage != msg) {
                if (System.nanoTime() - t0 > DEADLINE_NANOS) {
                    throw new IllegalStateException("message " + i + " not delivered within 5 s");
                }
                Thread.onSpinWait();
            }
            if (h != null) {
                h.recordValue(Math.max(0, probe.receivedAt - t0));
            }
        }
    }

    /**
     * @return bytes allocated by this thread per routed message (the route runs on it, DIRECT), less
     *         what reading the counter twice allocates
     */
    private static double allocation(MidiOut out0, Probe probe, int n) throws MidiException {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        mx.getThreadAllocatedBytes(id); // the first call may set things up
        long c0 = mx.getThreadAllocatedBytes(id);
        long c1 = mx.getThreadAllocatedBytes(id);
        long calibration = c1 - c0;
        send(out0, probe, n, null); // warm again: the latency loop ran the other path last
        long a0 = mx.getThreadAllocatedBytes(id);
        send(out0, probe, n, null);
        long a1 = mx.getThreadAllocatedBytes(id);
        return Math.max(0, a1 - a0 - calibration) / (double) n;
    }

    /**
     * Throughput through {@code routes} routes: route k from input {@code loopback/2k} to output
     * {@code loopback/2k+1}, one sender thread per route sending to output {@code loopback/2k} as
     * fast as it can, counted at a DIRECT input on {@code loopback/2k+1}. With {@code routes} 0,
     * the same without a route: one sender straight to {@code loopback/1}.
     *
     * @return messages per second received, over all counted inputs, and the route's throttled count
     */
    static double[] throughput(int routes, long millis) throws Exception {
        int pairs = Math.max(1, routes);
        Host host = new Host();
        try (BenchRoutes router = new BenchRoutes(host)) {
            host.addDriver(LoopbackConfigs.driver(2 * pairs), LoopbackConfigs.props(LoopbackDriver.DEFAULT_ID));
            for (int k = 0; k < routes; k++) {
                requireActive(router.add(route("r" + k, "loopback/" + 2 * k, "loopback/" + (2 * k + 1))));
            }
            List<Counter> counters = new ArrayList<>();
            List<MidiIn> ins = new ArrayList<>();
            for (int k = 0; k < pairs; k++) {
                Counter c = new Counter();
                MidiIn in = host.openIn("loopback/" + (2 * k + 1), c, OpenOptions.direct());
                in.start();
                counters.add(c);
                ins.add(in);
            }
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            List<Throwable> failures = new CopyOnWriteArrayList<>();
            long[] stopAt = new long[1];
            for (int k = 0; k < pairs; k++) {
                String target = "loopback/" + (routes == 0 ? 2 * k + 1 : 2 * k);
                MidiOut out = host.openOut(target, MidiOutCallback.NONE, OpenOptions.direct());
                Thread th = new Thread(() -> {
                    try {
                        go.await();
                        long end = stopAt[0];
                        int n = 0;
                        while (System.nanoTime() < end) {
                            for (int i = 0; i < 1000; i++) {
                                n = (n + 1) & 0x7F;
                                out.shortMsg(0x90 | n << 8 | 0x40 << 16);
                            }
                        }
                        out.close();
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }, "bench-route-sender-" + k);
                threads.add(th);
                th.start();
            }
            long start = System.nanoTime();
            stopAt[0] = start + TimeUnit.MILLISECONDS.toNanos(millis);
            go.countDown(); // publishes stopAt to the senders
            for (Thread th : threads) {
                th.join();
            }
            long elapsed = System.nanoTime() - start;
            if (!failures.isEmpty()) {
                throw new IllegalStateException("a sender failed: " + failures.get(0), failures.get(0));
            }
            long total = counters.stream().mapToLong(c -> c.messages).sum();
            long throttled = 0;
            for (int k = 0; k < routes; k++) {
                throttled += router.info("r" + k).throttled();
            }
            for (MidiIn in : ins) {
                in.stop();
                in.close();
            }
            return new double[] {total / (elapsed / 1e9), throttled};
        } finally {
            host.close();
        }
    }
}
