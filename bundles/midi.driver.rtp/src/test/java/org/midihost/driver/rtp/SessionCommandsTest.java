package org.midihost.driver.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.midihost.driver.rtp.Participant.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.midihost.testkit.Configs;

/**
 * {@code midi:sessions}, {@code midi:invite}, {@code midi:end} on two real driver instances on
 * 127.0.0.1 (no framework: the component is given its instances); their output is captured from
 * {@code System.out}, where Gogo routes it.
 */
@Timeout(60)
class SessionCommandsTest {

    private static String out(ThrowingRunnable r) throws Exception {
        PrintStream old = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.setOut(old);
        }
        String s = bytes.toString(StandardCharsets.UTF_8);
        old.print(s);
        return s;
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    private static RtpDevices driver(String id, String name, int port) throws Exception {
        return new RtpDevices(Settings.of(Configs.of(RtpDriver.Config.class, "name", name, "port", port,
                "midihost.driver.id", id)), p -> { });
    }

    @Test
    void withoutADriverTheySayHowToConfigureOne() throws Exception {
        SessionCommands c = new SessionCommands().with(List.of());
        assertThat(out(c::sessions)).startsWith("no rtp driver configured; configure one: a file "
                + "org.midihost.driver.rtp-NAME.cfg with port=5004");
        assertThatThrownBy(() -> c.invite("127.0.0.1:5004")).hasMessageStartingWith("midi:invite: no rtp driver configured");
        assertThatThrownBy(() -> c.end("x")).hasMessageStartingWith("midi:end: no rtp driver configured");
        assertThat(out(() -> c.invite("--help"))).startsWith("usage: midi:invite HOST:PORT [--driver ID] [--wait S]\n");
    }

    @Test
    void inviteListEnd() throws Exception {
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        int alicePort = Participant.freePair(lo);
        try (RtpDevices alice = driver("rtp", "alice", alicePort);
                RtpDevices bob = driver("rtpb", "bob", Participant.freePair(lo))) {
            SessionCommands one = new SessionCommands().with(List.of(alice));
            assertThat(out(one::sessions)).startsWith("no sessions\ndriver rtp on 127.0.0.1:" + alicePort
                    + ": dropped 0 malformed, 0 unexpected datagrams; refused 0 invitations");
            assertThatThrownBy(() -> one.invite("127.0.0.1")).hasMessage("midi:invite: '127.0.0.1' is not HOST:PORT "
                    + "(a host and a control port 1..65534); usage: midi:invite HOST:PORT [--driver ID] [--wait S]");
            assertThatThrownBy(() -> one.invite("127.0.0.1:x")).hasMessageContaining("'127.0.0.1:x' is not HOST:PORT");
            assertThatThrownBy(() -> one.invite("no.such.host.invalid:5004"))
                    .hasMessageStartingWith("midi:invite: 'no.such.host.invalid:5004': unknown host");

            SessionCommands c = new SessionCommands().with(List.of(bob, alice));
            assertThatThrownBy(() -> c.invite("127.0.0.1:" + alicePort)).hasMessageContaining(
                    "several rtp drivers (rtp, rtpb): say which with --driver ID");
            assertThatThrownBy(() -> c.invite("127.0.0.1:" + alicePort, "--driver", "x")).hasMessageContaining(
                    "--driver 'x' is not an rtp driver; there are: rtp, rtpb");
            assertThatThrownBy(() -> c.invite("127.0.0.1:" + alicePort, "--wait", "x")).hasMessageContaining(
                    "--wait 'x' is not a number of seconds");
            assertThat(out(() -> c.invite("127.0.0.1:" + alicePort, "--driver", "rtpb", "--wait", "10")))
                    .isEqualTo("session rtpb/alice up: 127.0.0.1:" + alicePort + " \"alice\" from driver rtpb (127.0.0.1:"
                            + bob.local().getPort() + ")\n");
            await("both sides up", () -> alice.sessions().size() == 1 && bob.sessions().size() == 1
                    && alice.sessions().get(0).state() == Session.State.UP && bob.sessions().get(0).state() == Session.State.UP);
            String table = out(c::sessions);
            assertThat(table.lines().findFirst().orElseThrow().split(" +")).containsExactly("SESSION", "PEER",
                    "ADDRESS", "ROLE", "STATE", "LATENCY", "IN", "OUT", "RECOVERED", "LOSSES");
            assertThat(table).contains("rtp/bob ").contains("rtpb/alice ").contains("initiator").contains("responder")
                    .contains(" up ");
            assertThatThrownBy(() -> c.end("rtp/carol")).hasMessage(
                    "midi:end: no session 'rtp/carol'; sessions: rtp/bob, rtpb/alice");
            assertThat(out(() -> c.end("rtp/bob"))).isEqualTo("ended rtp/bob\n");
            await("both ended", () -> alice.sessions().isEmpty() && bob.sessions().isEmpty());
        }
    }
}
