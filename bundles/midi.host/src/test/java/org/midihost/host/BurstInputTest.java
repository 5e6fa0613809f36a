package org.midihost.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.midihost.api.MidiException;
import org.midihost.api.MidiHeader;
import org.midihost.api.MidiIn;
import org.midihost.api.MidiInCallback;
import org.midihost.api.OpenOptions;
import org.midihost.spi.MidiDriver;

/**
 * Input written at once, faster than a client takes it, arrives whole: a 1 MiB system-exclusive
 * dump, 100,000 short messages and 50 sysex messages back to back, at a client with the default
 * options that recycles four 4 KiB buffers.
 */
class BurstInputTest {
    static final int SYSEX_BUFFER = 4096;
    final Host host = new Host();

    @AfterEach
    void close() {
        host.close();
    }

    /** A client that records every byte of sysex and every short message, recycling its buffers. */
    static final class Collector implements MidiInCallback {
        final ByteArrayOutputStream sysex = new ByteArrayOutputStream();
        final List<Integer> shorts = new ArrayList<>();
        final AtomicLong overflow = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        volatile int messagesEnded;
        volatile CountDownLatch gate = new CountDownLatch(0);
        volatile boolean recycle = true;

        @Override
        public synchronized void onData(MidiIn in, int message, long millis, long nanos) {
            await();
            shorts.add(message);
        }

        @Override
        public void onLongData(MidiIn in, MidiHeader header, long millis, long nanos) {
            await();
            synchronized (this) {
                sysex.write(header.data(), 0, header.bytesRecorded());
                if (header.bytesRecorded() > 0 && header.data()[header.bytesRecorded() - 1] == (byte) 0xF7) {
                    messagesEnded++;
                }
            }
            if (!recycle) {
                return;
            }
            try {
                in.addBuffer(header); // recycled at once
            } catch (MidiException e) {
                // closed meanwhile: the test is over
            }
        }

        @Override
        public void onLongError(MidiIn in, MidiHeader header, long millis, long nanos) {
            errors.incrementAndGet();
        }

        @Override
        public void onOverflow(MidiIn in, long lost) {
            overflow.addAndGet(lost);
        }

        private void await() {
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        synchronized int shortCount() {
            return shorts.size();
        }

        synchronized int sysexSize() {
            return sysex.size();
        }
    }

    private static MidiIn openWithBuffers(MidiIn in) throws MidiException {
        for (int i = 0; i < 4; i++) {
            MidiHeader h = new MidiHeader(new byte[SYSEX_BUFFER]);
            in.prepareHeader(h);
            in.addBuffer(h);
        }
        in.start();
        return in;
    }

    private static byte[] sysex(int length, int seed) {
        byte[] b = new byte[length];
        b[0] = (byte) 0xF0;
        for (int i = 1; i < length - 1; i++) {
            b[i] = (byte) ((i * 31 + seed) & 0x7F);
        }
        b[length - 1] = (byte) 0xF7;
        return b;
    }

    private static void until(java.util.function.BooleanSupplier done, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as(what).isNegative();
            Thread.onSpinWait();
        }
    }

    @Test
    void aByteStreamBurstArrivesWholeAtADefaultClient() throws Exception {
        PortDriverTest.Memory miniport = new PortDriverTest.Memory();
        host.addMiniport(miniport, Map.of(MidiDriver.ID, "mem"));
        Collector c = new Collector();
        c.gate = new CountDownLatch(1); // the client is behind while everything is written
        MidiIn in = openWithBuffers(host.openIn("mem/0", c, OpenOptions.defaults()));

        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        ByteArrayOutputStream expectedSysex = new ByteArrayOutputStream();
        byte[] dump = sysex(1 << 20, 1);
        wire.write(dump);
        expectedSysex.write(dump);
        List<Integer> expectedShorts = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            int note = i % 128;
            int msg = 0x90 | (i % 16);
            wire.write(msg);
            wire.write(note);
            wire.write(0x40);
            expectedShorts.add(msg | note << 8 | 0x40 << 16);
        }
        for (int i = 0; i < 50; i++) {
            byte[] s = sysex(20 + i, i);
            wire.write(s);
            expectedSysex.write(s);
        }
        miniport.receive(HexFormat.of().formatHex(wire.toByteArray()));
        c.gate.countDown();

        until(() -> c.sysexSize() == expectedSysex.size() && c.shortCount() == expectedShorts.size(),
                "every byte arrives");
        assertThat(c.overflow.get()).isZero();
        assertThat(c.errors.get()).isZero();
        assertThat(c.messagesEnded).isEqualTo(51);
        assertThat(c.sysex.toByteArray()).isEqualTo(expectedSysex.toByteArray());
        assertThat(c.shorts).isEqualTo(expectedShorts);
        c.recycle = false;
        in.reset();
        in.close();
    }

    @Test
    void aMessageLevelDriversBurstArrivesWholeAtADefaultClient() throws Exception {
        TestDriver d = new TestDriver("t", 10, 0, 1, true);
        host.addDriver(d, d.props());
        Collector c = new Collector();
        c.gate = new CountDownLatch(1);
        MidiIn in = openWithBuffers(host.openIn("t/0", c, OpenOptions.defaults()));
        byte[] dump = sysex(1 << 20, 7);
        d.inputSysex(dump, true); // one call, far more than the client's buffers
        for (int i = 0; i < 100_000; i++) {
            d.input(0x403C90 | (i % 16));
        }
        c.gate.countDown();
        until(() -> c.sysexSize() == dump.length && c.shortCount() == 100_000, "every byte arrives");
        assertThat(c.overflow.get()).isZero();
        assertThat(c.sysex.toByteArray()).isEqualTo(dump);
        c.recycle = false;
        in.reset();
        in.close();
    }
}
