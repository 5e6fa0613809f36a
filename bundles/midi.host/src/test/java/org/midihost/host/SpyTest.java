package org.midihost.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.midihost.host.HostTest.assertCode;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.midihost.api.MidiHeader;
import org.midihost.api.MidiHost;
import org.midihost.api.MidiIn;
import org.midihost.api.MidiInCallback;
import org.midihost.api.MidiOut;
import org.midihost.api.MidiOutCallback;
import org.midihost.api.MmResult;
import org.midihost.api.OpenOptions;

/** Spies on outputs ({@code MidiHost.openSpy}): what every client sends, in the device's order. */
class SpyTest {
    final Host host = new Host();
    final TestDriver d = new TestDriver("t", 1, 1, 0, true);

    SpyTest() {
        host.addDriver(d, d.props());
    }

    @AfterEach
    void close() {
        host.close();
    }

    /** Collects the short messages a spy hears, and the thread they come on. */
    static final class Heard implements MidiInCallback {
        final ConcurrentLinkedQueue<Integer> data = new ConcurrentLinkedQueue<>();
        final AtomicReference<Thread> thread = new AtomicReference<>();

        @Override
        public void onData(MidiIn in, int message, long millis, long nanos) {
            thread.set(Thread.currentThread());
            data.add(message);
        }

