package org.midihost.driver.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.midihost.driver.rtp.Participant.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.midihost.testkit.Configs;

/**
 * mDNS/DNS-SD with jmDNS between two real driver instances on 127.0.0.1 (multicast on the loopback
 * interface, which Linux carries): one announces, the other discovers and invites it; a name that
 * matches no pattern is listed but not invited; nothing runs without the configuration; jmDNS's
 * threads end with the instance; activation does not wait for jmDNS.
 */
@Timeout(90)
class RtpMdnsTest {
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        Collections.reverse(toClose);
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    private RtpDevices driver(String id, Object... config) throws IOException {
        Object[] all = new Object[config.length + 6];
        all[0] = "bind";
        all[1] = "127.0.0.1";
        all[2] = "port";
        all[3] = Participant.freePair(InetAddress.getByName("127.0.0.1"));
        all[4] = "midihost.driver.id";
        all[5] = id;
        System.arraycopy(config, 0, all, 6, config.length);
        RtpDevices d = new RtpDevices(Settings.of(Configs.of(RtpDriver.Config.class, all)), p -> { });
        toClose.add(d);
        return d;
    }

    /** jmDNS's threads and ours: jmDNS names its own after the class ("JmDNS(…)", "SocketListener(…)"). */
    static List<String> mdnsThreads() {
        List<String> names = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            String n = t.getName();
            if (t.isAlive() && (n.contains("JmDNS") || n.contains("SocketListener") || n.endsWith("-mdns"))) {
                names.add(n);
            }
        }
        return names;
    }

    static void awaitNoMdnsThread() {
        long deadline = System.nanoTime() + Participant.DEADLINE_MILLIS * 1_000_000L;
        while (!mdnsThreads().isEmpty() && System.nanoTime() - deadline < 0) {
            Thread.onSpinWait();
        }
        assertThat(mdnsThreads()).as("mDNS threads left after close").isEmpty();
    }

    private static String sessionsOutput(RtpSessions... drivers) throws Exception {
        PrintStream old = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            new SessionCommands().with(List.of(drivers)).sessions();
        } finally {
            System.setOut(old);
        }
        String s = bytes.toString(StandardCharsets.UTF_8);
        old.print(s);
        return s;
    }

    @Test
    void oneAnnouncesTheOtherDiscoversAndInvitesItThenTheirThreadsEnd() throws Exception {
        driver("warm", "name", "warm-up").close(); // the classes of the driver itself are loaded
        Settings settings = Settings.of(Configs.of(RtpDriver.Config.class, "name", "Alice Studio", "announce", true,
                "port", Participant.freePair(InetAddress.getByName("127.0.0.1")), "midihost.driver.id", "rtpa"));
        long t0 = System.nanoTime();
        RtpDevices alice = new RtpDevices(settings, p -> { });
        long activationMillis = (System.nanoTime() - t0) / 1_000_000;
        toClose.add(alice);
        RtpDevices bob = driver("rtpb", "name", "bob", "discover", new String[] {"alice*"});
        System.out.println("activation with announce=true took " + activationMillis + " ms");
        assertThat(activationMillis).as("the constructor does not wait for jmDNS (its probing takes about a second)")
                .isLessThan(500);

        InetSocketAddress aliceControl = new InetSocketAddress("127.0.0.1", alice.endpoint().controlPort());
        await("alice announced", () -> "Alice Studio".equals(alice.announcedAs()));
        await("bob discovered alice", () -> bob.discovered().stream().anyMatch(d -> d.name().equals("Alice Studio")));
        Bonjour.Discovered found = bob.discovered().get(0);
        assertThat(found.address()).isEqualTo(aliceControl);
        assertThat(found.invited()).isTrue();
        assertThat(bob.discovered()).as("bob does not list itself; alice only").hasSize(1);
        await("the session is up on both sides", () -> bob.outDevices().size() == 1 && alice.outDevices().size() == 1);
        assertThat(bob.outDevices().get(0).id()).isEqualTo("alice-studio");
        assertThat(alice.outDevices().get(0).id()).isEqualTo("bob");
        assertThat(bob.sessions()).singleElement().satisfies(s -> {
            assertThat(s.initiator()).isTrue();
            assertThat(s.peer()).isEqualTo(aliceControl);
        });
        assertThat(alice.discovered()).as("alice browses nothing").isEmpty();

        String out = sessionsOutput(alice, bob);
        assertThat(out).contains("DISCOVERED    ADDRESS", "Alice Studio  127.0.0.1:" + aliceControl.getPort()
                + "  yes      rtpb");
        assertThat(out).contains("driver rtpa on 127.0.0.1:" + aliceControl.getPort() + ": dropped 0 malformed, 0 "
                + "unexpected datagrams; refused 0 invitations; announced as \"Alice Studio\"");
        assertThat(out).contains("driver rtpb on 127.0.0.1:" + bob.endpoint().controlPort() + ": dropped 0 malformed, "
                + "0 unexpected datagrams; refused 0 invitations; discovering alice*");

        assertThat(mdnsThreads()).as("jmDNS runs while configured").isNotEmpty();
        long closing = System.nanoTime();
        alice.close();
        bob.close();
        awaitNoMdnsThread();
        System.out.println("discovered and up after " + (closing - t0) / 1_000_000 + " ms; closing both took "
                + (System.nanoTime() - closing) / 1_000_000 + " ms");
    }

    @Test
    void aNameThatMatchesNoPatternIsListedButNotInvited() throws Exception {
        RtpDevices carol = driver("rtpc", "name", "carol", "announce", true);
        RtpDevices bob = driver("rtpb", "name", "bob", "discover", "dave*, ?arl");
        await("bob discovered carol", () -> !bob.discovered().isEmpty());
        assertThat(bob.discovered()).singleElement().satisfies(d -> {
            assertThat(d.name()).isEqualTo("carol");
            assertThat(d.invited()).isFalse();
        });
        assertThat(bob.sessions()).isEmpty();
        assertThat(carol.sessions()).isEmpty();
        assertThat(sessionsOutput(bob)).startsWith("no sessions\nDISCOVERED  ADDRESS").contains("carol       127.0.0.1:"
                + carol.endpoint().controlPort() + "  no       rtpb", "discovering dave*, ?arl");
    }

    @Test
    void withoutAnnounceOrDiscoverNoMdnsRuns() throws Exception {
        awaitNoMdnsThread(); // what other tests started has ended
        RtpDevices plain = driver("rtp", "name", "plain");
        assertThat(mdnsThreads()).isEmpty();
        assertThat(plain.announcedAs()).isNull();
        assertThat(plain.discovered()).isEmpty();
        assertThat(sessionsOutput(plain)).isEqualTo("no sessions\ndriver rtp on 127.0.0.1:"
                + plain.endpoint().controlPort() + ": dropped 0 malformed, 0 unexpected datagrams; refused 0 invitations\n");
    }

    @Test
    void aDriverClosedWhileJmdnsStartsLeavesNoThread() throws Exception {
        awaitNoMdnsThread();
        for (int i = 0; i < 3; i++) {
            driver("rtp" + i, "name", "quick" + i, "announce", true, "discover", "*").close();
        }
        awaitNoMdnsThread();
    }

    @Test
    void globsAndConfiguration() {
        assertThat(Settings.glob("alice*", "Alice Studio")).isTrue();
        assertThat(Settings.glob("*studio", "Alice Studio")).isTrue();
        assertThat(Settings.glob("?arl", "carl")).isTrue();
        assertThat(Settings.glob("?arl", "carol")).isFalse();
        assertThat(Settings.glob("*", "")).isTrue();
        assertThat(Settings.glob("a*b*c", "aXXbYYc")).isTrue();
        assertThat(Settings.glob("a*b*c", "aXXbYY")).isFalse();
        assertThat(Settings.glob("bob", "bobby")).isFalse();
        Settings s = Settings.of(Configs.of(RtpDriver.Config.class, "discover", "bob*, studio ?"));
        assertThat(s.discover()).containsExactly("bob*", "studio ?");
        assertThat(s.discovers("Bob's Mac")).isTrue();
        assertThat(s.discovers("studio 2")).isTrue();
        assertThat(s.discovers("studio 12")).isFalse();
        Settings defaults = Settings.of(Configs.of(RtpDriver.Config.class));
        assertThat(defaults.announce()).isFalse();
        assertThat(defaults.discover()).isEmpty();
        assertThat(defaults.bonjour()).isFalse();
        assertThatThrownBy(() -> Settings.of(Configs.of(RtpDriver.Config.class, "discover", "a\0b")))
                .hasMessage("discover 'a\0b': no NUL in a pattern");
    }
}
