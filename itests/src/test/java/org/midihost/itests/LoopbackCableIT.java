package org.midihost.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.midihost.api.MidiHeader;
import org.midihost.api.MidiHost;
import org.midihost.api.MidiIn;
import org.midihost.api.MidiOut;
import org.midihost.api.MidiOutCallback;
import org.midihost.api.OpenOptions;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;

/**
 * Messages through the real host and the loopback driver: what goes into output {@code loopback/0}
 * comes out of input {@code loopback/0}, with time stamps, and buffers come back.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class LoopbackCableIT extends MidihostTestBase {
    private static final byte[] GM_SYSTEM_ON = { (byte) 0xF0, 0x7E, 0x7F, 0x09, 0x01, (byte) 0xF7 };

    @Test
    public void shortMessagesAndSysexGoThroughTheCable() throws Exception {
        roundTrip(OpenOptions.defaults());
    }

    @Test
    public void directDeliveryGivesTheSameCallbacks() throws Exception {
        roundTrip(OpenOptions.direct());
    }

    private void roundTrip(OpenOptions options) throws Exception {
        MidiHost host = host();
        awaitDevices(host, DEFAULT_OUTPUTS, DEFAULT_INPUTS);

        InEvents inEvents = new InEvents();
        MidiIn in = host.openIn(LOOPBACK_0, inEvents, options);
        assertSame(in, inEvents.next(InEvents.Open.class).in());
        assertEquals(LOOPBACK_0, in.caps().endpointId());
        assertTrue("input handle open", in.isOpen());

        MidiHeader inHeader = new MidiHeader(new byte[64]);
        in.prepareHeader(inHeader);
        assertTrue("input header prepared", inHeader.isPrepared());
        in.addBuffer(inHeader);
        assertTrue("added input header is queued", inHeader.isInQueue());

        OutEvents outEvents = new OutEvents();
        MidiOut out = host.openOut(LOOPBACK_0, outEvents, options);
        assertSame(out, outEvents.next(OutEvents.Open.class).out());
        assertEquals(LOOPBACK_0, out.caps().endpointId());

        long started = System.nanoTime();
        in.start();

        int noteOn = 0x643C90; // 90 3C 64: note on, middle C, velocity 100
        int noteOff = 0x003C80; // 80 3C 00
        int control = 0x7F07B3; // B3 07 7F: channel 4 volume
        long beforeSend = System.nanoTime();
        out.shortMsg(noteOn);
        out.shortMsg(noteOff);
        out.shortMsg(control);

        InEvents.Data first = inEvents.next(InEvents.Data.class);
        InEvents.Data second = inEvents.next(InEvents.Data.class);
        InEvents.Data third = inEvents.next(InEvents.Data.class);
        assertEquals(shortHex(noteOn), shortHex(first.message()));
        assertEquals(shortHex(noteOff), shortHex(second.message()));
        assertEquals(shortHex(control), shortHex(third.message()));
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
        for (InEvents.Data d : new InEvents.Data[] { first, second, third }) {
            assertTrue("millis since start >= 0: " + d.millis(), d.millis() >= 0);
            assertTrue("millis since start <= " + elapsedMillis + ": " + d.millis(), d.millis() <= elapsedMillis);
            assertTrue("arrival nanos after the send", d.nanos() - beforeSend >= 0);
            assertTrue("arrival nanos before the callback", d.receivedNanos() - d.nanos() >= 0);
        }
        assertTrue("nanos in arrival order", second.nanos() - first.nanos() >= 0 && third.nanos() - second.nanos() >= 0);
        assertTrue("millis in arrival order", first.millis() <= second.millis() && second.millis() <= third.millis());

        MidiHeader outHeader = new MidiHeader(GM_SYSTEM_ON.clone());
        out.prepareHeader(outHeader);
        assertTrue("output header prepared", outHeader.isPrepared());
        out.longMsg(outHeader);

        OutEvents.Done done = outEvents.next(OutEvents.Done.class);
        assertSame("DONE hands back the header sent", outHeader, done.header());
        assertTrue("DONE header is marked done", (done.flags() & MidiHeader.DONE) != 0);
        assertFalse("DONE header is not queued", (done.flags() & MidiHeader.INQUEUE) != 0);
        out.unprepareHeader(outHeader);
        assertFalse("unprepared", outHeader.isPrepared());

        InEvents.LongData sysex = inEvents.next(InEvents.LongData.class);
        assertSame("LONGDATA hands back the buffer added", inHeader, sysex.header());
        assertEquals("bytes recorded", GM_SYSTEM_ON.length, sysex.bytesRecorded());
        assertArrayEquals("sysex bytes", GM_SYSTEM_ON, sysex.bytes());
        assertTrue("input header done", inHeader.isDone());
        assertFalse("input header not queued", inHeader.isInQueue());
        assertTrue("sysex millis >= last short message's", sysex.millis() >= third.millis());

        out.close();
        assertSame(out, outEvents.next(OutEvents.Close.class).out());
        assertFalse("closed output handle", out.isOpen());
        in.stop();
        in.close();
        assertSame(in, inEvents.next(InEvents.Close.class).in());
        outEvents.assertNoMore();
        inEvents.assertNoMore();
    }

    @Test
    public void inputHearsOnlyWhileStarted() throws Exception {
        MidiHost host = host();
        awaitDevices(host, DEFAULT_OUTPUTS, DEFAULT_INPUTS);
        InEvents inEvents = new InEvents();
        try (MidiIn in = host.openIn(LOOPBACK_0, inEvents, OpenOptions.defaults());
                MidiOut out = host.openOut(LOOPBACK_0, MidiOutCallback.NONE, OpenOptions.defaults())) {
            inEvents.next(InEvents.Open.class);

            out.shortMsg(noteOn(0, 60, 1)); // not started: must not arrive
            in.start();
            out.shortMsg(noteOn(0, 60, 2));
            assertEquals(shortHex(noteOn(0, 60, 2)), shortHex(inEvents.next(InEvents.Data.class).message()));

            in.stop();
            out.shortMsg(noteOn(0, 60, 3)); // stopped: must not arrive
            in.start();
            out.shortMsg(noteOn(0, 60, 4));
            InEvents.Data d = inEvents.next(InEvents.Data.class);
            assertEquals("only the message sent while started", shortHex(noteOn(0, 60, 4)), shortHex(d.message()));
        }
        inEvents.next(InEvents.Close.class);
        inEvents.assertNoMore();
    }
}
