package org.midihost.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.midihost.api.MidiHeader;
import org.midihost.api.MidiIn;
import org.midihost.api.MidiOut;
import org.midihost.api.MmResult;
import org.midihost.api.OpenOptions;

/** A handle held across a swap of its own driver: no CLOSE, no OPEN, nothing lost. */
class SwapHoldTest {
    final Host host = new Host();

    @AfterEach
    void close() {
        host.close();
    }

    private static MidiHeader sysex(byte... body) throws Exception {
        byte[] b = new byte[body.length + 2];
        b[0] = (byte) 0xF0;
        System.arraycopy(body, 0, b, 1, body.length);
        b[b.length - 1] = (byte) 0xF7;
        return new MidiHeader(b);
    }

    @Test
    void whatIsSentDuringTheSwapArrivesInOrderAndTheClientSeesOnlyASwap() throws Exception {
        TestDriver before = new TestDriver("t", 10, 1, 1, true);
        host.addDriver(before, before.props());
        Recorder outEvents = new Recorder();
        Recorder inEvents = new Recorder();
        OpenOptions hold = OpenOptions.direct().holdAcrossSwap(10_000);
        MidiOut out = host.openOut("t/0", outEvents, hold);
        MidiIn in = host.openIn("t/0", inEvents, hold);
        MidiHeader buffer = new MidiHeader(new byte[16]);
        in.prepareHeader(buffer);
        in.addBuffer(buffer);
        in.start();
        out.shortMsg(0x403C90);
        assertThat(outEvents.next()).isEqualTo("OPEN");
        assertThat(inEvents.next()).isEqualTo("OPEN");

        host.removeDriver(before); // the update begins: the old driver is gone
        assertThat(out.isOpen()).isTrue();
        assertThat(in.isOpen()).isTrue();
        out.shortMsg(0x403E90);
        out.shortMsg(0x4040); // running status continues
        MidiHeader dump = sysex((byte) 0x7D, (byte) 0x01);
        out.prepareHeader(dump);
        out.longMsg(dump);
        assertThat(dump.isInQueue()).isTrue();
        out.shortMsg(0x004380);
        assertThat(outEvents.quiet()).as("no CLOSE during the swap").isTrue();
        assertThat(inEvents.quiet()).isTrue();

        TestDriver after = new TestDriver("t", 10, 1, 1, true); // the updated driver comes back
        host.addDriver(after, after.props());
        assertThat(outEvents.next()).as("the long message sent during the swap is delivered first").isEqualTo("DONE");
        assertThat(outEvents.next()).isEqualTo("SWAP");
        assertThat(inEvents.next()).isEqualTo("SWAP");
        assertThat(after.received).containsExactly("0:403e90", "0:404090", "0:4380");
        assertThat(after.sysex).hasSize(1);
        assertThat(dump.isDone()).isTrue();
        assertThat(after.inputs).as("the input listens again").hasSize(1);

        after.input(0x7F3C90);
        assertThat(inEvents.next()).isEqualTo("DATA 7f3c90");
        after.inputSysex(new byte[] { (byte) 0xF0, 0x01, (byte) 0xF7 }, true);
        assertThat(inEvents.next()).as("its buffer came through the swap").isEqualTo("LONGDATA 3");
        out.shortMsg(0x403C80);
        assertThat(after.received).last().isEqualTo("0:403c80");
        assertThat(before.received).containsExactly("0:403c90");

        in.stop();
        in.close();
        out.close();
        assertThat(outEvents.next()).isEqualTo("CLOSE");
        assertThat(inEvents.next()).isEqualTo("CLOSE");
    }

    @Test
    void whenTheEndpointDoesNotComeBackInTimeTheHandleGoesOnAsWithoutTheHold() throws Exception {
        TestDriver before = new TestDriver("t", 10, 1, 0, true);
        host.addDriver(before, before.props());
        Recorder events = new Recorder();
        MidiOut out = host.openOut("t/0", events, OpenOptions.direct().holdAcrossSwap(200));
        assertThat(events.next()).isEqualTo("OPEN");
        host.removeDriver(before);
        out.shortMsg(0x403C90);
        MidiHeader dump = sysex((byte) 0x01);
        out.prepareHeader(dump);
        out.longMsg(dump);
        assertThat(events.next()).as("the queued long message comes back").isEqualTo("DONE");
        assertThat(events.next()).isEqualTo("CLOSE");
        assertThat(dump.isDone() && !dump.isInQueue()).isTrue();
        HostTest.assertCode(() -> out.shortMsg(0x403C90), MmResult.MMSYSERR_NODRIVER);

        TestDriver after = new TestDriver("t", 10, 1, 0, true);
        host.addDriver(after, after.props());
        assertThat(events.quiet()).as("no reconnect was asked for").isTrue();
        assertThat(after.received).isEmpty();
        out.close();
    }

    @Test
    void closingDuringTheSwapHandsBackWhatWaitedAndEndsWithClose() throws Exception {
        TestDriver before = new TestDriver("t", 10, 1, 0, true);
        host.addDriver(before, before.props());
        Recorder events = new Recorder();
        MidiOut out = host.openOut("t/0", events, OpenOptions.direct().holdAcrossSwap(10_000));
        assertThat(events.next()).isEqualTo("OPEN");
        host.removeDriver(before);
        MidiHeader dump = sysex((byte) 0x02);
        out.prepareHeader(dump);
        out.longMsg(dump);
        out.close();
        assertThat(List.of(events.next(), events.next())).containsExactly("DONE", "CLOSE");
        TestDriver after = new TestDriver("t", 10, 1, 0, true);
        host.addDriver(after, after.props());
        assertThat(events.quiet()).isTrue();
        assertThat(after.received).isEmpty();
        assertThat(after.outputs).as("a closed handle does not come back").isEmpty();
    }

    @Test
    void whenTheHostStopsAHeldHandleGetsCloseAtOnce() throws Exception {
        TestDriver d = new TestDriver("t", 10, 1, 1, true);
        host.addDriver(d, d.props());
        Recorder outEvents = new Recorder();
        Recorder inEvents = new Recorder();
        MidiOut out = host.openOut("t/0", outEvents, OpenOptions.direct().holdAcrossSwap(600_000));
        MidiIn in = host.openIn("t/0", inEvents, OpenOptions.direct().holdAcrossSwap(600_000));
        MidiHeader buffer = new MidiHeader(new byte[8]);
        in.prepareHeader(buffer);
        in.addBuffer(buffer);
        assertThat(outEvents.next()).isEqualTo("OPEN");
        assertThat(inEvents.next()).isEqualTo("OPEN");
        host.close(); // deactivation: nothing will come back, so no hold
        assertThat(outEvents.next()).isEqualTo("CLOSE");
        assertThat(inEvents.next()).as("the buffer comes back").isEqualTo("LONGDATA 0");
        assertThat(inEvents.next()).isEqualTo("CLOSE");
        assertThat(out.isOpen()).isFalse();
    }
}
