package org.midihost.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.midihost.dist.HostProcess.jar;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RTP-MIDI between two distribution jars on 127.0.0.1, as a user sets it up: a
 * {@code deploy/org.midihost.driver.rtp-net.cfg} in each host's folder (a name and an even
 * port), {@code midi:invite} on one, MIDI from one host's session output to the other's session
 * input.
 *
 * <p>Bob listens: a route from the input {@code rtp/alice} (not there yet: the route waits for it)
 * to the loopback cable, and {@code midi:monitor} on the cable's input. Alice invites bob and waits
 * for the session ({@code midi:invite --wait}), lists it ({@code midi:sessions}) and sends a
 * NoteOn and a NoteOff to {@code rtp/bob}. Every wait is on a line of output against a deadline.
 */
class RtpSessionsIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path alice;
    @TempDir
    Path bob;

    /** @return an even port whose next port is free too, on 127.0.0.1 (both free when we looked) */
    private static int freeEvenPair(int avoid) throws IOException {
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        for (int i = 0; i < 100; i++) {
            int port;
            try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(lo, 0))) {
                port = probe.getLocalPort() & ~1;
            }
            if (port < 1024 || port > 65532 || port == avoid) {
                continue;
            }
            try (DatagramSocket a = new DatagramSocket(new InetSocketAddress(lo, port));
                    DatagramSocket b = new DatagramSocket(new InetSocketAddress(lo, port + 1))) {
                return port;
            } catch (IOException e) {
                // taken: try another
            }
        }
        throw new IOException("no free even UDP port pair on 127.0.0.1");
    }

    private static void configure(Path work, String name, int port) throws IOException {
        Files.createDirectories(work.resolve("deploy"));
        Files.writeString(work.resolve("deploy/org.midihost.driver.rtp-net.cfg"), "name=" + name + "\nport=" + port + "\n");
    }

    @Test
    void aNoteSentToOneHostsSessionArrivesAtTheOther() throws Exception {
        int alicePort = freeEvenPair(-1);
        int bobPort = freeEvenPair(alicePort);
        configure(alice, "alice", alicePort);
        configure(bob, "bob", bobPort);
        try (HostProcess b = new HostProcess(jar(), bob, "-c",
                "midi:connect rtp/alice loopback/0 --name net; midi:monitor loopback/0 --count 2 --timeout 25")) {
            b.awaitOut("bob's monitor", l -> l.startsWith("monitoring in "), WAIT);
            try (HostProcess a = new HostProcess(jar(), alice, "-c", "midi:invite 127.0.0.1:" + bobPort + " --wait 15; "
                    + "midi:sessions; midi:send rtp/bob 90 3c 64; midi:send rtp/bob 80 3c 00; midi:sessions")) {
                assertThat(a.awaitExit(WAIT)).as(a.transcript()).isZero();
                System.out.println("alice:\n" + a.transcript());
                assertThat(a.out()).as(a.transcript()).anyMatch(l -> l.startsWith("session rtp/bob up: 127.0.0.1:" + bobPort
                        + " \"bob\" from driver rtp (127.0.0.1:" + alicePort + ")"));
                assertThat(a.out()).as(a.transcript()).anyMatch(l -> l.matches(
                        "rtp/bob\\s+bob\\s+127\\.0\\.0\\.1:" + bobPort + "\\s+initiator\\s+up\\s+.*"));
                assertThat(a.err()).as("no warning or error: " + a.transcript()).allMatch(RtpSessionsIT::informational);
            }
            assertThat(b.awaitExit(WAIT)).as(b.transcript()).isZero();
            System.out.println("bob:\n" + b.transcript());
            assertThat(b.out()).as(b.transcript()).contains("2 message(s)");
            assertThat(b.out()).as(b.transcript()).anyMatch(l -> l.endsWith("  note on ch 1 C4 vel 100"))
                    .anyMatch(l -> l.endsWith("  note off ch 1 C4 vel 0"));
            assertThat(b.err()).as("no warning or error: " + b.transcript()).allMatch(RtpSessionsIT::informational);
        }
    }

    /** @return whether a standard error line is one of the launcher's informational lines */
    private static boolean informational(String line) {
        return line.startsWith("midihost ready in ") || line.startsWith("device added: ")
                || line.startsWith("device removed: ") || line.equals("midihost stopping");
    }
}
