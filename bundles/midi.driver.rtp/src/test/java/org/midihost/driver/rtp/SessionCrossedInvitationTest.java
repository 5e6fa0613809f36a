package org.midihost.driver.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.midihost.driver.rtp.Participant.await;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.midihost.driver.rtp.wire.AppleMidiPacket;
import org.midihost.driver.rtp.wire.AppleMidiPacket.Command;
import org.midihost.testkit.Configs;

/**
 * Simultaneous invitations: two participants that invite each other at once end up with one
 * session, not two. The rule (SessionEndpoint#crossed): the invitation from the higher SSRC stands;
 * the other side withdraws its own and answers. Two real drivers listing each other in
 * {@code peers}, and both branches step by step against a raw peer that picks its SSRC above or
 * below the driver's.
 */
@Timeout(90)
class SessionCrossedInvitationTest {
    /** Longer than the retry interval of an invitation: a second session would show within it. */
    private static final long WATCH_MILLIS = SessionEndpoint.INVITE_RETRY_NANOS / 1_000_000 * 2 + 500;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        Collections.reverse(toClose);
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    private RtpDevices driver(String name, int port, int peerPort) throws Exception {
        RtpDevices d = new RtpDevices(Settings.of(Configs.of(RtpDriver.Config.class, "name", name, "port", port,
                "midihost.driver.id", "rtp-" + name, "peers", new String[] {"127.0.0.1:" + peerPort})), p -> { });
        toClose.add(d);
        return d;
    }

    /** Holds for WATCH_MILLIS (a bounded watch for something that must not happen). */
    private static void staysOneSessionEach(RtpDevices a, RtpDevices b) {
        long end = System.nanoTime() + WATCH_MILLIS * 1_000_000L;
        while (System.nanoTime() - end < 0) {
            assertThat(a.sessions()).as("sessions of a").hasSize(1);
            assertThat(b.sessions()).as("sessions of b").hasSize(1);
            Thread.onSpinWait();
        }
    }

    @Test
    void twoDriversThatListEachOtherInPeersEndUpWithOneSession() throws Exception {
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        long crossings = 0;
        int initiatorA = 0;
        for (int round = 0; round < 4; round++) {
            int portA = Participant.freePair(lo);
            int portB = Participant.freePair(lo);
            // Make the invitations cross: anna's first IN is caught on bert's control port before
            // bert exists, so that anna's invitation is still pending (retried every second) when
            // bert starts and invites her.
            RtpDevices a;
            try (DatagramSocket placeholder = new DatagramSocket(new InetSocketAddress(lo, portB))) {
                placeholder.setSoTimeout((int) Participant.DEADLINE_MILLIS);
                a = driver("anna", portA, portB);
                byte[] in = new byte[2048];
                DatagramPacket d = new DatagramPacket(in, in.length);
                placeholder.receive(d);
                AppleMidiPacket p = new AppleMidiPacket();
                p.parse(in, 0, d.getLength());
                assertThat(p.command()).isEqualTo(Command.IN);
            }
            RtpDevices b = driver("bert", portB, portA);
            await("both up", () -> a.outDevices().size() == 1 && b.outDevices().size() == 1
                    && a.sessions().stream().allMatch(s -> s.state() == Session.State.UP)
                    && b.sessions().stream().allMatch(s -> s.state() == Session.State.UP));
            staysOneSessionEach(a, b);
            assertThat(a.outDevices()).singleElement().satisfies(d -> assertThat(d.id()).isEqualTo("bert"));
            assertThat(b.outDevices()).singleElement().satisfies(d -> assertThat(d.id()).isEqualTo("anna"));
            SessionInfo sa = a.sessions().get(0);
            SessionInfo sb = b.sessions().get(0);
            assertThat(sa.initiator()).as("exactly one side is the initiator").isNotEqualTo(sb.initiator());
            assertThat(a.endpoint().crossings()).as("bert's IN crossed anna's pending one").isEqualTo(1);
            long c = a.endpoint().crossings() + b.endpoint().crossings();
            System.out.printf("round %d: one session, initiator %s; crossed invitations seen: anna %d, bert %d%n",
                    round, sa.initiator() ? "anna" : "bert", a.endpoint().crossings(), b.endpoint().crossings());
            crossings += c;
            initiatorA += sa.initiator() ? 1 : 0;
            a.close();
            b.close();
        }
        assertThat(crossings).as("crossed invitations over 4 rounds").isGreaterThanOrEqualTo(4);
        System.out.println("anna was the initiator in " + initiatorA + " of 4 rounds");
    }

