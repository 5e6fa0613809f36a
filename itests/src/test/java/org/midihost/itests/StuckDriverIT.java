package org.midihost.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.midihost.api.MidiHost;
import org.midihost.api.MidiIn;
import org.midihost.api.MidiInCallback;
import org.midihost.api.MidiOut;
import org.midihost.api.MidiOutCallback;
import org.midihost.api.MmResult;
import org.midihost.api.OpenOptions;
import org.midihost.api.StuckCall;
import org.midihost.itests.probe.ProbeRecorder;
import org.midihost.spi.MidiDriver;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;
import org.osgi.framework.Bundle;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * A driver stuck in a call does not freeze hot deploy: uninstalling it returns within the host's
 * bound (default 2 s) plus a margin, a configuration change made meanwhile is applied at once,
 * and the devices of the other drivers lose nothing.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class StuckDriverIT extends MidihostTestBase {
    private static final long BOUND_MS = 2000;

    @Test
    public void uninstallingADriverStuckInACallReturnsWithinTheBoundAndTheRestGoesOn() throws Exception {
        MidiHost host = host();
        ProbeRecorder probe = probe();
        awaitDevices(host, DEFAULT_OUTPUTS, DEFAULT_INPUTS);

        // the other driver's traffic, throughout
        AtomicInteger received = new AtomicInteger();
        MidiIn in = host.openIn(LOOPBACK_0, new MidiInCallback() {
            @Override
            public void onData(MidiIn handle, int message, long millis, long nanos) {
                received.incrementAndGet();
            }
        }, OpenOptions.direct());
        in.start();
        MidiOut loop = host.openOut(LOOPBACK_0, MidiOutCallback.NONE, OpenOptions.direct());
        int sent = 0;

        // a call that does not return
        MidiOut stuck = host.openOut(PROBE_EXCL, MidiOutCallback.NONE, OpenOptions.direct());
        probe.stall();
        CompletableFuture<Void> call = CompletableFuture.runAsync(() -> {
            try {
                stuck.shortMsg(noteOn(0, 60, 100));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        await("the call is inside the driver", () -> probe.stalled() == 1);
        for (int i = 0; i < 1000; i++, sent++) {
            loop.shortMsg(noteOn(1, i % 128, 64));
        }

        Bundle probeBundle = installedBundle(PROBE_BSN);
        long t0 = System.nanoTime();
        probeBundle.uninstall();
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        for (int i = 0; i < 1000; i++, sent++) {
            loop.shortMsg(noteOn(1, i % 128, 64));
        }
        log("uninstall with a call stuck inside the driver took " + took + " ms");
        assertTrue("uninstall waited for the bound: " + took + " ms", took >= BOUND_MS / 2);
        assertTrue("uninstall returned within the bound plus a margin: " + took + " ms", took < BOUND_MS + 5_000);
        awaitDevices(host, List.of(LOOPBACK_0), List.of(LOOPBACK_0));
        List<StuckCall> stuckCalls = host.stuckCalls();
        assertEquals("one stuck call listed", 1, stuckCalls.size());
        assertEquals(PROBE_EXCL, stuckCalls.get(0).endpointId());

        int all = sent;
        await("the loopback lost nothing", () -> received.get() == all);
        loop.close();
        in.stop();
        in.close();

        // a configuration change meanwhile is applied at its usual pace (a loopback factory
        // configuration: the unconfigured loopback instance gives way to it)
        ConfigurationAdmin cm = service(ConfigurationAdmin.class);
        Configuration config = cm.createFactoryConfiguration("org.midihost.driver.loopback", "?");
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(MidiDriver.ID, "studio");
        long c0 = System.nanoTime();
        config.update(props);
        awaitValue("studio/0 added", () -> outEndpoints(host), o -> o.contains("studio/0"));
        log("a configuration applied while the call was still stuck: " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - c0) + " ms");

        // the stuck call's caller gets its result when the driver returns; nothing enters after
        assertFalse(call.isDone());
        probe.release();
        call.get(10, TimeUnit.SECONDS);
        await("no stuck call listed", () -> host.stuckCalls().isEmpty());
        assertFails(MmResult.MMSYSERR_NODRIVER, () -> stuck.shortMsg(noteOn(0, 60, 100)));
        assertEquals("calls after close", 0, probe.callsAfterClose());
        stuck.close();
        config.delete();
    }

    private static void log(String line) {
        System.out.println("StuckDriverIT: " + line);
    }
}
