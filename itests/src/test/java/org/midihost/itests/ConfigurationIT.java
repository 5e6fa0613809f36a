package org.midihost.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.midihost.api.MidiHost;
import org.midihost.api.MidiIn;
import org.midihost.api.MidiOut;
import org.midihost.api.MidiOutCallback;
import org.midihost.api.OpenOptions;
import org.midihost.spi.MidiDriver;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/** Drivers configured through ConfigAdmin: a loopback factory configuration adds a driver with its own cables. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class ConfigurationIT extends MidihostTestBase {
    private static final String LOOPBACK_PID = "org.midihost.driver.loopback";
    private static final List<String> LOOP3 = List.of("loop3/0", "loop3/1", "loop3/2");

    @Test
    public void loopbackFactoryConfigurationAddsThreeCables() throws Exception {
        MidiHost host = host();
        awaitDevices(host, DEFAULT_OUTPUTS, DEFAULT_INPUTS);
        ConfigurationAdmin cm = service(ConfigurationAdmin.class);

        // location "?": any bundle may get it (the loopback's SCR, not this test bundle)
        Configuration config = cm.createFactoryConfiguration(LOOPBACK_PID, "?");
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("cables", 3);
        props.put(MidiDriver.ID, "loop3");
        config.update(props);

        List<String> outs = awaitValue("outputs loop3/0..2", () -> outEndpoints(host), o -> o.containsAll(LOOP3));
        List<String> ins = awaitValue("inputs loop3/0..2", () -> inEndpoints(host), i -> i.containsAll(LOOP3));
        assertEquals("loop3 outputs, in order and next to each other", LOOP3, withDriver(outs, "loop3"));
        assertEquals("loop3 inputs, in order and next to each other", LOOP3, withDriver(ins, "loop3"));
        System.out.println("ConfigurationIT: outputs with the loop3 configuration: " + outs);
        int first = outs.indexOf("loop3/0");
        assertEquals("loop3 outputs are contiguous", first + 2, outs.indexOf("loop3/2"));
        // loop3 has the loopback's order, 100: it comes before the probe (200)
        assertTrue("loop3 before the probe: " + outs, outs.indexOf("loop3/2") < outs.indexOf(PROBE_REC));
        assertEquals("the probe devices stay", List.of(PROBE_REC, PROBE_EXCL), withDriver(outs, "probe"));
        assertEquals("outDeviceCount()", outs.size(), host.outDeviceCount());
        assertEquals("inDeviceCount()", ins.size(), host.inDeviceCount());

        // each cable is a cable of its own
        InEvents cable2 = new InEvents();
        InEvents cable0 = new InEvents();
        try (MidiIn in2 = host.openIn("loop3/2", cable2, OpenOptions.defaults());
                MidiIn in0 = host.openIn("loop3/0", cable0, OpenOptions.defaults());
                MidiOut out2 = host.openOut("loop3/2", MidiOutCallback.NONE, OpenOptions.defaults())) {
            in2.start();
            in0.start();
            cable2.next(InEvents.Open.class);
            cable0.next(InEvents.Open.class);
            out2.shortMsg(noteOn(9, 36, 127));
            assertEquals(shortHex(noteOn(9, 36, 127)), shortHex(cable2.next(InEvents.Data.class).message()));
        }
        cable2.next(InEvents.Close.class);
        cable0.next(InEvents.Close.class);
        cable0.assertNoMore(); // nothing crossed over to cable 0

        config.delete();
        awaitValue("loop3 devices gone", () -> outEndpoints(host), o -> withDriver(o, "loop3").isEmpty());
        awaitDevices(host, DEFAULT_OUTPUTS, DEFAULT_INPUTS);
    }

    private static List<String> withDriver(List<String> endpoints, String driverId) {
        List<String> out = new ArrayList<>();
        for (String e : endpoints) {
            if (e.startsWith(driverId + "/")) {
                out.add(e);
            }
        }
        return out;
    }
}
