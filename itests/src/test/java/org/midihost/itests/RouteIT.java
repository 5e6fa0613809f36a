package org.midihost.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import java.util.Hashtable;
import java.util.List;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.midihost.api.MidiHost;
import org.midihost.api.MidiIn;
import org.midihost.api.MidiOut;
import org.midihost.api.MidiOutCallback;
import org.midihost.api.OpenOptions;
import org.midihost.route.RouteInfo;
import org.midihost.route.Routes;
import org.midihost.spi.MidiDriver;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Standing routes in Felix, configured through ConfigAdmin as a {@code .cfg} file or Karaf would:
 * a route from one loopback cable's input to another cable's output carries transformed messages,
 * waits while the loopback bundle is updated, and carries again once the same endpoints are back;
 * a route that would close a cycle never becomes a route.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class RouteIT extends MidihostTestBase {
    private Configuration configure(String pid, Object... keysAndValues) throws Exception {
        Configuration c = service(ConfigurationAdmin.class).createFactoryConfiguration(pid, "?");
        Hashtable<String, Object> props = new Hashtable<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            props.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        c.update(props);
        return c;
    }

    @Test
    public void aStandingRouteCarriesWaitsThroughAnUpdateAndCarriesAgain() throws Exception {
        MidiHost host = host();
        Configuration cables = configure("org.midihost.driver.loopback", "cables", 2, MidiDriver.ID, "loop2");
        awaitValue("loop2 cables", () -> outEndpoints(host), o -> o.contains("loop2/1"));
        Routes routes = service(Routes.class);
        Configuration route = configure(Routes.FACTORY_PID, Routes.NAME, "drums", Routes.FROM, "loop2/0",
                Routes.TO, "loop2/1", "channels", "10", "velocity.fixed", "100");
        awaitValue("route active", () -> routes.route("drums").map(RouteInfo::state).orElse(null),
                s -> s == RouteInfo.State.ACTIVE);

        InEvents at1 = new InEvents();
        MidiIn in1 = host.openIn("loop2/1", at1, OpenOptions.defaults().reconnect(true));
        in1.start();
        at1.next(InEvents.Open.class);
        MidiOut out0 = host.openOut("loop2/0", MidiOutCallback.NONE, OpenOptions.defaults().reconnect(true));
        out0.shortMsg(noteOn(0, 60, 30));   // channel 1: filtered
        out0.shortMsg(noteOn(9, 36, 30));   // channel 10: passes, velocity 100
        assertEquals(shortHex(noteOn(9, 36, 100)), shortHex(at1.next(InEvents.Data.class).message()));

        installedBundle(LOOPBACK_BSN).update();
        at1.next(InEvents.Close.class);
        at1.next(InEvents.Open.class); // the same endpoint is back: our own handle reattached
        awaitValue("route active again", () -> routes.route("drums").map(RouteInfo::state).orElse(null),
                s -> s == RouteInfo.State.ACTIVE);
        in1.start();
        awaitValue("our output back", () -> {
            try {
                out0.shortMsg(noteOn(9, 38, 1));
                return true;
            } catch (Exception e) {
                return false; // NODRIVER until the handle has reattached
            }
        }, sent -> sent);
        assertEquals(shortHex(noteOn(9, 38, 100)), shortHex(at1.next(InEvents.Data.class).message()));
        RouteInfo info = routes.route("drums").orElseThrow();
        assertEquals(1, info.filtered());

        out0.close();
        in1.reset();
        in1.close();
        route.delete();
        awaitValue("route gone", () -> routes.route("drums").isPresent(), present -> !present);
        cables.delete();
    }

    @Test
    public void aRouteThatWouldCloseACycleNeverBecomesARoute() throws Exception {
        MidiHost host = host();
        Routes routes = service(Routes.class);
        awaitDevices(host, DEFAULT_OUTPUTS, DEFAULT_INPUTS);
        Configuration bad = configure(Routes.FACTORY_PID, Routes.NAME, "loop", Routes.FROM, LOOPBACK_0, Routes.TO, LOOPBACK_0);
        Configuration good = configure(Routes.FACTORY_PID, Routes.NAME, "fine", Routes.FROM, LOOPBACK_0, Routes.TO, PROBE_REC);
        awaitValue("the good route", () -> routes.route("fine").isPresent(), p -> p);
        assertFalse("the cycle is refused", routes.route("loop").isPresent());
        assertEquals(List.of("fine"), routes.routes().stream().map(RouteInfo::name).toList());
        bad.delete();
        good.delete();
    }
}
