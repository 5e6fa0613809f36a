package org.midihost.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.midihost.host.HostTest.assertCode;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.midihost.api.MidiHeader;
import org.midihost.api.MidiIn;
import org.midihost.api.MidiOut;
import org.midihost.api.MidiOutCallback;
import org.midihost.api.MmResult;
import org.midihost.api.OpenOptions;

/** Input: time stamps, system-exclusive buffers, start/stop/reset, MOREDATA, executors; and the allocation-free output path. */
class InputTest {
    final Host host = new Host();
    final TestDriver d = new TestDriver("in", 1, 1, 1, true);

    InputTest() {
        host.addDriver(d, d.props());
    }

    @AfterEach
    void close() {
        host.close();
    }

    private static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    @Test
    void dataComesOnlyWhileStartedWithTimeStampsFromStart() throws Exception {
        Recorder r = new Recorder();
        MidiIn in = host.openIn(0, r, OpenOptions.direct());
        assertThat(r.next()).isEqualTo("OPEN");
        d.input(0x643C90); // not started: nothing
        assertThat(r.quiet()).isTrue();
        in.start();
        in.start(); // harmless
        d.input(0x643C90);
        assertThat(r.next()).isEqualTo("DATA 643c90");
        assertThat(r.lastMillis).isBetween(0L, 5_000L);
        in.stop();
        d.input(0x643C90);
        assertThat(r.quiet()).isTrue();
        in.close();
        assertThat(r.next()).isEqualTo("CLOSE");
    }

    @Test
    void sysexFillsBuffersInOrderAcrossBufferBoundaries() throws Exception {
        Recorder r = new Recorder();
        MidiIn in = host.openIn(0, r, OpenOptions.defaults());
        MidiHeader a = new MidiHeader(new byte[4]);
        MidiHeader b = new MidiHeader(new byte[4]);
        MidiHeader c = new MidiHeader(new byte[16]);
        assertCode(() -> in.addBuffer(a), MmResult.MIDIERR_UNPREPARED);
        for (MidiHeader h : new MidiHeader[] { a, b, c }) {
            in.prepareHeader(h);
            in.addBuffer(h);
        }
        assertCode(() -> in.addBuffer(a), MmResult.MIDIERR_STILLPLAYING);
        in.start();
        // one 10-byte message in two pieces: fills a, b, then 2 bytes of c
        d.inputSysex(bytes(0xF0, 1, 2, 3, 4, 5), false);
        d.inputSysex(bytes(6, 7, 8, 0xF7), true);
        assertThat(r.next()).isEqualTo("OPEN");
        assertThat(r.next()).isEqualTo("LONGDATA 4");
        assertThat(r.next()).isEqualTo("LONGDATA 4");
        assertThat(r.next()).isEqualTo("LONGDATA 2");
        assertThat(r.headers.poll()).isSameAs(a);
        assertThat(r.headers.poll()).isSameAs(b);
        assertThat(r.headers.poll()).isSameAs(c);
        assertThat(a.data()).containsExactly(bytes(0xF0, 1, 2, 3));
        assertThat(b.data()).containsExactly(bytes(4, 5, 6, 7));
        assertThat(Arrays.copyOf(c.data(), 2)).containsExactly(bytes(8, 0xF7));
        assertThat(a.isDone() && !a.isInQueue()).isTrue();

        // no buffer left: the message waits for the next buffer the client adds, and arrives whole
        d.inputSysex(bytes(0xF0, 1, 0xF7), true);
        assertThat(r.quiet()).isTrue();
        MidiHeader late = new MidiHeader(new byte[8]);
        in.prepareHeader(late);
        in.addBuffer(late);
        assertThat(r.next()).isEqualTo("LONGDATA 3");
        assertThat(r.headers.poll()).isSameAs(late);
        assertThat(Arrays.copyOf(late.data(), 3)).containsExactly(bytes(0xF0, 1, 0xF7));
        in.close();
    }

    @Test
    void brokenSysexComesBackAsLongError() throws Exception {
        Recorder r = new Recorder();
        MidiIn in = host.openIn(0, r, OpenOptions.direct());
        MidiHeader h = new MidiHeader(new byte[32]);
        in.prepareHeader(h);
        in.addBuffer(h);
        in.start();
        d.inputSysex(bytes(0xF0, 1, 2), false);
        d.inputs.get(0).client.sysexError(System.nanoTime());
        d.inputs.get(0).client.error(0x42, System.nanoTime());
        assertThat(r.events).containsExactly("OPEN", "LONGERROR 3", "ERROR 42");
        in.close();
    }

