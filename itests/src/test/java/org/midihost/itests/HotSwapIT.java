package org.midihost.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.midihost.api.MidiException;
import org.midihost.api.MidiHeader;
import org.midihost.api.MidiHost;
import org.midihost.api.MidiIn;
import org.midihost.api.MidiInCallback;
import org.midihost.api.MidiOut;
import org.midihost.api.MidiOutCallback;
import org.midihost.api.MmResult;
import org.midihost.api.OpenOptions;
import org.midihost.itests.probe.ProbeRecorder;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;
import org.osgi.framework.Bundle;

/**
 * Drivers updated, uninstalled and installed again while clients keep sending: the handles on the
 * driver that goes get CLOSE and then NODRIVER, its devices come back under the same endpoint
 * ids, and the devices of the other drivers lose no message.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class HotSwapIT extends MidihostTestBase {
    /** Messages the sender must get through between two steps, so that it overlaps each of them. */
    private static final int PROGRESS = 2_000;

    @Test
    public void loopbackUpdateAndUninstallLoseNoMessageOfTheProbe() throws Exception {
        MidiHost host = host();
        ProbeRecorder probe = probe();
        awaitDevices(host, DEFAULT_OUTPUTS, DEFAULT_INPUTS);
        Bundle loopback = installedBundle(LOOPBACK_BSN);

        Sender sender = new Sender(host.openOut(PROBE_REC, MidiOutCallback.NONE, OpenOptions.defaults()));
        sender.start();
        sender.awaitProgress(PROGRESS);

        // 1. update: handles on the loopback get their buffers back and CLOSE, then NODRIVER
        OutEvents outEvents = new OutEvents();
        MidiOut out = host.openOut(LOOPBACK_0, outEvents, OpenOptions.defaults());
        outEvents.next(OutEvents.Open.class);
        InEvents inEvents = new InEvents();
        MidiIn in = host.openIn(LOOPBACK_0, inEvents, OpenOptions.defaults());
        inEvents.next(InEvents.Open.class);
        MidiHeader pending = new MidiHeader(new byte[64]);
        in.prepareHeader(pending);
        in.addBuffer(pending);
        in.start();
        out.shortMsg(noteOn(0, 60, 100));
        assertEquals(shortHex(noteOn(0, 60, 100)), shortHex(inEvents.next(InEvents.Data.class).message()));

        long updating = System.nanoTime();
        int sentBefore = sender.sent;
        loopback.update();
        log("sender sent " + (sender.sent - sentBefore) + " messages during update(), " + millisSince(updating) + " ms");
        outEvents.next(OutEvents.Close.class);
        InEvents.LongData returned = inEvents.next(InEvents.LongData.class);
        assertSame("the queued input buffer comes back", pending, returned.header());
        assertEquals("bytes in the returned buffer", 0, returned.bytesRecorded());
        assertFalse("returned buffer not queued", pending.isInQueue());
        inEvents.next(InEvents.Close.class);
        assertFails(MmResult.MMSYSERR_NODRIVER, () -> out.shortMsg(noteOn(0, 60, 100)));
        assertFails(MmResult.MMSYSERR_NODRIVER, () -> in.start());
        assertFalse("output handle of a gone driver", out.isOpen());
        assertFalse("input handle of a gone driver", in.isOpen());

        awaitDevices(host, DEFAULT_OUTPUTS, DEFAULT_INPUTS);
        log("loopback devices back " + millisSince(updating) + " ms after update() began");
        // the old handles did not ask to reconnect: they stay without a driver
        assertFails(MmResult.MMSYSERR_NODRIVER, () -> out.shortMsg(noteOn(0, 60, 100)));
        out.close();
        in.close();
        outEvents.assertNoMore();
        inEvents.assertNoMore();
        sender.awaitProgress(PROGRESS);

        // 2. uninstall: the devices go away for good
        OutEvents out2Events = new OutEvents();
        MidiOut out2 = host.openOut(LOOPBACK_0, out2Events, OpenOptions.defaults());
        out2Events.next(OutEvents.Open.class);
        long uninstalling = System.nanoTime();
        sentBefore = sender.sent;
        loopback.uninstall();
        log("sender sent " + (sender.sent - sentBefore) + " messages during uninstall(), " + millisSince(uninstalling) + " ms");
        out2Events.next(OutEvents.Close.class);
        assertFails(MmResult.MMSYSERR_NODRIVER, () -> out2.shortMsg(noteOn(0, 61, 100)));
        awaitDevices(host, List.of(PROBE_REC, PROBE_EXCL), List.of());
        assertFails(MmResult.MIDIERR_NODEVICE, () -> host.openOut(LOOPBACK_0, MidiOutCallback.NONE, OpenOptions.defaults()));
        out2.close();
        sender.awaitProgress(PROGRESS);

        // 3. install again from the same jar: same endpoint ids, a working cable
        long installing = System.nanoTime();
        Bundle again = context.installBundle(reactorBundleLocation("midihost.loopback.jar"));
        again.start();
        awaitDevices(host, DEFAULT_OUTPUTS, DEFAULT_INPUTS);
        log("loopback devices back " + millisSince(installing) + " ms after install began");
        InEvents in3Events = new InEvents();
        try (MidiIn in3 = host.openIn(LOOPBACK_0, in3Events, OpenOptions.defaults());
                MidiOut out3 = host.openOut(LOOPBACK_0, MidiOutCallback.NONE, OpenOptions.defaults())) {
            in3.start();
            out3.shortMsg(noteOn(1, 62, 99));
            in3Events.next(InEvents.Open.class);
            assertEquals(shortHex(noteOn(1, 62, 99)), shortHex(in3Events.next(InEvents.Data.class).message()));
        }
        sender.awaitProgress(PROGRESS);

        // the probe got every message the sender sent, in order
        int sent = sender.stop();
        assertEquals("sender errors", List.of(), sender.errors);
        assertRecordedInOrder(probe.shortMessages(ProbeRecorder.RECORDER), sent);
        log("sender sent " + sent + " messages across update, uninstall and install");
        assertEquals("calls on closed probe instances", 0, probe.callsAfterClose());
    }

    @Test
    public void reconnectingHandlesReattachWhenTheDriverComesBack() throws Exception {
        MidiHost host = host();
        awaitDevices(host, DEFAULT_OUTPUTS, DEFAULT_INPUTS);
        OutEvents outEvents = new OutEvents();
        MidiOut out = host.openOut(LOOPBACK_0, outEvents, OpenOptions.defaults().reconnect(true));
        outEvents.next(OutEvents.Open.class);
        InEvents inEvents = new InEvents();
        MidiIn in = host.openIn(LOOPBACK_0, inEvents, OpenOptions.defaults().reconnect(true));
        inEvents.next(InEvents.Open.class);
        in.start();

        installedBundle(LOOPBACK_BSN).update();
        assertSame(out, outEvents.next(OutEvents.Close.class).out());
        assertSame("the same handle opens again", out, outEvents.next(OutEvents.Open.class).out());
        assertSame(in, inEvents.next(InEvents.Close.class).in());
        assertSame("the same handle opens again", in, inEvents.next(InEvents.Open.class).in());
        assertTrue("reattached output", out.isOpen());
        assertTrue("reattached input", in.isOpen());
        assertEquals(LOOPBACK_0, out.caps().endpointId());

        in.start(); // whether or not the reattached input kept its started state
        out.shortMsg(noteOn(2, 70, 80));
        assertEquals(shortHex(noteOn(2, 70, 80)), shortHex(inEvents.next(InEvents.Data.class).message()));
        out.close();
        in.close();
    }

    @Test
    public void noCallReachesADriverAfterItGoes() throws Exception {
        MidiHost host = host();
        ProbeRecorder oldProbe = probe();
        awaitDevices(host, DEFAULT_OUTPUTS, DEFAULT_INPUTS);

        Sender sender = new Sender(host.openOut(PROBE_REC, MidiOutCallback.NONE, OpenOptions.defaults()));
        sender.start();
        sender.awaitProgress(PROGRESS);
        installedBundle(PROBE_BSN).update();

        // the sender runs until the host tells it the driver is gone
        awaitValue("the sender to stop on an error", () -> sender.errors, e -> !e.isEmpty());
        int sent = sender.stop();
        Throwable error = sender.errors.get(0);
        assertTrue("sender error is a MidiException: " + error, error instanceof MidiException);
        assertEquals(MmResult.MMSYSERR_NODRIVER, ((MidiException) error).result());
        // every send that succeeded reached the old driver instance; nothing reached it after close
        assertRecordedInOrder(oldProbe.shortMessages(ProbeRecorder.RECORDER), sent);
        assertEquals("calls on closed probe instances", 0, oldProbe.callsAfterClose());
        assertEquals("old probe instances left open", 0, oldProbe.openCount(ProbeRecorder.RECORDER));
        awaitDevices(host, DEFAULT_OUTPUTS, DEFAULT_INPUTS);
    }

    private static void assertRecordedInOrder(int[] recorded, int sent) {
        for (int i = 0; i < Math.min(recorded.length, sent); i++) {
            if (recorded[i] != Sender.message(i)) {
                throw new AssertionError("message " + i + " of " + sent + ": expected " + shortHex(Sender.message(i))
                        + ", recorded " + shortHex(recorded[i]));
            }
        }
        assertEquals("messages recorded vs. sent", sent, recorded.length);
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }

    private static void log(String line) {
        System.out.println("HotSwapIT: " + line);
    }

    /**
     * Sends numbered note-ons on one handle until stopped or until a send fails. Message {@code i}
     * carries {@code i} in its channel and data bytes (18 bits), so a recording can be checked
     * against the sequence.
     */
    private static final class Sender implements Runnable {
        final List<Throwable> errors = new CopyOnWriteArrayList<>();
        private final MidiOut out;
        private final Thread thread = new Thread(this, "HotSwapIT-sender");
        private volatile boolean stopping;
        private volatile int sent;

        Sender(MidiOut out) {
            this.out = out;
        }

        static int message(int i) {
            return (0x90 | i >>> 14 & 0x0F) | (i >>> 7 & 0x7F) << 8 | (i & 0x7F) << 16;
        }

        void start() {
            thread.start();
        }

        @Override
        public void run() {
            int i = 0;
            while (!stopping) {
                try {
                    out.shortMsg(message(i));
                } catch (MidiException | RuntimeException e) {
                    errors.add(e);
                    return;
                }
                sent = ++i;
                if ((i & 63) == 0) {
                    // pacing (about a million messages a second at most), so that the recording
                    // stays small and the swaps get the other core
                    LockSupport.parkNanos(20_000);
                }
            }
        }

        /** Waits until the sender got {@code n} more messages through. */
        void awaitProgress(int n) {
            int target = sent + n;
            awaitValue("the sender to pass " + target + " messages", () -> {
                if (!errors.isEmpty()) {
                    throw new AssertionError("the sender failed after " + sent + " messages", errors.get(0));
                }
                return sent;
            }, s -> s >= target);
        }

        /** @return the messages sent, after the sender thread ended */
        int stop() throws Exception {
            stopping = true;
            thread.join(TIMEOUT.toMillis());
            assertFalse("sender thread still running", thread.isAlive());
            try {
                out.close();
            } catch (MidiException e) {
                // a handle whose driver went away closes quietly; anything else is a failure
                throw new AssertionError("closing the sender's handle", e);
            }
            return sent;
        }
    }
}
