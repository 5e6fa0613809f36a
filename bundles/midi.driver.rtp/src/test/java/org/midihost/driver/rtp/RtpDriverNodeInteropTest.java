package org.midihost.driver.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.midihost.api.DeviceEvent;
import org.midihost.api.MidiHeader;
import org.midihost.api.MidiIn;
import org.midihost.api.MidiOut;
import org.midihost.api.MidiOutCallback;
import org.midihost.api.OpenOptions;
import org.midihost.driver.rtp.wire.NodeRtpMidiPeer;
import org.midihost.driver.rtp.wire.NodeRtpMidiPeer.Event;
import org.midihost.host.Host;

/**
 * The session driver (RtpDevices through the real {@link Host}, as {@link RtpSessionThroughHostTest}
 * runs it) against node-rtpmidi ({@link NodeRtpMidiPeer}, npm rtpmidi 1.0.0): our driver invites
 * node; MIDI both ways compared octet for octet; a 1 KiB sysex to node; our BY. Every wait is
 * bounded; {@code -Dinterop.skip=true} skips it as it does {@code NodeRtpMidiInteropTest}.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class RtpDriverNodeInteropTest {

    static final Duration WAIT = Duration.ofSeconds(5);
    static final String NODE = "rtp/node-rtpmidi";

    @BeforeAll
    static void notSkipped() {
        assumeFalse(Boolean.getBoolean("interop.skip"), "-Dinterop.skip=true");
    }

    @Test
    void ourDriverInvitesNode() throws Exception {
        sessionWithNode(true);
    }

    @Test
    void nodeInvitesOurDriver() throws Exception {
        sessionWithNode(false);
    }

    /**
     * One session between our driver (through the real host) and node, in either role, then
     * {@link #exchange}.
     *
     * @param weInvite whether our driver invites node (else node invites our control port, which
     *        node answers only because it is even: Participant picks even pairs)
     */
    private static void sessionWithNode(boolean weInvite) throws Exception {
        Host host = new Host();
        LinkedBlockingQueue<DeviceEvent> events = new LinkedBlockingQueue<>();
        host.addDeviceListener(events::add);
        Participant us = null;
        NodeRtpMidiPeer node = null;
        try {
            us = Participant.start(host, "rtp", "127.0.0.1", "name", "midihost");
            int nodePort = Participant.freePair(java.net.InetAddress.getLoopbackAddress());
            node = NodeRtpMidiPeer.start(nodePort, weInvite ? null : "127.0.0.1:" + us.port);
            node.await("ready", WAIT);
            if (weInvite) {
                us.devices.invite("127.0.0.1", nodePort);
            }
            List<DeviceEvent> seen = new ArrayList<>();
            awaitEvent(events, seen, DeviceEvent.Type.ADDED, NODE);
            node.await("connected", WAIT);
            assertThat(host.outDeviceCount()).isEqualTo(1);
            assertThat(us.session().initiator()).isEqualTo(weInvite);
            assertThat(us.session().peerName()).isEqualTo("node-rtpmidi");
            // node sends MIDI only after a CK exchange it ran itself (it starts one after ours)
            node.await("synced", WAIT);
            exchange(weInvite ? "our driver invites node" : "node invites our driver", host, us, node, events, seen);
        } finally {
            if (node != null) {
                node.close();
            }
            if (us != null) {
                us.close();
            }
            host.close();
        }
    }

    /** Session up and node synced: MIDI both ways, a sysex to node, our BY. */
    static void exchange(String role, Host host, Participant us, NodeRtpMidiPeer node,
            LinkedBlockingQueue<DeviceEvent> events, List<DeviceEvent> seen) throws Exception {
        Recorder atUs = new Recorder();
        try (MidiOut toNode = host.openOut(NODE, MidiOutCallback.NONE, OpenOptions.direct());
                MidiIn fromNode = host.openIn(NODE, atUs, OpenOptions.direct())) {
            MidiHeader buffer = new MidiHeader(new byte[8 * 1024]);
            fromNode.prepareHeader(buffer);
            fromNode.addBuffer(buffer);
            fromNode.start();

            // node -> us
            List<int[]> fromNodeMsgs = List.of(new int[] {0x90, 0x3C, 0x64}, new int[] {0xB0, 0x07, 0x40},
                    new int[] {0x80, 0x3C, 0x00});
            node.send(fromNodeMsgs);
            node.await(0, e -> e.name().equals("sent"), WAIT);
            for (int[] m : fromNodeMsgs) {
                assertThat(unpack(atUs.nextMessage(), m.length)).isEqualTo(m);
            }

            // us -> node: notes, CC, program change, pitch bend
            List<int[]> toNodeMsgs = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                toNodeMsgs.add(new int[] {0x91, 0x30 + i, 0x50 + i});
                toNodeMsgs.add(new int[] {0x81, 0x30 + i, 0x00});
            }
            toNodeMsgs.add(new int[] {0xB1, 0x0A, 0x22});
            toNodeMsgs.add(new int[] {0xC1, 0x05});
            toNodeMsgs.add(new int[] {0xE1, 0x00, 0x40});
            toNodeMsgs.add(new int[] {0xE1, 0x7F, 0x7F});
            int mark = node.mark();
            long packetsBefore = us.session().packetsOut();
            for (int[] m : toNodeMsgs) {
                toNode.shortMsg(pack(m));
            }
            List<Event> got = node.awaitCount(mark, e -> e.name().equals("message"), toNodeMsgs.size(), WAIT);
            for (int i = 0; i < toNodeMsgs.size(); i++) {
                assertThat(got.get(i).bytes()).as("message %d at node", i).isEqualTo(toNodeMsgs.get(i));
            }
            long packets = us.session().packetsOut() - packetsBefore;
            List<Event> rtp = node.since(mark).stream().filter(e -> e.name().equals("rtp")).toList();
            assertThat(rtp).isNotEmpty();
            assertThat(rtp).allSatisfy(e -> assertThat(e.get("journal")).as("J bit: %s", e.line()).isEqualTo(true));

            // a 1 KiB sysex, whole
            byte[] sysex = RtpSessionThroughHostTest.sysex(1024);
            int sysMark = node.mark();
            MidiHeader h = new MidiHeader(sysex.clone());
            toNode.prepareHeader(h);
            toNode.longMsg(h);
            Event sx = node.await(sysMark, e -> e.name().equals("message") && e.bytes().length > 3, WAIT);
            int[] expected = new int[sysex.length];
            for (int i = 0; i < sysex.length; i++) {
                expected[i] = sysex[i] & 0xFF;
            }
            assertThat(sx.bytes()).isEqualTo(expected);

            System.out.printf("RtpDriverNodeInteropTest, %s: node -> us %d messages equal; us -> node %d messages"
                    + " (node printed %d) in %d packets (node saw %d rtp, all with J); sysex %d octets whole%n",
                    role, fromNodeMsgs.size(), toNodeMsgs.size(), got.size(), packets, rtp.size(), sx.bytes().length);

            // our BY: node ends, our devices go
            int endMark = node.mark();
            assertThat(us.devices.end("node-rtpmidi")).isTrue();
            node.await(endMark, e -> e.name().equals("ended"), WAIT);
            awaitEvent(events, seen, DeviceEvent.Type.REMOVED, NODE);
            assertThat(host.outDeviceCount()).isZero();
            assertThat(us.devices.sessions()).isEmpty();
        }
    }

    private static int pack(int[] m) {
        int v = 0;
        for (int i = 0; i < m.length; i++) {
            v |= m[i] << (8 * i);
        }
        return v;
    }

    private static int[] unpack(int message, int length) {
        int[] m = new int[length];
        for (int i = 0; i < length; i++) {
            m[i] = (message >>> (8 * i)) & 0xFF;
        }
        return m;
    }

    static void awaitEvent(LinkedBlockingQueue<DeviceEvent> events, List<DeviceEvent> seen, DeviceEvent.Type type,
            String endpoint) throws InterruptedException {
        awaitEvent(events, seen, type, endpoint, WAIT);
    }

    static void awaitEvent(LinkedBlockingQueue<DeviceEvent> events, List<DeviceEvent> seen, DeviceEvent.Type type,
            String endpoint, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            for (int i = 0; i < seen.size(); i++) {
                DeviceEvent e = seen.get(i);
                if (e.type() == type && e.caps().endpointId().equals(endpoint)) {
                    seen.remove(i);
                    return;
                }
            }
            long left = deadline - System.nanoTime();
            DeviceEvent e = left > 0 ? events.poll(left, TimeUnit.NANOSECONDS) : null;
            if (e == null) {
                throw new AssertionError("no " + type + " event for " + endpoint + "; seen " + seen);
            }
            seen.add(e);
        }
    }
}
