package org.midihost.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import java.util.List;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.midihost.api.MidiHeader;
import org.midihost.api.MidiHost;
import org.midihost.api.MidiIn;
import org.midihost.api.MidiInCallback;
import org.midihost.api.MidiOut;
import org.midihost.api.MidiOutCallback;
import org.midihost.api.MmResult;
import org.midihost.api.OpenOptions;
import org.midihost.api.OutDeviceList;
import org.midihost.itests.probe.ProbeRecorder;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;

/** Every failure a client can cause comes back as its documented result code, through the real host. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class ErrorCodesIT extends MidihostTestBase {
    private static final byte[] GM_SYSTEM_ON = { (byte) 0xF0, 0x7E, 0x7F, 0x09, 0x01, (byte) 0xF7 };

    @Test
    public void deviceIdOutOfRangeGivesBadDeviceId() throws Exception {
        MidiHost host = host();
        awaitDevices(host, DEFAULT_OUTPUTS, DEFAULT_INPUTS);
        OpenOptions o = OpenOptions.defaults();
        assertFails(MmResult.MMSYSERR_BADDEVICEID, () -> host.openOut(999, MidiOutCallback.NONE, o));
        assertFails(MmResult.MMSYSERR_BADDEVICEID, () -> host.openOut(DEFAULT_OUTPUTS.size(), MidiOutCallback.NONE, o));
        assertFails(MmResult.MMSYSERR_BADDEVICEID, () -> host.openIn(999, MidiInCallback.NONE, o));
        assertFails(MmResult.MMSYSERR_BADDEVICEID, () -> host.openIn(DEFAULT_INPUTS.size(), MidiInCallback.NONE, o));
        assertFails(MmResult.MMSYSERR_BADDEVICEID, () -> host.outCaps(999));
        assertEquals("nothing opened on the probe", 0, probe().maxOpenCount(ProbeRecorder.RECORDER));
    }

    @Test
    public void unknownEndpointGivesNoDevice() throws Exception {
        MidiHost host = host();
        awaitDevices(host, DEFAULT_OUTPUTS, DEFAULT_INPUTS);
        assertFails(MmResult.MIDIERR_NODEVICE, () -> host.openOut("nosuch/0", MidiOutCallback.NONE, OpenOptions.defaults()));
        assertFails(MmResult.MIDIERR_NODEVICE, () -> host.openIn("probe/rec", MidiInCallback.NONE, OpenOptions.defaults()));
    }

    @Test
    public void staleSnapshotGivesBadDeviceId() throws Exception {
        MidiHost host = host();
        awaitDevices(host, DEFAULT_OUTPUTS, DEFAULT_INPUTS);
        OutDeviceList snapshot = host.outDevices();
        installedBundle(LOOPBACK_BSN).stop();
        awaitDevices(host, List.of(PROBE_REC, PROBE_EXCL), List.of());
        // index 1 of the old snapshot was probe/rec; now it would be probe/excl: it must not open either
        assertFails(MmResult.MMSYSERR_BADDEVICEID, () -> snapshot.open(1, MidiOutCallback.NONE, OpenOptions.defaults()));
        assertEquals("nothing opened on the probe", 0, probe().maxOpenCount(ProbeRecorder.EXCLUSIVE));
    }

    @Test
    public void longMsgOfUnpreparedHeaderGivesUnprepared() throws Exception {
        MidiHost host = host();
        ProbeRecorder probe = probe();
        awaitDevices(host, DEFAULT_OUTPUTS, DEFAULT_INPUTS);
        OutEvents events = new OutEvents();
        try (MidiOut out = host.openOut(PROBE_REC, events, OpenOptions.defaults())) {
            events.next(OutEvents.Open.class);
            MidiHeader header = new MidiHeader(GM_SYSTEM_ON.clone());
            assertFails(MmResult.MIDIERR_UNPREPARED, () -> out.longMsg(header));
            assertFalse("a refused header is not queued", header.isInQueue());

            out.prepareHeader(header);
            out.unprepareHeader(header);
            assertFails(MmResult.MIDIERR_UNPREPARED, () -> out.longMsg(header));
            assertEquals("sysex that reached the driver", 0, probe.sysex(ProbeRecorder.RECORDER).size());

            out.prepareHeader(header);
            out.longMsg(header); // once prepared it goes
            events.next(OutEvents.Done.class);
            assertEquals("sysex that reached the driver", 1, probe.sysex(ProbeRecorder.RECORDER).size());
        }
        MidiHeader inHeader = new MidiHeader(new byte[32]);
        try (MidiIn in = host.openIn(LOOPBACK_0, MidiInCallback.NONE, OpenOptions.defaults())) {
            assertFails(MmResult.MIDIERR_UNPREPARED, () -> in.addBuffer(inHeader));
        }
    }

    @Test
    public void malformedShortMessagesGiveInvalParam() throws Exception {
        MidiHost host = host();
        ProbeRecorder probe = probe();
        awaitDevices(host, DEFAULT_OUTPUTS, DEFAULT_INPUTS);
        try (MidiOut out = host.openOut(PROBE_REC, MidiOutCallback.NONE, OpenOptions.defaults())) {
            assertFails(MmResult.MMSYSERR_INVALPARAM, () -> out.shortMsg(0x003C)); // data byte, no running status yet
            assertFails(MmResult.MMSYSERR_INVALPARAM, () -> out.shortMsg(0xF0)); // sysex start: use longMsg
            assertFails(MmResult.MMSYSERR_INVALPARAM, () -> out.shortMsg(0xF7));
            assertFails(MmResult.MMSYSERR_INVALPARAM, () -> out.shortMsg(0x648090)); // data 1 over 0x7F
            assertFails(MmResult.MMSYSERR_INVALPARAM, () -> out.shortMsg(0x803C90)); // data 2 over 0x7F
            assertEquals("short messages that reached the driver", 0, probe.shortMessageCount(ProbeRecorder.RECORDER));

            out.shortMsg(0x643C90);
            out.shortMsg(0x6440); // running status: 90 40 64
            assertEquals("running status expanded for the driver", shortHex(0x644090),
                    shortHex(probe.shortMessages(ProbeRecorder.RECORDER)[1]));
        }
    }

    @Test
    public void callsAfterCloseGiveInvalHandle() throws Exception {
        MidiHost host = host();
        ProbeRecorder probe = probe();
        awaitDevices(host, DEFAULT_OUTPUTS, DEFAULT_INPUTS);

        OutEvents events = new OutEvents();
        MidiOut out = host.openOut(PROBE_REC, events, OpenOptions.defaults());
        events.next(OutEvents.Open.class);
        out.close();
        events.next(OutEvents.Close.class);
        assertFalse("closed handle", out.isOpen());
        MidiHeader header = new MidiHeader(GM_SYSTEM_ON.clone());
        assertFails(MmResult.MMSYSERR_INVALHANDLE, () -> out.shortMsg(0x643C90));
        assertFails(MmResult.MMSYSERR_INVALHANDLE, () -> out.prepareHeader(header));
        assertFails(MmResult.MMSYSERR_INVALHANDLE, () -> out.longMsg(header));
        assertFails(MmResult.MMSYSERR_INVALHANDLE, () -> out.reset());
        out.close(); // closing twice does nothing more
        events.assertNoMore();

        InEvents inEvents = new InEvents();
        MidiIn in = host.openIn(LOOPBACK_0, inEvents, OpenOptions.defaults());
        inEvents.next(InEvents.Open.class);
        in.close();
        inEvents.next(InEvents.Close.class);
        assertFails(MmResult.MMSYSERR_INVALHANDLE, () -> in.start());
        assertFails(MmResult.MMSYSERR_INVALHANDLE, () -> in.prepareHeader(new MidiHeader(new byte[16])));
        assertFails(MmResult.MMSYSERR_INVALHANDLE, () -> in.stop());
        assertFails(MmResult.MMSYSERR_INVALHANDLE, () -> in.reset());
        in.close();
        inEvents.assertNoMore();

        assertEquals("short messages that reached the driver", 0, probe.shortMessageCount(ProbeRecorder.RECORDER));
        assertEquals("calls on closed driver instances", 0, probe.callsAfterClose());
    }
}
