package org.midihost.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.HdrHistogram.Histogram;
import org.midihost.api.MidiException;
import org.midihost.api.MidiIn;
import org.midihost.api.MidiInCallback;
import org.midihost.api.MidiOut;
import org.midihost.api.MidiOutCallback;
import org.midihost.api.OpenOptions;
import org.midihost.driver.rtp.BenchRtp;
import org.midihost.host.Host;

/**
 * RTP-MIDI (issue #14) on loopback: two {@code RtpDriver} instances (through {@code BenchRtp}: the
 * driver's own {@code RtpDevices}, session endpoint and sessions), each added to a REAL {@link Host} of
 * its own in this JVM, both on 127.0.0.1 with ports picked free; alice (host A) invites bob (host B).
 * Each host sees the other as one device pair: {@code rtp/bob} on A, {@code rtp/alice} on B. All
 * handles DIRECT: B's input callback runs on B's endpoint thread, A's on A's.
 */
final class RtpBench {
    /** Longest wait for one round trip, or for a session, before the run is declared broken. */
    private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(10);

    private RtpBench() {
    }

    /** Two hosts, a driver each, the session up (through a relay when one is given). */
    private static final class Pair implements AutoCloseable {
        final Host hostA = new Host();
        final Host hostB = new Host();
        final BenchRtp alice;
        final BenchRtp bob;
        final RtpRelay relay;

        Pair(double loss, long seed) throws Exception {
            bob = BenchRtp.start(hostB, "rtp", "bob");
            alice = BenchRtp.start(hostA, "rtp", "alice");
            relay = loss > 0 ? new RtpRelay(bob.port(), loss, seed) : null;
            alice.invite(relay != null ? relay.port() : bob.port());
            await("the session up on both hosts", () -> hostA.outDeviceCount() == 1 && hostB.inDeviceCount() == 1
                    && hostB.outDeviceCount() == 1 && hostA.inDeviceCount() == 1);
        }

