package org.midihost.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.midihost.api.MidiException;
import org.midihost.api.MidiHeader;
import org.midihost.api.MidiIn;
import org.midihost.api.MidiInCallback;
import org.midihost.api.MidiOut;
import org.midihost.api.MidiOutCallback;
import org.midihost.api.MmResult;
import org.midihost.api.OpenOptions;

/** Races: exclusive opens, concurrent senders, hot unbind under load, slow callbacks. */
class ConcurrencyTest {
    final Host host = new Host();
    final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void close() {
        host.close();
        pool.shutdownNow();
    }

    @Test
    void exactlyOneOfManyRacingOpenersWins() throws Exception {
        TestDriver d = new TestDriver("x", 1, 1, 0, false);
        host.addDriver(d, d.props());
        for (int round = 0; round < 50; round++) {
            int n = 16;
            CyclicBarrier barrier = new CyclicBarrier(n);
            List<Future<Object>> results = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                results.add(pool.submit(() -> {
                    barrier.await();
                    try {
                        return host.openOut(0, MidiOutCallback.NONE, OpenOptions.direct());
                    } catch (MidiException e) {
                        return e.result();
                    }
                }));
            }
            List<MidiOut> winners = new ArrayList<>();
            int allocated = 0;
            for (Future<Object> f : results) {
                Object r = f.get(10, TimeUnit.SECONDS);
                if (r instanceof MidiOut o) {
                    winners.add(o);
                } else {
                    assertThat(r).isEqualTo(MmResult.MMSYSERR_ALLOCATED);
                    allocated++;
                }
            }
            assertThat(winners).hasSize(1);
            assertThat(allocated).isEqualTo(n - 1);
            winners.get(0).close();
        }
    }

    @Test
    void concurrentClientsNeverInterleaveAndKeepTheirOrder() throws Exception {
        TestDriver d = new TestDriver("m", 1, 1, 0, true);
        host.addDriver(d, d.props());
        int clients = 4;
        int perClient = 16_000; // fits the 14 bits of note and velocity
        CyclicBarrier barrier = new CyclicBarrier(clients);
        List<Future<?>> fs = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int channel = c;
            fs.add(pool.submit((Callable<Void>) () -> {
                try (MidiOut out = host.openOut(0, MidiOutCallback.NONE, OpenOptions.direct())) {
                    MidiHeader h = new MidiHeader(new byte[] { (byte) 0xF0, 0x7D, (byte) channel, 0, 0, (byte) 0xF7 });
                    out.prepareHeader(h);
                    barrier.await();
                    for (int i = 0; i < perClient; i++) {
                        // note on, channel = client, note/velocity = the counter's two 7-bit halves
                        out.shortMsg(0x90 | channel | (i & 0x7F) << 8 | ((i >> 7) & 0x7F) << 16);
                        if (i % 1000 == 0) {
                            h.data()[3] = (byte) (i >> 7 & 0x7F);
                            h.data()[4] = (byte) (i & 0x7F);
                            out.longMsg(h);
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : fs) {
            f.get(60, TimeUnit.SECONDS);
        }
        assertThat(d.overlapSeen).as("two calls inside the driver for one device at once").isFalse();
        int[] next = new int[clients];
        for (int m : d.shorts) {
            int c = m & 0x0F;
            int i = (m >> 8 & 0x7F) | (m >> 16 & 0x7F) << 7;
            assertThat(i).as("client %d order", c).isEqualTo(next[c]);
            next[c]++;
        }
        for (int c = 0; c < clients; c++) {
            assertThat(next[c]).isEqualTo(perClient);
        }
        assertThat(d.sysex).hasSize(clients * perClient / 1000);
    }

    @Test
    void hotUnbindWhileOthersSendLosesNothingElsewhereAndNoCallReachesTheGoneDriver() throws Exception {
        TestDriver stays = new TestDriver("stays", 1, 1, 0, true);
        host.addDriver(stays, stays.props());
        for (int round = 0; round < 20; round++) {
            TestDriver goes = new TestDriver("goes", 2, 1, 1, true);
            host.addDriver(goes, goes.props());
            Recorder onGoes = new Recorder();
            MidiOut toGoes = host.openOut("goes/0", onGoes, OpenOptions.defaults());
            MidiIn fromGoes = host.openIn("goes/0", MidiInCallback.NONE, OpenOptions.direct());
            MidiHeader held = new MidiHeader(new byte[] { (byte) 0xF0, (byte) 0xF7 });
            toGoes.prepareHeader(held);
            goes.holdSysex = true;
            toGoes.longMsg(held);

            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong sentToStays = new AtomicLong();
            AtomicInteger nodriver = new AtomicInteger();
            CountDownLatch running = new CountDownLatch(2);
            stays.shorts.clear();
            Future<?> a = pool.submit((Callable<Void>) () -> {
                try (MidiOut out = host.openOut("stays/0", MidiOutCallback.NONE, OpenOptions.direct())) {
                    running.countDown();
                    int i = 0;
                    while (!stop.get() || i < 1000) {
                        out.shortMsg(0x90 | (i & 0x7F) << 8 | ((i >> 7) & 0x7F) << 16);
                        i++;
                    }
                    sentToStays.set(i);
                }
                return null;
            });
            Future<?> b = pool.submit((Callable<Void>) () -> {
                running.countDown();
                while (true) {
                    try {
                        toGoes.shortMsg(0x643C90);
                    } catch (MidiException e) {
                        assertThat(e.result()).isEqualTo(MmResult.MMSYSERR_NODRIVER);
                        nodriver.incrementAndGet();
                        return null;
                    }
                }
            });
            assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
            host.removeDriver(goes);
            goes.gone.set(true);
            b.get(10, TimeUnit.SECONDS);
            stop.set(true);
            a.get(10, TimeUnit.SECONDS);

            assertThat(goes.calledAfterGone).as("a call reached the driver after unbind returned").isFalse();
            assertThat(nodriver.get()).isEqualTo(1);
            assertThat(stays.shorts).hasSize((int) sentToStays.get());
            // the held buffer came back, then CLOSE
            assertThat(onGoes.next()).isEqualTo("OPEN");
            assertThat(onGoes.next()).isEqualTo("DONE");
            assertThat(onGoes.next()).isEqualTo("CLOSE");
            assertThat(held.isDone()).isTrue();
            assertThat(goes.closes.get()).isEqualTo(2);
            assertThat(fromGoes.isOpen()).isFalse();
            toGoes.close();
            fromGoes.close();
            assertThat(goes.calledAfterGone).isFalse();
        }
    }

    @Test
    void blockingCallbackStallsNeitherTheDriverNorOtherClients() throws Exception {
        TestDriver d = new TestDriver("in", 1, 0, 1, true);
        host.addDriver(d, d.props());
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch blocked = new CountDownLatch(1);
        AtomicInteger slowGot = new AtomicInteger();
        MidiInCallback slow = new MidiInCallback() {
            @Override
            public void onData(MidiIn in, int message, long millis, long nanos) {
                slowGot.incrementAndGet();
                blocked.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        AtomicInteger lost = new AtomicInteger();
        MidiIn a = host.openIn(0, new MidiInCallback() {
            @Override
            public void onData(MidiIn in, int message, long millis, long nanos) {
                slow.onData(in, message, millis, nanos);
            }

            @Override
            public void onOverflow(MidiIn in, long n) {
                lost.addAndGet((int) n);
            }
        }, OpenOptions.defaults().queueCapacity(16));
        CountDownLatch fastDone = new CountDownLatch(1000);
        AtomicInteger throwing = new AtomicInteger();
        MidiIn b = host.openIn(0, new MidiInCallback() {
            @Override
            public void onData(MidiIn in, int message, long millis, long nanos) {
                fastDone.countDown();
            }
        }, OpenOptions.defaults());
        MidiIn c = host.openIn(0, new MidiInCallback() {
            @Override
            public void onData(MidiIn in, int message, long millis, long nanos) {
                throwing.incrementAndGet();
                throw new IllegalStateException("client bug");
            }
        }, OpenOptions.defaults());
        a.start();
        b.start();
        c.start();
        d.input(0x643C90);
        assertThat(blocked.await(5, TimeUnit.SECONDS)).isTrue();
        Future<?> driverThread = pool.submit(() -> {
            for (int i = 1; i < 1000; i++) {
                d.input(0x003C90 | (i & 0x7F) << 16);
            }
        });
        driverThread.get(10, TimeUnit.SECONDS); // the driver is not held up by the blocked client
        assertThat(fastDone.await(10, TimeUnit.SECONDS)).isTrue();
        release.countDown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (slowGot.get() + lost.get() < 1000 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(slowGot.get() + lost.get()).as("delivered + reported lost").isEqualTo(1000);
        assertThat(lost.get()).isPositive();
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (throwing.get() < 1000 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(throwing.get()).isEqualTo(1000);
        a.close();
        b.close();
        c.close();
    }

    @Test
    void reconnectingHandleResumesWhenTheEndpointComesBack() throws Exception {
        TestDriver first = new TestDriver("r", 1, 1, 1, true);
        host.addDriver(first, first.props());
        Recorder outEvents = new Recorder();
        Recorder inEvents = new Recorder();
        MidiOut out = host.openOut("r/0", outEvents, OpenOptions.direct().reconnect(true));
        MidiIn in = host.openIn("r/0", inEvents, OpenOptions.direct().reconnect(true));
        MidiOut plain = host.openOut(0, MidiOutCallback.NONE, OpenOptions.direct().reconnect(false)) ;
        in.start();
        host.removeDriver(first);
        assertThat(outEvents.events).containsExactly("OPEN", "CLOSE");
        assertThat(inEvents.events).containsExactly("OPEN", "CLOSE");
        AssertCode.code(() -> out.shortMsg(0x643C90), MmResult.MMSYSERR_NODRIVER);

        TestDriver second = new TestDriver("r", 1, 1, 1, true);
        host.addDriver(second, second.props());
        assertThat(outEvents.events).containsExactly("OPEN", "CLOSE", "OPEN");
        assertThat(inEvents.events).containsExactly("OPEN", "CLOSE", "OPEN");
        out.shortMsg(0x643C90);
        assertThat(second.shorts).containsExactly(0x643C90);
        second.input(0x403C80);
        assertThat(inEvents.events).containsExactly("OPEN", "CLOSE", "OPEN", "DATA 403c80");
        assertThat(plain.isOpen()).isFalse();
        plain.close();
        out.close();
        in.close();
        // closed handles no longer wait for the endpoint
        host.removeDriver(second);
        host.addDriver(first, first.props());
        assertThat(outEvents.events).containsExactly("OPEN", "CLOSE", "OPEN", "CLOSE");
        host.openOut("r/0", MidiOutCallback.NONE, OpenOptions.direct()).close();
    }

    /** A short helper for code assertions in lambdas. */
    static final class AssertCode {
        static void code(org.assertj.core.api.ThrowableAssert.ThrowingCallable c, MmResult r) {
            HostTest.assertCode(c, r);
        }
    }
}
