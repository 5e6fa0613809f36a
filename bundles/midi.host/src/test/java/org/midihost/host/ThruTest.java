package org.midihost.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.midihost.host.HostTest.assertCode;
import static org.midihost.host.HostTest.codeOf;

import java.lang.management.ManagementFactory;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.midihost.api.MidiHeader;
import org.midihost.api.MidiIn;
import org.midihost.api.MidiInCallback;
import org.midihost.api.MidiOut;
import org.midihost.api.MidiOutCallback;
import org.midihost.api.MmResult;
import org.midihost.api.OpenOptions;
import org.midihost.spi.InClient;

/** Thru connections ({@code MidiIn.connect}, WinMM's {@code midiConnect}) and {@code MidiHost.feeds}. */
class ThruTest {
    final Host host = new Host();
    /** Inputs. */
    final TestDriver src = new TestDriver("src", 1, 0, 1, true);
    /** Outputs, another driver: it can go while the input stays. */
    final TestDriver dst = new TestDriver("dst", 2, 2, 0, true);

    ThruTest() {
        host.addDriver(src, src.props());
        host.addDriver(dst, dst.props());
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
    void startedInputSendsShortMessagesAtOnceAndSysexWholeToEveryConnectedOutput() throws Exception {
        Recorder r = new Recorder();
        MidiIn in = host.openIn(0, r, OpenOptions.defaults());
        MidiOut a = host.openOut("dst/0", MidiOutCallback.NONE, OpenOptions.direct());
        Recorder bClient = new Recorder();
        MidiOut b = host.openOut("dst/1", bClient, OpenOptions.defaults());
        in.connect(a);
        in.connect(b);
        src.input(0x643C90); // not started: nothing
        assertThat(dst.received).isEmpty();
        in.start();
        src.input(0x643C90);
        assertThat(dst.received).containsExactlyInAnyOrder("0:643c90", "1:643c90");
        src.inputSysex(bytes(0xF0, 0x7E, 0x7F), false);
        assertThat(dst.sysex).as("a system-exclusive message goes on whole, at its F7").isEmpty();
        src.inputSysex(bytes(0x09, 0x01, 0xF7), true);
        assertThat(dst.sysex).hasSize(2).allSatisfy(m -> assertThat(m).containsExactly(bytes(0xF0, 0x7E, 0x7F, 0x09, 0x01, 0xF7)));
        assertThat(r.next()).isEqualTo("OPEN");
        assertThat(r.next()).as("the input's own client still gets it").isEqualTo("DATA 643c90");
        // the output's client sent nothing: no DONE for what thru sent, and close is not refused
        assertThat(bClient.next()).isEqualTo("OPEN");
        assertThat(bClient.quiet()).isTrue();
        in.disconnect(b);
        src.input(0x004090);
        assertThat(dst.received).containsExactlyInAnyOrder("0:643c90", "1:643c90", "0:4090");
        in.stop();
        src.input(0x004190);
        assertThat(dst.received).hasSize(3);
        b.close();
        a.close();
        in.close();
    }

    @Test
    void sysexThatBeganBeforeTheConnectionOrWasCutShortIsNotPassedOn() throws Exception {
        MidiIn in = host.openIn(0, MidiInCallback.NONE, OpenOptions.direct());
        MidiOut out = host.openOut("dst/0", MidiOutCallback.NONE, OpenOptions.direct());
        in.start();
        src.inputSysex(bytes(0xF0, 1, 2), false);
        in.connect(out);
        src.inputSysex(bytes(3, 0xF7), true); // its start came before the connection
        src.inputSysex(bytes(0xF0, 5), false);
        for (TestDriver.In i : src.inputs) {
            i.client.sysexError(System.nanoTime()); // cut short
        }
        src.inputSysex(bytes(0xF0, 6, 0xF7), true);
        assertThat(dst.sysex).hasSize(1);
        assertThat(dst.sysex.peek()).containsExactly(bytes(0xF0, 6, 0xF7));
    }

    @Test
    void connectAndDisconnectErrors() throws Exception {
        MidiIn in = host.openIn(0, MidiInCallback.NONE, OpenOptions.direct());
        MidiOut out = host.openOut("dst/0", MidiOutCallback.NONE, OpenOptions.direct());
        assertCode(() -> in.connect(null), MmResult.MMSYSERR_INVALPARAM);
        assertCode(() -> in.disconnect(null), MmResult.MMSYSERR_INVALPARAM);
        assertCode(() -> in.disconnect(out), MmResult.MMSYSERR_INVALPARAM);
        Host other = new Host();
        try {
            other.addDriver(new TestDriver("dst", 2, 1, 0, true), dst.props());
            MidiOut foreign = other.openOut(0, MidiOutCallback.NONE, OpenOptions.direct());
            assertCode(() -> in.connect(foreign), MmResult.MMSYSERR_INVALPARAM);
        } finally {
            other.close();
        }
        in.connect(out);
        assertThat(codeOf(() -> in.connect(out)).getMessage()).contains("already connected");
        assertCode(() -> in.connect(out), MmResult.MIDIERR_NOTREADY);
        in.disconnect(out);
        assertCode(() -> in.disconnect(out), MmResult.MMSYSERR_INVALPARAM);
        MidiOut closedOut = host.openOut("dst/1", MidiOutCallback.NONE, OpenOptions.direct());
        closedOut.close();
        assertCode(() -> in.connect(closedOut), MmResult.MMSYSERR_INVALHANDLE);
        in.close();
        assertCode(() -> in.connect(out), MmResult.MMSYSERR_INVALHANDLE);
        assertCode(() -> in.disconnect(out), MmResult.MMSYSERR_INVALHANDLE);
    }

    @Test
    void connectionEndsWhenTheOutputClosesOrItsDriverGoesOrTheInputCloses() throws Exception {
        MidiIn in = host.openIn(0, MidiInCallback.NONE, OpenOptions.direct());
        in.start();
        MidiOut a = host.openOut("dst/0", MidiOutCallback.NONE, OpenOptions.direct());
        MidiOut b = host.openOut("dst/1", MidiOutCallback.NONE, OpenOptions.direct().reconnect(true));
        in.connect(a);
        in.connect(b);
        a.close();
        src.input(0x643C90); // no exception on the driver's thread, nothing reaches the closed handle
        assertThat(dst.received).containsExactly("1:643c90");
        assertCode(() -> in.disconnect(a), MmResult.MMSYSERR_INVALPARAM);

        host.removeDriver(dst);
        src.input(0x643D90);
        host.addDriver(dst, dst.props()); // b reconnects, but the connection has ended
        assertThat(b.isOpen()).isTrue();
        src.input(0x643E90);
        assertThat(dst.received).containsExactly("1:643c90");
        assertCode(() -> in.disconnect(b), MmResult.MMSYSERR_INVALPARAM);

        in.connect(b);
        src.input(0x644090);
        in.stop();
        in.close();
        src.input(0x644190); // the input is closed: its connections are gone with it
        assertThat(dst.received).containsExactly("1:643c90", "1:644090");
        b.close();
    }

    /** A driver whose output k feeds its input k, as a loopback cable does (delivered on the sender's thread). */
    static final class Cables extends TestDriver {
        Cables(String id, int n) {
            super(id, 3, n, n, true);
        }

        @Override
        public String feeds(String outDeviceId) {
            return outDeviceId;
        }
    }

    @Test
    void feedsComesFromTheOutputsDriver() throws Exception {
        Cables cables = new Cables("cable", 2);
        host.addDriver(cables, cables.props());
        assertThat(host.feeds("cable/0")).contains("cable/0");
        assertThat(host.feeds("cable/1")).contains("cable/1");
        assertThat(host.feeds("dst/0")).as("the default: unknown").isEmpty();
        assertThat(host.feeds("nothing/0")).isEmpty();
        assertThat(host.feeds(null)).isEmpty();
        host.setMapperDefault("cable/1");
        assertThat(host.feeds(Host.MAPPER_ENDPOINT)).contains("cable/1");
        TestDriver liar = new TestDriver("liar", 4, 1, 0, true) {
            @Override
            public String feeds(String outDeviceId) {
                return "7"; // an input it does not have
            }
        };
        TestDriver thrower = new TestDriver("thrower", 5, 1, 0, true) {
            @Override
            public String feeds(String outDeviceId) {
                throw new IllegalStateException("driver bug");
            }
        };
        host.addDriver(liar, liar.props());
        host.addDriver(thrower, thrower.props());
        assertThat(host.feeds("liar/0")).isEqualTo(Optional.empty());
        assertThat(host.feeds("thrower/0")).isEmpty();
    }

    @Test
    void aConnectionThatWouldLoopIsRefusedNamingTheLoop() throws Exception {
        Cables cables = new Cables("cable", 2);
        host.addDriver(cables, cables.props());
        MidiIn in0 = host.openIn("cable/0", MidiInCallback.NONE, OpenOptions.direct());
        MidiIn in1 = host.openIn("cable/1", MidiInCallback.NONE, OpenOptions.direct());
        MidiOut out0 = host.openOut("cable/0", MidiOutCallback.NONE, OpenOptions.direct());
        MidiOut out1 = host.openOut("cable/1", MidiOutCallback.NONE, OpenOptions.direct());
        assertThat(codeOf(() -> in0.connect(out0)).getMessage())
                .contains("would loop").contains("in cable/0 → out cable/0 → in cable/0");
        assertCode(() -> in0.connect(out0), MmResult.MMSYSERR_INVALPARAM);
        in0.connect(out1); // in 0 → out 1 → in 1: no loop
        assertThat(codeOf(() -> in1.connect(out0)).getMessage())
                .contains("in cable/1 → out cable/0 → in cable/0 → out cable/1 → in cable/1");
        assertCode(() -> in1.connect(out0), MmResult.MMSYSERR_INVALPARAM);
        in0.disconnect(out1);
        in1.connect(out0); // without the other connection, no loop
    }

    @Test
    void thruOfShortMessagesAllocatesNothing() throws Exception {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        MidiIn in = host.openIn(0, MidiInCallback.NONE, OpenOptions.direct());
        AtomicInteger sink = new AtomicInteger();
        TestDriver quiet = new TestDriver("quiet", 5, 1, 0, true) {
            @Override
            public org.midihost.spi.OutInstance openOut(int index, org.midihost.spi.OutClient client) {
                return new org.midihost.spi.OutInstance() {
                    public void shortMsg(int m) {
                        sink.incrementAndGet();
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
        MidiOut out = host.openOut("quiet/0", MidiOutCallback.NONE, OpenOptions.direct());
        in.connect(out);
        in.start();
        InClient driverSide = src.inputs.get(0).client;
        long tid = Thread.currentThread().getId();
        long allocated = 0;
        for (int round = 0; round < 2; round++) { // the first round warms up
            long before = mx.getThreadAllocatedBytes(tid);
            for (int i = 0; i < 100_000; i++) {
                driverSide.data(0x643C90, 0);
            }
            allocated = mx.getThreadAllocatedBytes(tid) - before;
        }
        assertThat(sink.get()).isEqualTo(200_000);
        assertThat(allocated).as("bytes allocated by 100,000 input messages passed on by thru").isLessThan(4096);
    }
}
