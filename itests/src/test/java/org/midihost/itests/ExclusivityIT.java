package org.midihost.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.midihost.api.MidiException;
import org.midihost.api.MidiHost;
import org.midihost.api.MidiOut;
import org.midihost.api.MidiOutCallback;
import org.midihost.api.MmResult;
import org.midihost.api.OpenOptions;
import org.midihost.itests.probe.ProbeRecorder;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;

/** A multi-client device takes several clients; a one-client device takes one, and says ALLOCATED. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class ExclusivityIT extends MidihostTestBase {

    @Test
    public void multiClientDeviceTakesTwoClients() throws Exception {
        MidiHost host = host();
        ProbeRecorder probe = probe();
        awaitDevices(host, DEFAULT_OUTPUTS, DEFAULT_INPUTS);

        OutEvents aEvents = new OutEvents();
        OutEvents bEvents = new OutEvents();
        MidiOut a = host.openOut(PROBE_REC, aEvents, OpenOptions.defaults().instanceData("a"));
        MidiOut b = host.openOut(PROBE_REC, bEvents, OpenOptions.defaults().instanceData("b"));
        aEvents.next(OutEvents.Open.class);
        bEvents.next(OutEvents.Open.class);
        assertNotSame("two handles", a, b);
        assertEquals("a", a.instanceData());
        assertEquals("b", b.instanceData());
        assertEquals("driver instances open", 2, probe.openCount(ProbeRecorder.RECORDER));

        a.shortMsg(noteOn(0, 60, 100));
        b.shortMsg(noteOn(1, 61, 101));
        a.shortMsg(noteOn(0, 62, 102));
        assertArrayEquals("what the probe recorder received",
                new int[] { noteOn(0, 60, 100), noteOn(1, 61, 101), noteOn(0, 62, 102) },
                probe.shortMessages(ProbeRecorder.RECORDER));

        a.close();
        aEvents.next(OutEvents.Close.class);
        b.shortMsg(noteOn(1, 63, 103)); // b goes on after a closed
        assertEquals(4, probe.shortMessageCount(ProbeRecorder.RECORDER));
        b.close();
        bEvents.next(OutEvents.Close.class);
        assertEquals("driver instances open after both closed", 0, probe.openCount(ProbeRecorder.RECORDER));
        assertEquals("calls on closed driver instances", 0, probe.callsAfterClose());
    }

    @Test
    public void oneClientDeviceSaysAllocatedUntilTheFirstCloses() throws Exception {
        MidiHost host = host();
        ProbeRecorder probe = probe();
        awaitDevices(host, DEFAULT_OUTPUTS, DEFAULT_INPUTS);

        OutEvents firstEvents = new OutEvents();
        MidiOut first = host.openOut(PROBE_EXCL, firstEvents, OpenOptions.defaults());
        firstEvents.next(OutEvents.Open.class);

        OutEvents refusedEvents = new OutEvents();
        assertFails(MmResult.MMSYSERR_ALLOCATED, () -> host.openOut(PROBE_EXCL, refusedEvents, OpenOptions.defaults()));
        assertFails(MmResult.MMSYSERR_ALLOCATED, () -> host.openOut(2, refusedEvents, OpenOptions.defaults()));
        assertEquals("driver instances the host opened", 1, probe.maxOpenCount(ProbeRecorder.EXCLUSIVE));
        refusedEvents.assertNoMore();

        first.shortMsg(noteOn(2, 64, 90)); // the holder is not disturbed
        assertArrayEquals(new int[] { noteOn(2, 64, 90) }, probe.shortMessages(ProbeRecorder.EXCLUSIVE));

        first.close();
        firstEvents.next(OutEvents.Close.class);
        OutEvents secondEvents = new OutEvents();
        MidiOut second = host.openOut(PROBE_EXCL, secondEvents, OpenOptions.defaults());
        secondEvents.next(OutEvents.Open.class);
        second.shortMsg(noteOn(2, 65, 91));
        assertEquals(2, probe.shortMessageCount(ProbeRecorder.EXCLUSIVE));
        second.close();
        assertEquals("driver instances open", 0, probe.openCount(ProbeRecorder.EXCLUSIVE));
        assertEquals("most driver instances open at once", 1, probe.maxOpenCount(ProbeRecorder.EXCLUSIVE));
    }

    @Test
    public void exactlyOneOfRacingOpenersWins() throws Exception {
        MidiHost host = host();
        ProbeRecorder probe = probe();
        awaitDevices(host, DEFAULT_OUTPUTS, DEFAULT_INPUTS);

        int racers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        try {
            CountDownLatch ready = new CountDownLatch(racers);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<MidiOut>> results = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                Callable<MidiOut> open = () -> {
                    ready.countDown();
                    go.await();
                    try {
                        return host.openOut(PROBE_EXCL, MidiOutCallback.NONE, OpenOptions.defaults());
                    } catch (MidiException e) {
                        assertEquals("a losing opener's result", MmResult.MMSYSERR_ALLOCATED, e.result());
                        return null;
                    }
                };
                results.add(pool.submit(open));
            }
            assertTrue("racers ready", ready.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
            go.countDown();
            List<MidiOut> winners = new ArrayList<>();
            for (Future<MidiOut> f : results) {
                MidiOut out = f.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                if (out != null) {
                    winners.add(out);
                }
            }
            assertEquals("openers that won", 1, winners.size());
            assertEquals("most driver instances open at once", 1, probe.maxOpenCount(ProbeRecorder.EXCLUSIVE));
            MidiOut winner = winners.get(0);
            winner.shortMsg(noteOn(0, 1, 1));
            assertArrayEquals(new int[] { noteOn(0, 1, 1) }, probe.shortMessages(ProbeRecorder.EXCLUSIVE));
            winner.close();
            assertEquals("driver instances open", 0, probe.openCount(ProbeRecorder.EXCLUSIVE));
        } finally {
            pool.shutdownNow();
        }
    }
}
