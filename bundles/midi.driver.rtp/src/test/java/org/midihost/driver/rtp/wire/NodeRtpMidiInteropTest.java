package org.midihost.driver.rtp.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.net.BindException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.midihost.driver.rtp.wire.AppleMidiPacket.Command;
import org.midihost.driver.rtp.wire.NodeRtpMidiPeer.Event;

/**
 * Issue #14: the wire format against an RTP-MIDI implementation that was not written here, the
 * npm package rtpmidi 1.0.0 (node-rtpmidi, pure JavaScript), installed by the build with
 * {@code npm ci} in {@code src/test/node} and run as {@code node peer.js}. Only the codec classes
 * and two DatagramSockets on 127.0.0.1 on this side (no session driver yet): the AppleMIDI
 * session in both roles (IN/OK on both ports, CK 0/1/2), MIDI both ways compared octet for octet,
 * our recovery journal present in what node gets (node ignores journals), system exclusive up to
 * node's largest, node's RS, our BY; node ending the session. Each wait is bounded; the class takes about 6 s.
 * {@code -Dinterop.skip=true} skips it (and the npm ci).
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class NodeRtpMidiInteropTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final Duration WAIT = Duration.ofSeconds(5);

    @BeforeAll
    static void notSkipped() {
        assumeFalse(Boolean.getBoolean("interop.skip"), "-Dinterop.skip=true");
    }

    @Test
    void weInviteNode() throws Exception {
        int nodePort = freeEvenPortPair();
        try (Endpoint us = new Endpoint(); NodeRtpMidiPeer node = NodeRtpMidiPeer.start(nodePort, null)) {
            node.await("ready", WAIT);
            InetSocketAddress nodeControl = new InetSocketAddress(LOOPBACK, nodePort);
            InetSocketAddress nodeData = new InetSocketAddress(LOOPBACK, nodePort + 1);

            us.send(us.control, new AppleMidiPacket().session(Command.IN, 0x1D1D0001, us.ssrc, "midihost"), nodeControl);
            us.await(() -> us.okOnControl != null, "OK on the control port");
            us.send(us.data, new AppleMidiPacket().session(Command.IN, 0x1D1D0001, us.ssrc, "midihost"), nodeData);
            us.await(() -> us.okOnData != null, "OK on the data port");
            assertThat(us.okOnControl.token()).isEqualTo(0x1D1D0001);
            assertThat(us.okOnData.ssrc()).isEqualTo(us.okOnControl.ssrc());
            Event connected = node.await("connected", WAIT);
            assertThat(connected.number("ssrc")).isEqualTo(us.ssrc & 0xFFFFFFFFL);

            // Our CK 0; node answers CK 1, we CK 2. rtpmidi takes its clock offset only from an
            // exchange it starts, so it then sends CK 0 itself: we answer CK 1, it ends with CK 2.
            us.send(us.data, new AppleMidiPacket().clock(us.ssrc, 0, us.now(), 0, 0), nodeData);
            node.await("synced", WAIT);
            us.await(() -> us.ckReceived[1] >= 1 && us.ckReceived[0] >= 1 && us.ckReceived[2] >= 1, "CK 1, CK 0 and CK 2 from node");

            exchange("we invite node", us, node, nodeControl, nodeData);
        }
    }

    @Test
    void nodeInvitesUs() throws Exception {
        int nodePort = freeEvenPortPair();
        try (Endpoint us = new Endpoint();
             NodeRtpMidiPeer node = NodeRtpMidiPeer.start(nodePort, "127.0.0.1:" + us.control.getLocalPort())) {
            node.await("ready", WAIT);
            // rtpmidi invites 1.5 s after start, then starts CK 1.5 s after both OKs.
            us.await(() -> us.inOnData != null, "IN on both ports");
            assertThat(us.inOnControl.ssrc()).isEqualTo(us.inOnData.ssrc());
            assertThat(us.inOnControl.token()).isEqualTo(us.inOnData.token());
            assertThat(us.inOnControl.name()).isEqualTo("node-rtpmidi");
            node.await("connected", WAIT);
            node.await("synced", WAIT);
            us.await(() -> us.ckReceived[0] >= 1 && us.ckReceived[2] >= 1, "CK 0 and CK 2 from node");

            InetSocketAddress nodeControl = us.inOnControlFrom;
            InetSocketAddress nodeData = us.inOnDataFrom;
            assertThat(nodeControl.getPort()).isEqualTo(nodePort);
            assertThat(nodeData.getPort()).isEqualTo(nodePort + 1);
            exchange("node invites us", us, node, nodeControl, nodeData);
        }
    }

    @Test
    void nodeEndsTheSession() throws Exception {
        int nodePort = freeEvenPortPair();
        try (Endpoint us = new Endpoint(); NodeRtpMidiPeer node = NodeRtpMidiPeer.start(nodePort, null)) {
            node.await("ready", WAIT);
            us.send(us.control, new AppleMidiPacket().session(Command.IN, 0x1D1D0002, us.ssrc, "midihost"),
                    new InetSocketAddress(LOOPBACK, nodePort));
            us.await(() -> us.okOnControl != null, "OK on the control port");
            us.send(us.data, new AppleMidiPacket().session(Command.IN, 0x1D1D0002, us.ssrc, "midihost"),
                    new InetSocketAddress(LOOPBACK, nodePort + 1));
            node.await("connected", WAIT);

            // rtpmidi's BY carries a name (the peer's, as it parsed it, NUL included): accepted here
            node.command("{\"cmd\":\"end\"}");
            us.await(() -> !us.byes.isEmpty() || !us.refused.isEmpty(), "BY from node");
            node.await("ended", WAIT);
            synchronized (us) {
                assertThat(us.refused).isEmpty();
                assertThat(us.byes).hasSize(1);
                AppleMidiPacket by = us.byes.get(0);
                assertThat(by.ssrc()).isEqualTo(us.okOnControl.ssrc());
                assertThat(by.token()).isEqualTo(0x1D1D0002);
                System.out.printf("NodeRtpMidiInteropTest [node ends the session]: BY from node parsed: %s%n", by);
            }
        }
    }

    /** MIDI both ways, system exclusive, RS, BY, on a session that is set up and synchronised. */
    private static void exchange(String role, Endpoint us, NodeRtpMidiPeer node, InetSocketAddress nodeControl,
                                 InetSocketAddress nodeData) throws Exception {
        // ---- node → us: NoteOn + CC in one packet, NoteOff in another
        List<int[]> fromNode = List.of(new int[] {0x90, 60, 100}, new int[] {0xB0, 7, 90}, new int[] {0x80, 60, 0});
        node.send(fromNode.subList(0, 2));
        node.send(fromNode.subList(2, 3));
        us.await(() -> us.midi.size() >= fromNode.size(), fromNode.size() + " MIDI messages from node");
        synchronized (us) {
            assertThat(us.midi.stream().map(x -> hex(x)).toList())
                    .containsExactlyElementsOf(fromNode.stream().map(NodeRtpMidiInteropTest::hex).toList());
            assertThat(us.repaired).isZero();
            assertThat(us.refused).isEmpty();
        }

        // ---- us → node: notes, CC, program change, pitch bend, channel pressure; journalled
        int seq = ThreadLocalRandom.current().nextInt(0x10000);
        RtpMidiPacketWriter w = new RtpMidiPacketWriter(us.ssrc, seq, 8192, true);
        int[][][] packets = {
            {{0x90, 60, 100}, {0xB0, 7, 100}, {0x91, 64, 90}},
            {{0xC0, 5}, {0xE0, 0x00, 0x50}},
            {{0xB0, 64, 127}, {0xD1, 33}, {0xE1, 0x7F, 0x7F}},
            {{0x80, 60, 0}, {0x81, 64, 64}, {0xB0, 64, 0}},
            {{0x99, 36, 127}, {0x89, 36, 0}, {0xCF, 127}},
        };
        List<String> toNode = new ArrayList<>();
        int journalled = 0;
        int mark = node.mark();
        byte[] buf = new byte[8192];
        for (int[][] packet : packets) {
            w.begin();
            for (int[] m : packet) {
                assertThat(w.add(0, pack(m))).isTrue();
                toNode.add(hex(m));
            }
            int n = w.finish((int) us.now(), buf, 0);
            journalled += (buf[12] & 0x40) != 0 ? 1 : 0;
            us.data.send(new DatagramPacket(buf, n, nodeData));
        }
        List<Event> got = node.awaitCount(mark, e -> e.name().equals("message"), toNode.size(), WAIT);
        assertThat(got.stream().map(e -> hex(e.bytes())).toList()).containsExactlyElementsOf(toNode);
        List<Event> rtp = node.awaitCount(mark, e -> e.name().equals("rtp"), packets.length, WAIT);
        long nodeSawJournal = rtp.stream().filter(e -> Boolean.TRUE.equals(e.get("journal"))).count();
        assertThat(journalled).as("packets with a journal").isGreaterThanOrEqualTo(packets.length - 1);
        assertThat(nodeSawJournal).as("node saw the J bit").isEqualTo(journalled);
        assertThat(rtp).allSatisfy(e -> assertThat(e.number("commands")).isPositive());

        // ---- system exclusive: 1 KiB, then the largest one packet carries (a 12-bit LEN: 4095
        // octets of MIDI list); node-rtpmidi does not put segments (RFC 6295 §3.2) back together
        SysexSegmenter segmenter = new SysexSegmenter();
        List<Integer> sysexSizes = List.of(1024, MidiCommandSection.MAX_LIST);
        for (int size : sysexSizes) {
            byte[] sysex = sysex(size);
            mark = node.mark();
            w.begin();
            segmenter.start(sysex, 0, sysex.length);
            assertThat(w.addSysex(0, segmenter)).isEqualTo(size);
            int n = w.finish((int) us.now(), buf, 0);
            us.data.send(new DatagramPacket(buf, n, nodeData));
            Event e = node.await(mark, x -> x.name().equals("message"), WAIT);
            assertThat(hex(e.bytes())).as("sysex of %d octets", size).isEqualTo(HexFormat.of().formatHex(sysex));
        }
        int segmentedSize = MidiCommandSection.MAX_LIST + 1;
        List<String> segmentedSeen = sendSegmented(us, node, w, nodeData, sysex(segmentedSize));

        // ---- RS from node: its last sequence number received, about 1 s after it
        int lastSent = (int) ((w.sequence() - 1) & 0xFFFF);
        us.await(() -> !us.feedback.isEmpty() && us.feedback.get(us.feedback.size() - 1) == lastSent, "RS " + lastSent);
        int rsCount;
        synchronized (us) {
            rsCount = us.feedback.size();
            assertThat(us.feedbackSsrc).isEqualTo(connectedSsrc(us));
        }
        w.journal().acknowledged(lastSent);

        // ---- BY ends node's session
        mark = node.mark();
        us.send(us.control, new AppleMidiPacket().session(Command.BY, us.token(), us.ssrc, null), nodeControl);
        Event ended = node.await(mark, e -> e.name().equals("ended"), WAIT);
        assertThat(ended.number("ssrc")).isEqualTo(us.ssrc & 0xFFFFFFFFL);

        synchronized (us) {
            assertThat(us.refused).isEmpty();
            System.out.printf("NodeRtpMidiInteropTest [%s]: AppleMIDI from node: IN %d, OK %d, CK0 %d, CK1 %d, CK2 %d, RS %d (last %d);"
                            + " node -> us: %d messages in %d packets; us -> node: %d messages in %d packets, %d with a journal"
                            + " (node saw %d), sysex %s octets whole; a %d-octet sysex in %d segments gave node %s; BY -> ended%n",
                    role, us.inCount, us.okCount, us.ckReceived[0], us.ckReceived[1], us.ckReceived[2], rsCount, lastSent,
                    us.midi.size(), us.rtpPackets, toNode.size(), packets.length, journalled, nodeSawJournal, sysexSizes,
                    segmentedSize, 2, segmentedSeen);
        }
    }

    private static int connectedSsrc(Endpoint us) {
        return us.okOnControl != null ? us.okOnControl.ssrc() : us.inOnControl.ssrc();
    }

    /**
     * A sysex one octet too long for one packet goes in two segments (F0…F0, F7…F7); then a CC
     * in a packet of its own marks the end. Returns what node made of the two (what it printed
     * before the CC).
     */
    private static List<String> sendSegmented(Endpoint us, NodeRtpMidiPeer node, RtpMidiPacketWriter w,
                                              InetSocketAddress nodeData, byte[] sysex) throws Exception {
        byte[] buf = new byte[8192];
        int mark = node.mark();
        SysexSegmenter segmenter = new SysexSegmenter().start(sysex, 0, sysex.length);
        int segments = 0;
        while (segmenter.hasNext()) {
            w.begin();
            assertThat(w.addSysex(0, segmenter)).isPositive();
            int n = w.finish((int) us.now(), buf, 0);
            us.data.send(new DatagramPacket(buf, n, nodeData));
            segments++;
        }
        assertThat(segments).isEqualTo(2);
        int[] marker = {0xB5, 0x77, 0x01};
        w.begin();
        w.add(0, pack(marker));
        int n = w.finish((int) us.now(), buf, 0);
        us.data.send(new DatagramPacket(buf, n, nodeData));
        node.await(mark, e -> e.name().equals("message") && hex(e.bytes()).equals(hex(marker)), WAIT);
        List<String> seen = new ArrayList<>();
        for (Event e : node.since(mark)) {
            if (e.name().equals("message")) {
                String h = hex(e.bytes());
                if (h.equals(hex(marker))) {
                    break;
                }
                seen.add(e.bytes().length + " octets " + (h.length() > 16 ? h.substring(0, 16) + "…" : h));
            }
        }
        return seen;
    }

    // ---- helpers

    static byte[] sysex(int size) {
        byte[] s = new byte[size];
        s[0] = (byte) 0xF0;
        s[1] = 0x7D; // non-commercial
        for (int i = 2; i < size - 1; i++) {
            s[i] = (byte) ((i * 37 + size) & 0x7F);
        }
        s[size - 1] = (byte) 0xF7;
        return s;
    }

    static int pack(int[] m) {
        int p = 0;
        for (int i = 0; i < m.length; i++) {
            p |= m[i] << (8 * i);
        }
        return p;
    }

    static String hex(int[] m) {
        StringBuilder b = new StringBuilder();
        for (int x : m) {
            b.append(String.format("%02x", x));
        }
        return b.toString();
    }

    /** The octets of a packed short message (status in bits 0–7). */
    static byte[] unpack(int message) {
        int status = message & 0xFF;
        int length = switch (status & 0xF0) {
            case 0xC0, 0xD0 -> 2;
            case 0xF0 -> switch (status) {
                case 0xF1, 0xF3 -> 2;
                case 0xF2 -> 3;
                default -> 1;
            };
            default -> 3;
        };
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (message >>> (8 * i));
        }
        return b;
    }

    /** An even port with the next one free too, for node's session (closed again: a small race). */
    static int freeEvenPortPair() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (DatagramSocket probe = new DatagramSocket(0, LOOPBACK)) {
                int p = probe.getLocalPort() & ~1;
                if (p >= 65534) {
                    continue;
                }
                probe.close();
                try (DatagramSocket a = new DatagramSocket(p, LOOPBACK); DatagramSocket b = new DatagramSocket(p + 1, LOOPBACK)) {
                    return p;
                } catch (BindException taken) {
                    // try another
                }
            }
        }
        throw new IOException("no free even port pair on 127.0.0.1");
    }

    /**
     * This side of the session: a control and a data DatagramSocket on an even port pair of
     * 127.0.0.1 and the codec. A thread per socket answers IN with OK and CK with CK (as the
     * session driver will), parses RS and BY, and hands RTP-MIDI packets to an RtpMidiReceiver.
     * What it saw is read under its monitor; {@link #await} waits on it with a deadline.
     */
    static final class Endpoint implements AutoCloseable {
        final DatagramSocket control;
        final DatagramSocket data;
        final int ssrc = ThreadLocalRandom.current().nextInt();
        private final long t0 = System.nanoTime();
        private final Thread[] threads = new Thread[2];
        private final RtpMidiReceiver receiver;

        final List<byte[]> midi = new ArrayList<>();
        int repaired;
        int rtpPackets;
        final List<String> refused = new ArrayList<>();
        final int[] ckReceived = new int[3];
        int inCount;
        int okCount;
        AppleMidiPacket okOnControl;
        AppleMidiPacket okOnData;
        AppleMidiPacket inOnControl;
        AppleMidiPacket inOnData;
        InetSocketAddress inOnControlFrom;
        InetSocketAddress inOnDataFrom;
        final List<Integer> feedback = new ArrayList<>();
        int feedbackSsrc;
        final List<AppleMidiPacket> byes = new ArrayList<>();

        Endpoint() throws IOException {
            DatagramSocket[] pair = bindPair();
            control = pair[0];
            data = pair[1];
            receiver = new RtpMidiReceiver(8192, new RtpMidiReceiver.Output() {
                @Override
                public void message(int message, boolean repair) {
                    midi.add(unpack(message));
                    repaired += repair ? 1 : 0;
                }

                @Override
                public void sysex(byte[] b, int off, int len) {
                    midi.add(Arrays.copyOfRange(b, off, off + len));
                }
            });
            threads[0] = new Thread(() -> run(control, true), "interop-control");
            threads[1] = new Thread(() -> run(data, false), "interop-data");
            for (Thread t : threads) {
                t.setDaemon(true);
                t.start();
            }
        }

        private static DatagramSocket[] bindPair() throws IOException {
            for (int attempt = 0; attempt < 50; attempt++) {
                DatagramSocket first = new DatagramSocket(0, LOOPBACK);
                int p = first.getLocalPort();
                int other = (p & 1) == 0 ? p + 1 : p - 1;
                try {
                    DatagramSocket second = new DatagramSocket(other, LOOPBACK);
                    return (p & 1) == 0 ? new DatagramSocket[] {first, second} : new DatagramSocket[] {second, first};
                } catch (BindException taken) {
                    first.close();
                }
            }
            throw new IOException("no free even port pair on 127.0.0.1");
        }

        long now() {
            return (System.nanoTime() - t0) / 100_000;
        }

        int token() {
            return okOnControl != null ? okOnControl.token() : inOnControl.token();
        }

        void send(DatagramSocket socket, AppleMidiPacket p, InetSocketAddress to) throws IOException {
            byte[] b = new byte[AppleMidiPacket.MAX_PACKET_BYTES];
            try {
                int n = p.write(b, 0);
                socket.send(new DatagramPacket(b, n, to));
            } catch (WireException e) {
                throw new AssertionError(e);
            }
        }

        private void run(DatagramSocket socket, boolean isControl) {
            byte[] b = new byte[RtpMidiReceiver.MAX_DATAGRAM];
            DatagramPacket d = new DatagramPacket(b, b.length);
            while (!socket.isClosed()) {
                try {
                    d.setLength(b.length);
                    socket.receive(d);
                    handle(socket, isControl, b, d.getLength(), (InetSocketAddress) d.getSocketAddress());
                } catch (SocketException closed) {
                    return;
                } catch (IOException e) {
                    synchronized (this) {
                        refused.add(e.toString());
                        notifyAll();
                    }
                }
            }
        }

        private synchronized void handle(DatagramSocket socket, boolean isControl, byte[] b, int len, InetSocketAddress from)
                throws IOException {
            try {
                if (AppleMidiPacket.isAppleMidi(b, 0, len)) {
                    AppleMidiPacket p = new AppleMidiPacket().parse(b, 0, len);
                    switch (p.command()) {
                        case IN -> {
                            inCount++;
                            if (isControl) {
                                inOnControl = p;
                                inOnControlFrom = from;
                            } else {
                                inOnData = p;
                                inOnDataFrom = from;
                            }
                            send(socket, new AppleMidiPacket().session(Command.OK, p.token(), ssrc, "midihost"), from);
                        }
                        case OK -> {
                            okCount++;
                            if (isControl) {
                                okOnControl = p;
                            } else {
                                okOnData = p;
                            }
                        }
                        case CK -> {
                            ckReceived[p.count()]++;
                            if (p.count() == 0) {
                                send(socket, new AppleMidiPacket().clock(ssrc, 1, p.timestamp(0), now(), 0), from);
                            } else if (p.count() == 1) {
                                send(socket, new AppleMidiPacket().clock(ssrc, 2, p.timestamp(0), p.timestamp(1), now()), from);
                            }
                        }
                        case RS -> {
                            feedback.add(p.sequence());
                            feedbackSsrc = p.ssrc();
                        }
                        case BY -> byes.add(p);
                        default -> refused.add("unexpected " + p);
                    }
                } else if (!isControl) {
                    rtpPackets++;
                    receiver.receive(b, 0, len);
                } else {
                    refused.add("non-AppleMIDI on the control port: " + HexFormat.of().formatHex(b, 0, len));
                }
            } catch (WireException e) {
                refused.add(e.reason() + " " + e.getMessage() + ": " + HexFormat.of().formatHex(b, 0, Math.min(len, 64)));
            } finally {
                notifyAll();
            }
        }

        /** Waits on this endpoint's monitor until {@code condition} holds, at most {@link #WAIT}. */
        synchronized void await(BooleanSupplier condition, String what) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!condition.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no " + what + " within " + WAIT + "; refused: " + refused);
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }

        @Override
        public void close() throws InterruptedException {
            control.close();
            data.close();
            for (Thread t : threads) {
                t.join(1000);
            }
        }
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
