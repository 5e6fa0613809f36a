package org.midihost.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.midihost.api.MidiHost;
import org.midihost.api.MidiIn;
import org.midihost.api.MidiOut;
import org.midihost.api.MidiOutCallback;
import org.midihost.api.OpenOptions;
import org.midihost.spi.MidiDriver;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;
import org.osgi.framework.Bundle;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Issue #14: the RTP-MIDI driver bundle in Felix with SCR and ConfigAdmin. Without a configuration
 * it registers no driver; two factory configurations on 127.0.0.1, bob with {@code announce} and
 * alice with {@code discover=bo?} and no {@code peers}: alice finds bob over mDNS (JmDNS inside the
 * bundle, so this also shows that it loads and runs in OSGi with slf4j 1.7) and invites him; the
 * session comes up as devices of the host and carries a note; deleting a configuration ends the session on both
 * sides, and no thread of the driver or of JmDNS is left after both are gone.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class RtpDriverIT extends MidihostTestBase {
    private static final String PID = "org.midihost.driver.rtp";

    @Override
    @Configuration
    public Option[] config() {
        return OptionUtils.combine(super.config(), reactorBundle("midihost.rtp.jar"));
    }

    @Test
    public void twoConfiguredInstancesMakeASessionAndLeaveNoThreadWhenDeleted() throws Exception {
        MidiHost host = host();
        awaitDevices(host, DEFAULT_OUTPUTS, DEFAULT_INPUTS);
        Bundle rtp = installedBundle("org.midihost.driver.rtp");
        assertEquals("rtp bundle active", Bundle.ACTIVE, rtp.getState());
        assertEquals("no rtp driver without a configuration", 0, rtpDrivers());

        int alicePort = freeEvenPort();
        int bobPort = freeEvenPort();
        ConfigurationAdmin cm = service(ConfigurationAdmin.class);
        org.osgi.service.cm.Configuration bob = cm.createFactoryConfiguration(PID, "?");
        bob.update(props("bob", "rtpb", bobPort, "announce", Boolean.TRUE));
        org.osgi.service.cm.Configuration alice = cm.createFactoryConfiguration(PID, "?");
        // no peers: alice finds bob over mDNS (JmDNS inside the rtp bundle, on the loopback interface)
        alice.update(props("alice", "rtpa", alicePort, "discover", new String[] {"bo?"}));

        awaitValue("rtpa/bob and rtpb/alice", () -> outEndpoints(host),
                o -> o.contains("rtpa/bob") && o.contains("rtpb/alice"));
        assertTrue(inEndpoints(host).containsAll(List.of("rtpa/bob", "rtpb/alice")));
        assertTrue("the driver's and JmDNS's threads run: " + rtpThreads(), !rtpThreads().isEmpty());

        InEvents atBob = new InEvents();
        try (MidiIn in = host.openIn("rtpb/alice", atBob, OpenOptions.defaults());
                MidiOut out = host.openOut("rtpa/bob", MidiOutCallback.NONE, OpenOptions.defaults())) {
            in.start();
            atBob.next(InEvents.Open.class);
            out.shortMsg(noteOn(0, 60, 100));
            assertEquals(shortHex(noteOn(0, 60, 100)), shortHex(atBob.next(InEvents.Data.class).message()));
            out.shortMsg(noteOn(0, 60, 0));
            assertNotNull(atBob.next(InEvents.Data.class));

            alice.delete(); // alice's component deactivates: BY to bob, her devices go
            atBob.next(InEvents.Close.class);
        }
        awaitValue("both sessions' devices gone", () -> outEndpoints(host),
                o -> !o.contains("rtpa/bob") && !o.contains("rtpb/alice"));
        bob.delete();
        awaitValue("no rtp driver", this::rtpDrivers, n -> n == 0);
        List<String> left = awaitValue("no thread of the rtp driver or JmDNS", RtpDriverIT::rtpThreads, List::isEmpty);
        System.out.println("RtpDriverIT: threads after both configurations were deleted: " + left);
        awaitDevices(host, DEFAULT_OUTPUTS, DEFAULT_INPUTS);
    }

    /** @return the MidiDriver services with an rtp driver id */
    private int rtpDrivers() {
        try {
            return context.getServiceReferences(MidiDriver.class, "(midihost.driver.id=rtp*)").size();
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Hashtable<String, Object> props(String name, String id, int port, Object... more) {
        Hashtable<String, Object> p = new Hashtable<>();
        p.put("name", name);
        p.put(MidiDriver.ID, id);
        p.put("port", port);
        for (int i = 0; i < more.length; i += 2) {
            p.put((String) more[i], more[i + 1]);
        }
        return p;
    }

    /** The driver's endpoint threads ({@code midihost-rtp-ID}, {@code …-mdns}) and JmDNS's. */
    private static List<String> rtpThreads() {
        List<String> names = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            String n = t.getName();
            if (t.isAlive() && (n.startsWith("midihost-rtp-") || n.contains("JmDNS") || n.contains("SocketListener"))) {
                names.add(n);
            }
        }
        return names;
    }

    private static int freeEvenPort() throws Exception {
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        for (int i = 0; i < 100; i++) {
            int p = 20_000 + 2 * ThreadLocalRandom.current().nextInt(20_000);
            try (DatagramSocket c = new DatagramSocket(p, lo); DatagramSocket d = new DatagramSocket(p + 1, lo)) {
                return p;
            } catch (SocketException e) {
                // taken: another
            }
        }
        throw new IllegalStateException("no free even UDP port pair on 127.0.0.1");
    }
}