        @Override
        public void close() {
            alice.close();
            bob.close();
            if (relay != null) {
                relay.close();
            }
            hostA.close();
            hostB.close();
        }
    }

    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + DEADLINE_NANOS;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("not within 10 s: " + what);
            }
            LockSupport.parkNanos(1_000_000);
        }
    }

    /** B's echo: every short message arriving at B's input goes straight back out of B's output. */
    private static final class Echo implements MidiInCallback {
        volatile MidiOut back;
        final AtomicLong failed = new AtomicLong();

        @Override
        public void onData(MidiIn in, int message, long millis, long nanos) {
            try {
                back.shortMsg(message);
            } catch (MidiException e) {
                failed.incrementAndGet();
            }
        }
    }

    /** What A's input callback publishes: set on A's endpoint thread, read by the sender. */
    private static final class Probe implements MidiInCallback {
        volatile long receivedAt;
        volatile int receivedMessage = -1;
        volatile Thread waiter; // null when the sender spins

        @Override
        public void onData(MidiIn in, int message, long millis, long nanos) {
            receivedAt = System.nanoTime();
            receivedMessage = message;
            Thread w = waiter;
            if (w != null) {
                LockSupport.unpark(w);
            }
        }
    }

    /**
     * @param rtt round trips, ns
     * @param timedOut round trips given up after 10 s (a lost datagram; 0 on loopback)
     * @param latencyMicros alice's clock-sync latency estimate at the end, µs
     */
    record RoundTrip(Histogram rtt, long timedOut, long latencyMicros) {
    }

    /**
     * Round trips, one message in flight: A sends on {@code rtp/bob}, B's input callback sends it back on
     * {@code rtp/alice}, A's input callback records {@code System.nanoTime()}. Messages: NoteOn and NoteOff
     * in turn (note = i/2 mod 128, velocity 64), so each differs from the one before.
     *
     * @param spin true: the sender spins ({@code Thread.onSpinWait}) until the echo is back, holding a core;
     *        false: it parks and A's input callback unparks it (the core is free for the endpoint threads)
     */
    static RoundTrip roundTrip(int warmup, int count, boolean spin) throws Exception {
        try (Pair p = new Pair(0, 0)) {
            Echo echo = new Echo();
            Probe probe = new Probe();
            try (MidiOut back = p.hostB.openOut("rtp/alice", MidiOutCallback.NONE, OpenOptions.direct());
                    MidiIn inB = p.hostB.openIn("rtp/alice", echo, OpenOptions.direct());
                    MidiOut out = p.hostA.openOut("rtp/bob", MidiOutCallback.NONE, OpenOptions.direct());
                    MidiIn inA = p.hostA.openIn("rtp/bob", probe, OpenOptions.direct())) {
                echo.back = back;
                inB.start();
                inA.start();
                probe.waiter = spin ? null : Thread.currentThread();
                Histogram h = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
                long timedOut = 0;
                for (int i = -warmup; i < count; i++) {
                    int k = i + warmup;
                    int note = (k >> 1) & 0x7F;
                    int msg = ((k & 1) == 0 ? 0x90 : 0x80) | note << 8 | 0x40 << 16;
                    probe.receivedMessage = -1;
                    long t0 = System.nanoTime();
                    out.shortMsg(msg);
                    boolean arrived = true;
                    while (probe.receivedMessage != msg) {
                        if (System.nanoTime() - t0 > DEADLINE_NANOS) {
                            arrived = false;
                            break;
                        }
                        if (spin) {
                            Thread.onSpinWait();
                        } else {
                            LockSupport.parkNanos(1_000_000);
                        }
                    }
                    if (!arrived) {
                        timedOut++;
                        if (timedOut > 10) {
                            throw new IllegalStateException("more than 10 round trips not back within 10 s");
                        }
                    } else if (i >= 0) {
                        h.recordValue(Math.max(0, probe.receivedAt - t0));
                    }
                }
                if (echo.failed.get() > 0) {
                    throw new IllegalStateException(echo.failed.get() + " echoes failed at B");
                }
                BenchRtp.Counters c = p.alice.session();
                return new RoundTrip(h, timedOut, c == null ? -1 : c.latencyMicros());
            }
        }
    }

    /**
     * @param sent messages A sent
     * @param received messages B's input callback saw (journal repairs included)
     * @param sendNanos from the first send to the last send returning
     * @param receiveNanos from the first send to the last arrival at B
     * @param packetsOut RTP packets A sent (guard packets included)
     * @param packetsIn RTP packets B took
     * @param losses losses B detected (sequence gaps)
     * @param repairs B's journal repairs
     */
    record Burst(long sent, long received, long sendNanos, long receiveNanos, long packetsOut, long packetsIn,
            long losses, long repairs) {
    }

    /** Counts what arrives at B and when the last did. */
    private static final class Counter implements MidiInCallback {
        final AtomicLong messages = new AtomicLong();
        volatile long lastAt;

        @Override
        public void onData(MidiIn in, int message, long millis, long nanos) {
            messages.incrementAndGet();
            lastAt = System.nanoTime();
        }
    }

    /**
     * A burst A → B: {@code count} short messages as fast as one thread on A can send them (Control Change
     * 1..7 on channel 1 with values cycling, one message a packet, as the driver sends), counted at B's
     * input; then wait until B has had nothing new for 1 s.
     */
    static Burst burst(int count) throws Exception {
        return burst(count, 0);
    }

    /**
     * As {@link #burst(int)}, with at most {@code window} messages in flight when {@code window > 0}: A
     * waits (spinning, at most 100 ms) until B's input has counted {@code sent - window} before sending more.
     */
    static Burst burst(int count, int window) throws Exception {
        try (Pair p = new Pair(0, 0)) {
            Counter counter = new Counter();
            try (MidiIn inB = p.hostB.openIn("rtp/alice", counter, OpenOptions.direct());
                    MidiOut out = p.hostA.openOut("rtp/bob", MidiOutCallback.NONE, OpenOptions.direct())) {
                inB.start();
                long packetsBefore = p.alice.session().packetsOut();
                long inBefore = p.bob.session().packetsIn();
                long t0 = System.nanoTime();
                for (int i = 0; i < count; i++) {
                    if (window > 0) {
                        long spinStart = System.nanoTime();
                        while (i - counter.messages.get() >= window) {
                            if (System.nanoTime() - spinStart > 100_000_000L) {
                                break; // a datagram lost: B will never count it; go on (reported as lost)
                            }
                            Thread.onSpinWait();
                        }
                    }
                    out.shortMsg(0xB0 | (1 + i % 7) << 8 | (i & 0x7F) << 16);
                }
                long sendNanos = System.nanoTime() - t0;
                long last = -1;
                long stableSince = System.nanoTime();
                while (System.nanoTime() - stableSince < TimeUnit.SECONDS.toNanos(1)) {
                    long now = counter.messages.get();
                    if (now != last) {
                        last = now;
                        stableSince = System.nanoTime();
                    }
                    LockSupport.parkNanos(10_000_000);
                }
                BenchRtp.Counters a = p.alice.session();
                BenchRtp.Counters b = p.bob.session();
                return new Burst(count, counter.messages.get(), sendNanos, counter.lastAt - t0,
                        a.packetsOut() - packetsBefore, b.packetsIn() - inBefore, b.losses(), b.journalRepairs());
            }
        }
    }

    /**
     * @param noteOns NoteOns sent
     * @param messages messages sent (NoteOns and NoteOffs)
     * @param stuck notes on at B's input once the session is quiet
     * @param packetsOut RTP packets A sent (guard packets included)
     * @param dropped RTP packets the relay dropped A → B
     * @param droppedBack and B → A (B sends none here but guards: normally 0)
     * @param losses losses B detected
     * @param repairs B's journal repairs
     * @param quiet whether everything was through and acknowledged before the deadline
     * @param settleMillis from the last send until quiet (or the deadline)
     */
    record Loss(long noteOns, long messages, long stuck, long packetsOut, long dropped, long droppedBack, long losses,
            long repairs, boolean quiet, long settleMillis) {
    }

    /** Counts the notes sounding from what arrives (NoteOn velocity 0 is a NoteOff). Endpoint thread only. */
    private static final class NoteCounter implements MidiInCallback {
        private final boolean[][] on = new boolean[16][128];
        private int count;

        @Override
        public synchronized void onData(MidiIn in, int message, long millis, long nanos) {
            int status = message & 0xF0;
            int channel = message & 0x0F;
            int note = message >>> 8 & 0x7F;
            boolean noteOn = status == 0x90 && (message >>> 16 & 0x7F) != 0;
            boolean noteOff = status == 0x80 || (status == 0x90 && !noteOn);
            if (noteOn && !on[channel][note]) {
                on[channel][note] = true;
                count++;
            } else if (noteOff && on[channel][note]) {
                on[channel][note] = false;
                count--;
            }
        }

        synchronized int notesOn() {
            return count;
        }
    }

    /**
     * Notes through a relay that drops {@code loss} of the RTP packets (seeded): {@code notes} NoteOns
     * on 4 channels (notes 36..83, random velocity), each note struck while sounding is first released,
     * so NoteOn/NoteOff pairs overlap; then every sounding note off. Paced every 50 messages until the
     * relay and B have taken everything (so the only losses are the relay's, not socket buffers'). Then
     * wait until A has sent no RTP packet for 2 s, all of them passed or dropped by the relay, B took
     * all passed, and B acknowledged everything (RS): count the notes on at B.
     */
    static Loss loss(int notes, double loss, long seed) throws Exception {
        try (Pair p = new Pair(loss, seed)) {
            NoteCounter atB = new NoteCounter();
            RtpRelay relay = p.relay;
            try (MidiIn inB = p.hostB.openIn("rtp/alice", atB, OpenOptions.direct());
                    MidiOut out = p.hostA.openOut("rtp/bob", MidiOutCallback.NONE, OpenOptions.direct())) {
                inB.start();
                Random random = new Random(seed);
                boolean[][] on = new boolean[4][128];
                long messages = 0;
                BooleanSupplier caughtUp = () -> relay.forwarded.get() + relay.dropped.get()
                        >= p.alice.session().packetsOut() && p.bob.session().packetsIn() >= relay.forwarded.get();
                for (int n = 0; n < notes; n++) {
                    int channel = random.nextInt(4);
                    int note = 36 + random.nextInt(48);
                    if (on[channel][note]) {
                        out.shortMsg(0x80 | channel | note << 8);
                        messages++;
                    }
                    out.shortMsg(0x90 | channel | note << 8 | (1 + random.nextInt(127)) << 16);
                    on[channel][note] = true;
                    messages++;
                    // release some: keep about 8 sounding
                    if (random.nextInt(8) != 0) {
                        int c = random.nextInt(4);
                        int k = 36 + random.nextInt(48);
                        if (on[c][k]) {
                            out.shortMsg(0x80 | c | k << 8);
                            on[c][k] = false;
                            messages++;
                        }
                    }
                    if (n % 50 == 49) {
                        await("the relay and B caught up", caughtUp);
                    }
                }
                for (int c = 0; c < 4; c++) {
                    for (int k = 0; k < 128; k++) {
                        if (on[c][k]) {
                            out.shortMsg(0x80 | c | k << 8);
                            on[c][k] = false;
                            messages++;
                        }
                    }
                }
                long t0 = System.nanoTime();
                long deadline = t0 + TimeUnit.SECONDS.toNanos(30);
                long lastOut = -1;
                long quietSince = System.nanoTime();
                boolean quiet = false;
                while (System.nanoTime() - deadline < 0) {
                    BenchRtp.Counters a = p.alice.session();
                    BenchRtp.Counters b = p.bob.session();
                    if (a.packetsOut() != lastOut) {
                        lastOut = a.packetsOut();
                        quietSince = System.nanoTime();
                    }
                    boolean through = a.packetsOut() == relay.forwarded.get() + relay.dropped.get()
                            && b.packetsIn() == relay.forwarded.get() && a.unacknowledged() == 0;
                    if (through && System.nanoTime() - quietSince > TimeUnit.SECONDS.toNanos(2)) {
                        quiet = true;
                        break;
                    }
                    LockSupport.parkNanos(10_000_000);
                }
                long settle = (System.nanoTime() - t0) / 1_000_000;
                BenchRtp.Counters a = p.alice.session();
                BenchRtp.Counters b = p.bob.session();
                return new Loss(notes, messages, atB.notesOn(), a.packetsOut(), relay.dropped.get(),
                        relay.droppedBack.get(), b.losses(), b.journalRepairs(), quiet, settle);
            }
        }
    }
}
