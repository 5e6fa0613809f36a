package org.midihost.driver.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.midihost.driver.rtp.Participant.await;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.midihost.driver.rtp.wire.AppleMidiPacket.Command;
import org.midihost.driver.rtp.wire.RtpMidiPacketWriter;
import org.midihost.spi.InInstance;
import org.midihost.testkit.Configs;
import org.midihost.testkit.RecordingInClient;

/** The session layer without the host: refusal, timeout, giving up, clock sync against a raw peer. */
@Timeout(60)
class SessionEndpointTest {
    final List<AutoCloseable> toClose = new ArrayList<>();
    /** Every device list the driver announced, in order. */
    final List<List<String>> announced = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() throws Exception {
        Collections.reverse(toClose);
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    private RtpDevices driver(String bind, Object... config) throws IOException {
        Object[] all = new Object[config.length + 4];
        all[0] = "bind";
        all[1] = bind;
        all[2] = "port";
        all[3] = Participant.freePair(InetAddress.getByName(bind));
        System.arraycopy(config, 0, all, 4, config.length);
        RtpDevices d = new RtpDevices(Settings.of(Configs.of(RtpDriver.Config.class, all)), announced::add);
        toClose.add(d);
        return d;
    }

    private static InetAddress nonLoopbackAddress() throws IOException {
        for (NetworkInterface n : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (n.isUp() && !n.isLoopback()) {
                for (InetAddress a : Collections.list(n.getInetAddresses())) {
                    if (a instanceof Inet4Address) {
                        return a;
                    }
                }
            }
        }
        return null;
    }

    @Test
    void onANonLoopbackAddressOnlyAcceptedHostsMayInvite() throws Exception {
        InetAddress address = nonLoopbackAddress();
        assumeThat(address).as("a non-loopback IPv4 address on this machine").isNotNull();
        String host = address.getHostAddress();
        RtpDevices closed = driver(host, "name", "closed");
        RtpDevices caller = driver(host, "name", "caller");
        caller.invite(host, closed.endpoint().controlPort());
        await("NO answered", () -> closed.endpoint().refused() == 1);
        await("the caller gave up on NO", () -> caller.sessions().isEmpty());
        assertThat(closed.sessions()).isEmpty();
        assertThat(caller.outDevices()).isEmpty();

        RtpDevices open = driver(host, "name", "open", "accept", new String[] {host});
        caller.invite(host, open.endpoint().controlPort());
        await("the session up", () -> !caller.outDevices().isEmpty() && !open.outDevices().isEmpty());
        assertThat(open.endpoint().refused()).isZero();
        assertThat(caller.outDevices().get(0).id()).isEqualTo("open");
    }

    @Test
    void theAcceptCheck() throws Exception {
        Settings loopback = Settings.of(Configs.of(RtpDriver.Config.class));
        assertThat(loopback.bind().isLoopbackAddress()).isTrue();
        assertThat(loopback.port()).isEqualTo(5004);
        assertThat(loopback.timeoutMillis()).isEqualTo(30_000);
        assertThat(loopback.accepts(InetAddress.getByName("192.0.2.77"))).as("anyone on loopback").isTrue();
        Settings lan = Settings.of(Configs.of(RtpDriver.Config.class, "bind", "192.0.2.1", "accept",
                new String[] {"192.0.2.7, 192.0.2.8"}, "peers", new String[] {"192.0.2.9:5004"}));
        assertThat(lan.accepts(InetAddress.getByName("192.0.2.8"))).isTrue();
        assertThat(lan.accepts(InetAddress.getByName("192.0.2.77"))).isFalse();
        assertThat(lan.peers()).containsExactly(new InetSocketAddress("192.0.2.9", 5004));
    }

    @Test
    void aSilentParticipantIsEndedAfterTheTimeoutAndItsNotesAreReleased() throws Exception {
        RtpDevices driver = driver("127.0.0.1", "name", "waiting", "timeout", 1000);
        RawPeer peer = new RawPeer();
        toClose.add(peer);
        InetSocketAddress control = new InetSocketAddress("127.0.0.1", driver.endpoint().controlPort());
        InetSocketAddress data = new InetSocketAddress("127.0.0.1", driver.endpoint().controlPort() + 1);
        peer.send(peer.control, control, peer.packet.session(Command.IN, 42, peer.ssrc, "raw peer"));
        peer.await(peer.control, Command.OK);
        assertThat(peer.packet.token()).isEqualTo(42);
        assertThat(peer.packet.name()).isEqualTo("waiting");
        peer.send(peer.data, data, peer.packet.session(Command.IN, 42, peer.ssrc, "raw peer"));
        peer.await(peer.data, Command.OK);
        await("listed", () -> !driver.inDevices().isEmpty());
        assertThat(driver.inDevices().get(0).id()).isEqualTo("raw-peer");

        RecordingInClient client = new RecordingInClient();
        InInstance in = driver.openIn("raw-peer", client);
        in.start();
        RtpMidiPacketWriter writer = new RtpMidiPacketWriter(peer.ssrc, 100, 1400, true);
        byte[] b = new byte[1400];
        writer.begin();
        writer.add(0, 0x643C90);
        writer.add(0, 0x504091);
        peer.send(peer.data, data, b, writer.finish(0, b, 0));
        client.awaitEvents(2, Duration.ofSeconds(10));

        // then nothing: ended after 1000 ms, the two notes released, the devices gone
        await("ended", () -> driver.sessions().isEmpty());
        List<RecordingInClient.Event> events = client.awaitEvents(4, Duration.ofSeconds(10));
        assertThat(client.messages()).containsExactly(0x643C90, 0x504091, 0x003C80, 0x004081);
        assertThat(events).hasSize(4);
        assertThat(driver.inDevices()).isEmpty();
        assertThat(announced).containsExactly(List.of("rtp raw-peer"), List.of());
        in.close();
    }

    @Test
    void anInvitationNobodyAnswersIsGivenUpAfterFourTries() throws Exception {
        RawPeer silent = new RawPeer(); // bound, so nothing answers ICMP-wise, and it counts
        toClose.add(silent);
        RtpDevices driver = driver("127.0.0.1", "name", "caller");
        driver.invite("127.0.0.1", silent.port());
        for (int i = 0; i < SessionEndpoint.INVITE_TRIES; i++) {
            silent.await(silent.control, Command.IN);
        }
        await("given up", () -> driver.sessions().isEmpty());
        assertThat(announced).isEmpty();
    }

    @Test
    void theInitiatorSyncsClocksAndInputIsStampedFromTheSendersRtpTime() throws Exception {
        RawPeer peer = new RawPeer();
        toClose.add(peer);
        RtpDevices driver = driver("127.0.0.1", "name", "caller");
        driver.invite("127.0.0.1", peer.port());
        InetSocketAddress control = peer.await(peer.control, Command.IN);
        int token = peer.packet.token();
        int theirSsrc = peer.packet.ssrc();
        peer.send(peer.control, control, peer.packet.session(Command.OK, token, peer.ssrc, "clocked"));
        InetSocketAddress data = peer.await(peer.data, Command.IN);
        peer.send(peer.data, data, peer.packet.session(Command.OK, token, peer.ssrc, "clocked"));

        // CK 0 from the initiator right away; our clock is 1,000,000 ticks (100 s) ahead of its
        peer.await(peer.data, Command.CK);
        assertThat(peer.packet.count()).isZero();
        assertThat(peer.packet.ssrc()).isEqualTo(theirSsrc);
        long t1 = peer.packet.timestamp(0);
        long ours = t1 + 1_000_000;
        peer.send(peer.data, data, peer.packet.clock(peer.ssrc, 1, t1, ours, 0));
        peer.await(peer.data, Command.CK);
        assertThat(peer.packet.count()).isEqualTo(2);
        assertThat(peer.packet.timestamp(2)).isGreaterThanOrEqualTo(t1);
        await("clock synced", () -> driver.sessions().get(0).latencyMicros() >= 0);
        long offset = driver.sessions().get(0).offsetTicks();
        assertThat(offset).isBetween(1_000_000L - 10_000, 1_000_000L);

        // a packet stamped 50 ms (500 ticks) before "now" on our clock arrives stamped about 50 ms ago
        RecordingInClient client = new RecordingInClient();
        InInstance in = driver.openIn("clocked", client);
        in.start();
        RtpMidiPacketWriter writer = new RtpMidiPacketWriter(peer.ssrc, 1, 1400, true);
        byte[] b = new byte[1400];
        writer.begin();
        writer.add(0, 0x643C90);
        long remoteNow = driver.endpoint().ticks() + offset;
        long before = System.nanoTime();
        peer.send(peer.data, data, b, writer.finish((int) (remoteNow - 500), b, 0));
        RecordingInClient.Event e = client.awaitEvents(1, Duration.ofSeconds(10)).get(0);
        assertThat(e.message()).isEqualTo(0x643C90);
        assertThat(e.nanos()).isBetween(before - 50_000_000L - 2_000_000L, before - 50_000_000L + 2_000_000L);
        in.close();

        // BY from the participant ends it
        peer.send(peer.control, new InetSocketAddress("127.0.0.1", driver.endpoint().controlPort()),
                peer.packet.session(Command.BY, token, peer.ssrc, null));
        await("ended", () -> driver.sessions().isEmpty() && driver.outDevices().isEmpty());
    }

    @Test
    void aFloodOfInvitationsIsCappedAtMaxSessions() throws Exception {
        RtpDevices driver = driver("127.0.0.1", "name", "popular");
        RawPeer peer = new RawPeer();
        toClose.add(peer);
        InetSocketAddress control = new InetSocketAddress("127.0.0.1", driver.endpoint().controlPort());
        int n = SessionEndpoint.MAX_SESSIONS + 10;
        for (int i = 0; i < n; i++) {
            // each a different SSRC: a new participant that never sends its IN on the data port
            peer.send(peer.control, control, peer.packet.session(Command.IN, i, 0x1000 + i, "flood"));
        }
        await("every invitation answered", () -> driver.sessions().size() + driver.endpoint().refused() == n);
        assertThat(driver.sessions()).hasSize(SessionEndpoint.MAX_SESSIONS);
        assertThat(driver.endpoint().refused()).isEqualTo(10);
        assertThat(driver.outDevices()).as("none is up").isEmpty();
    }
}
