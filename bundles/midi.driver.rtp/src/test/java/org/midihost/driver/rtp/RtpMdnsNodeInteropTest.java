package org.midihost.driver.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.midihost.driver.rtp.RtpDriverNodeInteropTest.NODE;
import static org.midihost.driver.rtp.RtpDriverNodeInteropTest.WAIT;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.midihost.api.DeviceEvent;
import org.midihost.driver.rtp.wire.NodeRtpMidiPeer;
import org.midihost.driver.rtp.wire.NodeRtpMidiPeer.Event;
import org.midihost.host.Host;
import org.midihost.testkit.Configs;

/**
 * mDNS/DNS-SD against an implementation not written here: the npm package bonjour-service 1.4.4
 * (over multicast-dns), run by node in peer.js next to node-rtpmidi, on this machine's first
 * non-loopback interface that does multicast (192.0.2.2 here; bonjour-service announces only
 * non-internal addresses, so the loopback interface is no use for it). Both ways: node browses and
 * sees our announcement at our address and control port (and its goodbye when we stop); node
 * announces a node-rtpmidi session and our driver, with {@code discover}, invites it through the
 * real host, and MIDI flows both ways ({@link RtpDriverNodeInteropTest#exchange}).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RtpMdnsNodeInteropTest {

    private static final Duration MDNS_WAIT = Duration.ofSeconds(15);
    private static InetAddress lan;

    @BeforeAll
    static void notSkipped() {
        assumeFalse(Boolean.getBoolean("interop.skip"), "-Dinterop.skip=true");
        lan = Bonjour.firstMulticastAddress();
        assumeTrue(lan != null, "an up, non-loopback interface with multicast and an IPv4 address");
    }

    @Test
    void nodeBrowsesAndSeesOurAnnouncement() throws Exception {
        int port = Participant.freePair(lan);
        int nodePort = Participant.freePair(new InetSocketAddress(0).getAddress());
        RtpDevices us = new RtpDevices(Settings.of(Configs.of(RtpDriver.Config.class, "name", "midihost mdns test",
                "bind", lan.getHostAddress(), "port", port, "announce", true)), p -> { });
        boolean closed = false;
        try (NodeRtpMidiPeer node = NodeRtpMidiPeer.start(nodePort, null,
                Map.of("PEER_MDNS", lan.getHostAddress(), "PEER_BROWSE", "1"))) {
            node.await("ready", WAIT);
            Event up = node.await(0, e -> e.name().equals("mdns-up") && "midihost mdns test".equals(e.get("name")),
                    MDNS_WAIT);
            assertThat(up.number("port")).as("announced control port: %s", up.line()).isEqualTo(port);
            String hostName = String.valueOf(up.get("host"));
            Event address = node.await(0, e -> e.name().equals("mdns-address") && hostName.equals(e.get("host"))
                    && lan.getHostAddress().equals(e.get("address")), MDNS_WAIT);
            assertThat(us.announcedAs()).isEqualTo("midihost mdns test");

            int mark = node.mark();
            us.close(); // goodbye packets
            closed = true;
            Event down = node.await(mark, e -> e.name().equals("mdns-down") && "midihost mdns test".equals(e.get("name")),
                    MDNS_WAIT);
            System.out.println("RtpMdnsNodeInteropTest: node (bonjour-service) saw " + up.line() + ", "
                    + address.line() + ", then " + down.line());
        } finally {
            if (!closed) {
                us.close();
            }
        }
        RtpMdnsTest.awaitNoMdnsThread();
    }

    @Test
    void nodeAnnouncesANodeRtpmidiSessionAndOurDriverInvitesIt() throws Exception {
        Host host = new Host();
        LinkedBlockingQueue<DeviceEvent> events = new LinkedBlockingQueue<>();
        host.addDeviceListener(events::add);
        int nodePort = Participant.freePair(new InetSocketAddress(0).getAddress());
        Participant us = null;
        NodeRtpMidiPeer node = null;
        try {
            node = NodeRtpMidiPeer.start(nodePort, null, Map.of("PEER_MDNS", lan.getHostAddress(),
                    "PEER_PUBLISH", "node-rtpmidi"));
            node.await("ready", WAIT);
            node.await(0, e -> e.name().equals("mdns-published"), MDNS_WAIT);
            us = Participant.start(host, "rtp", lan.getHostAddress(), "name", "midihost", "discover",
                    new String[] {"node-*"});
            List<DeviceEvent> seen = new ArrayList<>();
            RtpDriverNodeInteropTest.awaitEvent(events, seen, DeviceEvent.Type.ADDED, NODE, MDNS_WAIT);
            Participant u = us;
            assertThat(us.devices.discovered()).singleElement().satisfies(d -> {
                assertThat(d.name()).isEqualTo("node-rtpmidi");
                assertThat(d.address()).isEqualTo(new InetSocketAddress(lan, nodePort));
                assertThat(d.invited()).isTrue();
            });
            assertThat(u.session().initiator()).isTrue();
            assertThat(u.session().peer()).isEqualTo(new InetSocketAddress(lan, nodePort));
            node.await("connected", WAIT);
            node.await("synced", WAIT);
            RtpDriverNodeInteropTest.exchange("discovered over mDNS, our driver invites node", host, us, node, events,
                    seen);
        } finally {
            if (node != null) {
                node.close();
            }
            if (us != null) {
                us.close();
            }
            host.close();
        }
        RtpMdnsTest.awaitNoMdnsThread();
    }
}