        boolean await(int n) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (data.size() < n && System.nanoTime() < deadline) {
                Thread.sleep(5); // bounded polling for the count, not synchronisation by time
            }
            return data.size() >= n;
        }
    }

    @Test
    void spySeesEveryClientsMessagesInTheOrderTheDeviceReceivedThem() throws Exception {
        Heard heard = new Heard();
        MidiIn spy = host.openSpy(0, heard, OpenOptions.defaults());
        spy.start();
        int clients = 4;
        int each = 5_000;
        List<MidiOut> outs = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            outs.add(host.openOut(0, MidiOutCallback.NONE, OpenOptions.direct()));
        }
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (int c = 0; c < clients; c++) {
            MidiOut out = outs.get(c);
            int channel = c;
            Thread t = new Thread(() -> {
                try {
                    go.await();
                    for (int i = 0; i < each; i++) {
                        out.shortMsg(0x90 | channel | ((i & 0x7F) << 8) | (((i >> 7) & 0x7F) << 16));
                    }
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            t.start();
            threads.add(t);
        }
        go.countDown();
        for (Thread t : threads) {
            t.join(30_000);
        }
        assertThat(failure.get()).isNull();
        assertThat(heard.await(clients * each)).as("the spy heard every message").isTrue();
        assertThat(List.copyOf(heard.data)).containsExactlyElementsOf(List.copyOf(d.shorts));
        assertThat(heard.thread.get().getName()).startsWith("midihost-callback");
    }

    @Test
    void spyGetsSystemExclusiveThroughItsOwnBuffersAndRunningStatusExpanded() throws Exception {
        Recorder r = new Recorder();
        MidiIn spy = host.openSpy("t/0", r, OpenOptions.defaults());
        assertThat(r.next()).isEqualTo("OPEN");
        MidiHeader buffer = new MidiHeader(new byte[64]);
        spy.prepareHeader(buffer);
        spy.addBuffer(buffer);
        spy.start();
        try (MidiOut out = host.openOut(0, new Recorder(), OpenOptions.defaults())) {
            out.shortMsg(0x643C90);
            out.shortMsg(0x003C); // running status: the spy hears the whole message, as the device does
            MidiHeader sysex = new MidiHeader(new byte[] {(byte) 0xF0, 0x7E, 0x7F, 0x09, 0x01, (byte) 0xF7});
            out.prepareHeader(sysex);
            out.longMsg(sysex);
        }
        assertThat(r.next()).isEqualTo("DATA 643c90");
        assertThat(r.next()).isEqualTo("DATA 3c90");
        assertThat(r.next()).isEqualTo("LONGDATA 6");
        MidiHeader back = r.headers.poll(5, TimeUnit.SECONDS);
        assertThat(back).isSameAs(buffer);
        assertThat(java.util.Arrays.copyOf(back.data(), 6)).containsExactly(0xF0, 0x7E, 0x7F, 0x09, 0x01, 0xF7);
        assertThat(spy.caps().endpointId()).isEqualTo("t/0");
        assertThat(spy.caps().productName()).isEqualTo("t out 0");
    }

    @Test
    void spyWorksOnASingleClientOutputThatAnotherClientHoldsWithoutTakingIt() throws Exception {
        TestDriver single = new TestDriver("single", 2, 1, 0, false);
        host.addDriver(single, single.props());
        MidiOut owner = host.openOut("single/0", MidiOutCallback.NONE, OpenOptions.direct());
        Heard heard = new Heard();
        MidiIn spy = host.openSpy("single/0", heard, OpenOptions.defaults());
        MidiIn second = host.openSpy("single/0", new Heard(), OpenOptions.defaults());
        spy.start();
        assertCode(() -> host.openOut("single/0", MidiOutCallback.NONE, OpenOptions.direct()), MmResult.MMSYSERR_ALLOCATED);
        assertThat(host.openHandles(host.outCaps(1))).as("spies are not clients").isEqualTo(1);
        owner.shortMsg(0x7F4090);
        assertThat(heard.await(1)).isTrue();
        assertThat(heard.data).containsExactly(0x7F4090);
        owner.close();
        second.close();
        // a spy opened before the output keeps nobody out either
        try (MidiOut next = host.openOut("single/0", MidiOutCallback.NONE, OpenOptions.direct())) {
            next.shortMsg(0x004090);
        }
        assertThat(heard.await(2)).isTrue();
    }

    @Test
    void spyHearsNothingBeforeStartOrAfterStopAndResetAndCloseWorkAsForInputs() throws Exception {
        Recorder r = new Recorder();
        MidiIn spy = host.openSpy(0, r, OpenOptions.direct()); // DIRECT is taken as THREAD
        assertThat(r.next()).isEqualTo("OPEN");
        MidiHeader buffer = new MidiHeader(new byte[16]);
        spy.prepareHeader(buffer);
        spy.addBuffer(buffer);
        MidiOut out = host.openOut(0, MidiOutCallback.NONE, OpenOptions.direct());
        out.shortMsg(0x643C90);
        assertThat(r.quiet()).isTrue();
        spy.start();
        out.shortMsg(0x643D90);
        assertThat(r.next()).isEqualTo("DATA 643d90");
        spy.stop();
        out.shortMsg(0x643E90);
        assertThat(r.quiet()).isTrue();
        assertCode(spy::close, MmResult.MIDIERR_STILLPLAYING);
        spy.reset();
        assertThat(r.next()).isEqualTo("LONGDATA 0");
        spy.close();
        assertThat(r.next()).isEqualTo("CLOSE");
        assertCode(spy::start, MmResult.MMSYSERR_INVALHANDLE);
        out.shortMsg(0x643F90); // the output goes on
        assertThat(d.shorts).containsExactly(0x643C90, 0x643D90, 0x643E90, 0x643F90);
        assertThat(r.quiet()).isTrue();
    }

    @Test
    void spyGetsCloseWhenTheOutputsDriverGoesAndReconnectsIfAsked() throws Exception {
        TestDriver other = new TestDriver("other", 2, 1, 0, true);
        host.addDriver(other, other.props());
        Recorder plain = new Recorder();
        Recorder again = new Recorder();
        MidiIn spy = host.openSpy("other/0", plain, OpenOptions.defaults());
        MidiIn back = host.openSpy("other/0", again, OpenOptions.defaults().reconnect(true));
        back.start();
        assertThat(plain.next()).isEqualTo("OPEN");
        assertThat(again.next()).isEqualTo("OPEN");
        host.removeDriver(other);
        assertThat(plain.next()).isEqualTo("CLOSE");
        assertThat(again.next()).isEqualTo("CLOSE");
        assertCode(spy::start, MmResult.MMSYSERR_NODRIVER);
        assertThat(spy.isOpen()).isFalse();

        host.addDriver(other, other.props());
        assertThat(again.next()).isEqualTo("OPEN");
        try (MidiOut out = host.openOut("other/0", MidiOutCallback.NONE, OpenOptions.direct())) {
            out.shortMsg(0x643C90);
        }
        assertThat(again.next()).as("started again after the reconnect").isEqualTo("DATA 643c90");
        assertThat(plain.quiet()).isTrue();
        spy.close();
        back.close();
    }

    @Test
    void spyErrors() throws Exception {
        assertCode(() -> host.openSpy(MidiHost.MIDI_MAPPER, new Recorder(), OpenOptions.defaults()),
                MmResult.MMSYSERR_BADDEVICEID);
        assertCode(() -> host.openSpy(Host.MAPPER_ENDPOINT, new Recorder(), OpenOptions.defaults()),
                MmResult.MMSYSERR_BADDEVICEID);
        assertCode(() -> host.openSpy(1, new Recorder(), OpenOptions.defaults()), MmResult.MMSYSERR_BADDEVICEID);
        assertCode(() -> host.openSpy("t/9", new Recorder(), OpenOptions.defaults()), MmResult.MIDIERR_NODEVICE);
        assertCode(() -> host.openSpy((String) null, new Recorder(), OpenOptions.defaults()), MmResult.MMSYSERR_INVALPARAM);
        assertCode(() -> host.openSpy(0, null, OpenOptions.defaults()), MmResult.MMSYSERR_INVALPARAM);
        assertThat(HostTest.codeOf(() -> host.openSpy(-1, new Recorder(), OpenOptions.defaults())).getMessage())
                .contains("spy on t/0");
        MidiIn spy = host.openSpy(0, new Recorder(), OpenOptions.defaults());
        try (MidiOut out = host.openOut(0, MidiOutCallback.NONE, OpenOptions.direct())) {
            assertCode(() -> spy.connect(out), MmResult.MMSYSERR_NOTSUPPORTED);
        }
        spy.close();
        spy.close(); // twice: nothing more
    }

    @Test
    void senderPathAllocatesNothingWithOrWithoutASpy() throws Exception {
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
            assertThat(allocatedBy(mx, out)).as("bytes allocated by 200,000 shortMsg calls, no spy").isLessThan(4096);
            Heard heard = new Heard();
            // a fixed ring: a spy that falls behind loses messages (and is told), the sender never waits or allocates
            MidiIn spy = host.openSpy("quiet/0", heard, OpenOptions.defaults().queueCapacity(4096));
            spy.start();
            assertThat(allocatedBy(mx, out)).as("bytes allocated by 200,000 shortMsg calls, one spy").isLessThan(4096);
            assertThat(heard.data).isNotEmpty();
            // a slow sender: the spy catches up after every message, so each one wakes its delivery
            AtomicInteger count = new AtomicInteger();
            MidiIn paced = host.openSpy("quiet/0", new MidiInCallback() {
                @Override
                public void onData(MidiIn in, int message, long millis, long nanos) {
                    count.incrementAndGet();
                }
            }, OpenOptions.defaults());
            paced.start();
            long tid = Thread.currentThread().getId();
            long allocated = 0;
            for (int round = 0; round < 2; round++) { // the first round warms up
                long before = mx.getThreadAllocatedBytes(tid);
                for (int i = 0; i < 2_000; i++) {
                    int expected = count.get() + 1;
                    out.shortMsg(0x643C90);
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                    while (count.get() < expected && System.nanoTime() < deadline) {
                        Thread.onSpinWait();
                    }
                }
                allocated = mx.getThreadAllocatedBytes(tid) - before;
            }
            assertThat(count.get()).isEqualTo(4_000);
            assertThat(allocated).as("bytes allocated by 2,000 paced shortMsg calls, each waking a spy").isLessThan(4096);
            paced.close();
            spy.stop();
            spy.close();
        }
        assertThat(sink.get()).isNotZero();
    }

    private static long allocatedBy(com.sun.management.ThreadMXBean mx, MidiOut out) throws Exception {
        for (int i = 0; i < 200_000; i++) { // warm up: let the JIT compile the path
            out.shortMsg(0x643C90);
        }
        long tid = Thread.currentThread().getId();
        long before = mx.getThreadAllocatedBytes(tid);
        for (int i = 0; i < 100_000; i++) {
            out.shortMsg(0x643C90);
            out.shortMsg(0x403C);
        }
        return mx.getThreadAllocatedBytes(tid) - before;
    }
}