    @Test
    void stopReturnsThePartlyFilledBufferAndResetReturnsAll() throws Exception {
        Recorder r = new Recorder();
        MidiIn in = host.openIn(0, r, OpenOptions.direct());
        MidiHeader a = new MidiHeader(new byte[8]);
        MidiHeader b = new MidiHeader(new byte[8]);
        in.prepareHeader(a);
        in.prepareHeader(b);
        in.addBuffer(a);
        in.addBuffer(b);
        in.start();
        d.inputSysex(bytes(0xF0, 1, 2), false);
        in.stop();
        assertThat(r.events).containsExactly("OPEN", "LONGDATA 3");
        assertCode(in::close, MmResult.MIDIERR_STILLPLAYING); // b is still queued
        assertCode(() -> in.unprepareHeader(b), MmResult.MIDIERR_STILLPLAYING);
        in.reset();
        assertThat(r.events).containsExactly("OPEN", "LONGDATA 3", "LONGDATA 0");
        assertThat(b.isDone()).isTrue();
        in.unprepareHeader(b);
        in.close();
    }

    @Test
    void moreDataWhenEventsQueueBehindAndCallerExecutorKeepsOrder() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        java.util.concurrent.ExecutorService exec = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            Executor held = task -> exec.execute(() -> {
                try {
                    gate.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                task.run();
            });
            Recorder r = new Recorder();
            MidiIn in = host.openIn(0, r, OpenOptions.defaults().executor(held).ioStatus(true));
            in.start();
            for (int i = 0; i < 100; i++) {
                d.input(0x000090 | i << 8);
            }
            gate.countDown();
            assertThat(r.next()).isEqualTo("OPEN");
            for (int i = 0; i < 99; i++) {
                assertThat(r.next()).isEqualTo("MOREDATA " + Integer.toHexString(0x90 | i << 8));
            }
            assertThat(r.next()).isEqualTo("DATA " + Integer.toHexString(0x90 | 99 << 8));
            in.close();
        } finally {
            exec.shutdownNow();
        }
    }

    @Test
    void driverGoingAwayReturnsInputBuffersAndCloses() throws Exception {
        Recorder r = new Recorder();
        MidiIn in = host.openIn(0, r, OpenOptions.direct());
        MidiHeader h = new MidiHeader(new byte[8]);
        in.prepareHeader(h);
        in.addBuffer(h);
        in.start();
        host.removeDriver(d);
        assertThat(r.events).containsExactly("OPEN", "LONGDATA 0", "CLOSE");
        assertCode(() -> in.addBuffer(h), MmResult.MMSYSERR_NODRIVER);
        assertCode(in::start, MmResult.MMSYSERR_NODRIVER);
        in.close();
        assertCode(in::start, MmResult.MMSYSERR_INVALHANDLE);
    }

    @Test
    void shortMessagePathAllocatesNothing() throws Exception {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        AtomicInteger sink = new AtomicInteger();
        TestDriver quiet = new TestDriver("quiet", 5, 1, 0, true) {
            @Override
            public org.midihost.spi.OutInstance openOut(int index, org.midihost.spi.OutClient client) {
                return new org.midihost.spi.OutInstance() {
                    public void shortMsg(int m) {
                        sink.addAndGet(m);
                    }

                    public void longMsg(MidiHeader h) {
                        client.done(h);
                    }

                    public void reset() {
                    }

                    public void close() {
                    }
                };
            }
        };
        host.addDriver(quiet, quiet.props());
        try (MidiOut out = host.openOut("quiet/0", MidiOutCallback.NONE, OpenOptions.direct())) {
            for (int i = 0; i < 200_000; i++) { // warm up: let the JIT compile the path
                out.shortMsg(0x643C90);
            }
            long tid = Thread.currentThread().getId();
            long before = mx.getThreadAllocatedBytes(tid);
            for (int i = 0; i < 100_000; i++) {
                out.shortMsg(0x643C90);
                out.shortMsg(0x403C);
            }
            long allocated = mx.getThreadAllocatedBytes(tid) - before;
            // a few hundred bytes of slack for the measurement itself; one byte per message would be 200 KB
            assertThat(allocated).as("bytes allocated by 200,000 shortMsg calls").isLessThan(4096);
        }
        assertThat(sink.get()).isNotZero();
    }
}
