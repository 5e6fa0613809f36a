package org.midihost.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.midihost.api.DeviceEvent;
import org.midihost.api.DeviceListener;
import org.midihost.api.MidiHost;
import org.midihost.api.MidiInCaps;
import org.midihost.api.MidiOutCaps;
import org.midihost.api.MmResult;
import org.midihost.api.OutDeviceList;
import org.midihost.api.Technology;
import org.midihost.itests.probe.ProbeRecorder;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;
import org.osgi.framework.Bundle;

/** The host's device list: counts, caps, endpoint ids, and an order that start order cannot change. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class EnumerationIT extends MidihostTestBase {

    @Test
    public void hostListsLoopbackThenProbeDevices() throws Exception {
        MidiHost host = host();
        awaitDevices(host, DEFAULT_OUTPUTS, DEFAULT_INPUTS);

        assertEquals("outDeviceCount()", DEFAULT_OUTPUTS.size(), host.outDeviceCount());
        assertEquals("inDeviceCount()", DEFAULT_INPUTS.size(), host.inDeviceCount());

        OutDeviceList outs = host.outDevices();
        for (int id = 0; id < outs.devices().size(); id++) {
            assertEquals("outCaps(" + id + ") against the snapshot", outs.devices().get(id), host.outCaps(id));
        }
        List<MidiInCaps> ins = host.inDevices().devices();
        for (int id = 0; id < ins.size(); id++) {
            assertEquals("inCaps(" + id + ") against the snapshot", ins.get(id), host.inCaps(id));
        }

        MidiOutCaps loop = host.outCaps(0);
        assertEquals("loopback", loop.driverId());
        assertFalse("loopback output has a name", loop.productName().isBlank());
        assertEquals("loopback input 0", LOOPBACK_0, host.inCaps(0).endpointId());
        assertFalse("loopback input has a name", host.inCaps(0).productName().isBlank());

        MidiOutCaps rec = host.outCaps(1);
        assertEquals(PROBE_REC, rec.endpointId());
        assertEquals(ProbeRecorder.DRIVER_ID, rec.driverId());
        assertEquals(ProbeRecorder.RECORDER_NAME, rec.productName());
        assertEquals(Technology.PORT, rec.technology());
        assertEquals("a port's channel mask", 0xFFFF, rec.channelMask());

        MidiOutCaps excl = host.outCaps(2);
        assertEquals(PROBE_EXCL, excl.endpointId());
        assertEquals(ProbeRecorder.EXCLUSIVE_NAME, excl.productName());
        assertEquals(Technology.PORT, excl.technology());

        Set<String> names = new HashSet<>();
        for (MidiOutCaps c : outs.devices()) {
            assertTrue("output names are unique: " + c.productName(), names.add(c.productName()));
        }

        assertEquals("the mapper's caps", Technology.MAPPER, host.outCaps(MidiHost.MIDI_MAPPER).technology());
        assertFails(MmResult.MMSYSERR_BADDEVICEID, () -> host.outCaps(DEFAULT_OUTPUTS.size()));
        assertFails(MmResult.MMSYSERR_BADDEVICEID, () -> host.outCaps(-2));
        assertFails(MmResult.MMSYSERR_BADDEVICEID, () -> host.inCaps(DEFAULT_INPUTS.size()));
        assertFails(MmResult.MMSYSERR_BADDEVICEID, () -> host.inCaps(-1));
    }

    @Test
    public void orderDoesNotDependOnStartOrder() throws Exception {
        MidiHost host = host();
        awaitDevices(host, DEFAULT_OUTPUTS, DEFAULT_INPUTS);
        Bundle loopback = installedBundle(LOOPBACK_BSN);
        Bundle probe = installedBundle(PROBE_BSN);

        loopback.stop();
        probe.stop();
        awaitDevices(host, List.of(), List.of());

        // the probe (order 200) comes first this time; the loopback (order 100) must still lead
        probe.start();
        awaitDevices(host, List.of(PROBE_REC, PROBE_EXCL), List.of());
        loopback.start();
        awaitDevices(host, DEFAULT_OUTPUTS, DEFAULT_INPUTS);
        assertEquals(LOOPBACK_0, host.outCaps(0).endpointId());
        assertEquals(PROBE_EXCL, host.outCaps(2).endpointId());
    }

    @Test
    public void deviceListenerHearsDevicesGoAndCome() throws Exception {
        MidiHost host = host();
        awaitDevices(host, DEFAULT_OUTPUTS, DEFAULT_INPUTS);
        BlockingQueue<DeviceEvent> events = new LinkedBlockingQueue<>();
        DeviceListener listener = events::add;
        host.addDeviceListener(listener);
        host.addDeviceListener(listener); // twice has no effect
        long generation = host.outDevices().generation();

        Bundle probe = installedBundle(PROBE_BSN);
        probe.stop();
        DeviceEvent rec = take(events);
        DeviceEvent excl = take(events);
        assertEquals(DeviceEvent.Type.REMOVED, rec.type());
        assertEquals(DeviceEvent.Type.REMOVED, excl.type());
        assertEquals(Set.of(PROBE_REC, PROBE_EXCL), Set.of(rec.caps().endpointId(), excl.caps().endpointId()));
        assertTrue("removed devices are outputs", rec.isOutput() && excl.isOutput());
        assertEquals("device id of a removed device", -1, rec.deviceId());
        assertTrue("the generation grows: " + generation + " then " + rec.generation(), rec.generation() > generation);
        assertEquals(List.of(LOOPBACK_0), outEndpoints(host));

        probe.start();
        DeviceEvent added1 = take(events);
        DeviceEvent added2 = take(events);
        assertEquals(DeviceEvent.Type.ADDED, added1.type());
        assertEquals(DeviceEvent.Type.ADDED, added2.type());
        // events of one change come in device id order
        assertEquals(PROBE_REC, added1.caps().endpointId());
        assertEquals(1, added1.deviceId());
        assertEquals(PROBE_EXCL, added2.caps().endpointId());
        assertEquals(2, added2.deviceId());
        assertEquals("no more events (the listener was added twice)", List.of(), List.copyOf(events));

        host.removeDeviceListener(listener);
        probe.stop();
        awaitDevices(host, List.of(LOOPBACK_0), DEFAULT_INPUTS);
        assertEquals("events after removeDeviceListener", List.of(), List.copyOf(events));
    }

    private static DeviceEvent take(BlockingQueue<DeviceEvent> events) throws InterruptedException {
        DeviceEvent e = events.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (e == null) {
            throw new AssertionError("no device event within " + TIMEOUT.toMillis() + " ms");
        }
        return e;
    }
}