    @Test
    void theirInvitationStandsWhenTheirSsrcIsHigher() throws Exception {
        crossed(true);
    }

    @Test
    void ourInvitationStandsWhenOurSsrcIsHigher() throws Exception {
        crossed(false);
    }

    /**
     * The driver invites a raw peer; the raw peer, before answering, invites the driver with an SSRC
     * just above (or below) the driver's.
     */
    private void crossed(boolean theirsIsHigher) throws Exception {
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        RtpDevices driver = new RtpDevices(Settings.of(Configs.of(RtpDriver.Config.class, "name", "drv", "port",
                Participant.freePair(lo))), p -> { });
        toClose.add(driver);
        RawPeer peer = new RawPeer();
        toClose.add(peer);
        InetSocketAddress control = new InetSocketAddress(lo, driver.endpoint().controlPort());
        InetSocketAddress data = new InetSocketAddress(lo, driver.endpoint().controlPort() + 1);

        driver.invite("127.0.0.1", peer.port());
        peer.await(peer.control, Command.IN);
        int driverSsrc = peer.packet.ssrc();
        int driverToken = peer.packet.token();
        assertThat(driverSsrc).isNotIn(0, -1); // so that +1 and -1 are above and below, unsigned
        int ours = theirsIsHigher ? driverSsrc + 1 : driverSsrc - 1;
        peer.send(peer.control, control, peer.packet.session(Command.IN, 77, ours, "raw"));

        if (theirsIsHigher) {
            // the driver withdraws its invitation and answers ours
            peer.await(peer.control, Command.OK);
            assertThat(peer.packet.token()).isEqualTo(77);
            peer.send(peer.data, data, peer.packet.session(Command.IN, 77, ours, "raw"));
            peer.await(peer.data, Command.OK);
            await("up", () -> driver.outDevices().size() == 1);
            assertThat(driver.sessions()).singleElement().satisfies(s -> assertThat(s.initiator()).isFalse());
            noMore(peer.control, Command.IN, "the driver's withdrawn invitation is not repeated");
        } else {
            // the driver does not answer ours; we withdraw it and answer the driver's (repeated) IN
            noMore(peer.control, Command.OK, "no answer to the losing invitation");
            peer.send(peer.control, control, peer.packet.session(Command.OK, driverToken, ours, "raw"));
            peer.await(peer.data, Command.IN);
            peer.send(peer.data, data, peer.packet.session(Command.OK, driverToken, ours, "raw"));
            await("up", () -> driver.outDevices().size() == 1);
            assertThat(driver.sessions()).singleElement().satisfies(s -> assertThat(s.initiator()).isTrue());
        }
        assertThat(driver.endpoint().crossings()).isEqualTo(1);
        assertThat(driver.outDevices()).singleElement().satisfies(d -> assertThat(d.id()).isEqualTo("raw"));
    }

    /** Nothing of that command arrives on {@code socket} for WATCH_MILLIS (other packets are skipped). */
    private static void noMore(DatagramSocket socket, Command command, String why) throws Exception {
        byte[] b = new byte[2048];
        AppleMidiPacket p = new AppleMidiPacket();
        long end = System.nanoTime() + WATCH_MILLIS * 1_000_000L;
        int old = socket.getSoTimeout();
        try {
            while (true) {
                long left = (end - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return;
                }
                socket.setSoTimeout((int) left);
                DatagramPacket d = new DatagramPacket(b, b.length);
                try {
                    socket.receive(d);
                } catch (SocketTimeoutException e) {
                    return;
                }
                if (AppleMidiPacket.isAppleMidi(b, 0, d.getLength())) {
                    p.parse(b, 0, d.getLength());
                    if (p.command() == command) {
                        fail(why + ": got " + command);
                    }
                }
            }
        } finally {
            socket.setSoTimeout(old);
        }
    }
}
