package org.midihost.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.midihost.api.MidiHost;
import org.midihost.api.MidiIn;
import org.midihost.api.MidiInCallback;
import org.midihost.api.MidiOut;
import org.midihost.api.MidiOutCallback;
import org.midihost.api.MidiOutCaps;
import org.midihost.api.OpenOptions;

/**
 * EmbeddedMidiHost in the test JVM, whose class path is what a user's program has: this module's
 * classes, the API and Felix (the runtime bundles only inside the jar's resources; see the pom).
 * This JVM runs without the synth's --add-exports flag; {@link WithSynthFlagTest} forks one with it.
 */
class EmbeddedMidiHostTest {

    @Test
    void startsAndClosesTwiceInOneJvm() throws Exception {
        for (int round = 0; round < 2; round++) {
            Path storage;
            try (EmbeddedMidiHost embedded = EmbeddedMidiHost.start()) {
                MidiHost host = embedded.host();
                assertThat(endpoints(host)).contains("loopback/0");
                assertThat(EmbeddedMidiHost.running()).containsSame(embedded);
                storage = storageOf(embedded);
                assertThat(storage).isDirectory();
            }
            assertThat(storage).doesNotExist();
            assertThat(EmbeddedMidiHost.running()).isEmpty();
        }
    }

    @Test
    void theApplicationsOwnApiTypesCarryANoteThroughLoopback() throws Exception {
        try (EmbeddedMidiHost embedded = EmbeddedMidiHost.start()) {
            MidiHost host = embedded.host();
            assertThat(host.getClass().getInterfaces()).contains(MidiHost.class); // the class path's MidiHost
            BlockingQueue<Integer> received = new LinkedBlockingQueue<>();
            try (MidiIn in = host.openIn("loopback/0", new MidiInCallback() {
                @Override
                public void onData(MidiIn i, int message, long millis, long nanos) {
                    received.add(message);
                }
            }, OpenOptions.defaults()); MidiOut out = host.openOut("loopback/0", MidiOutCallback.NONE, OpenOptions.direct())) {
                in.start();
                out.shortMsg(0x643C90);
                out.shortMsg(0x003C80);
                assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo(0x643C90);
                assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo(0x003C80);
            }
        }
    }

    @Test
    void hostAfterCloseIsAnIllegalState() {
        EmbeddedMidiHost embedded = EmbeddedMidiHost.start();
        embedded.close();
        embedded.close(); // idempotent
        assertThat(embedded.isClosed()).isTrue();
        assertThatThrownBy(embedded::host).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void aConfigurationIsAppliedBeforeTheDriversStart() {
        EmbeddedOptions options = EmbeddedMidiHost.options()
                .configuration("org.midihost.driver.loopback", Map.of("cables", 2, "names", new String[] {"A", "B"}));
        try (EmbeddedMidiHost embedded = EmbeddedMidiHost.start(options)) {
            MidiHost host = embedded.host();
            // present as soon as start returns: the configuration came before the driver's activation
            assertThat(host.outDevices().devices()).extracting(MidiOutCaps::endpointId, MidiOutCaps::productName)
                    .contains(org.assertj.core.groups.Tuple.tuple("loopback/0", "A"),
                            org.assertj.core.groups.Tuple.tuple("loopback/1", "B"));
        }
    }

    @Test
    void aFactoryConfigurationMakesAnInstanceOfItsOwn() {
        EmbeddedOptions options = EmbeddedMidiHost.options().configuration("org.midihost.driver.loopback~studio",
                Map.of("midihost.driver.id", "studio", "cables", 1));
        try (EmbeddedMidiHost embedded = EmbeddedMidiHost.start(options)) {
            assertThat(endpoints(embedded.host())).contains("studio/0");
        }
    }

    @Test
    void theDeployFolderIsAppliedAtStartAndWatchedAfter(@TempDir Path deploy) throws Exception {
        Files.writeString(deploy.resolve("org.midihost.driver.loopback-studio.cfg"),
                "midihost.driver.id=studio\ncables=1\nnames=Studio In\n");
        try (EmbeddedMidiHost embedded = EmbeddedMidiHost.start(EmbeddedMidiHost.options().deploy(deploy))) {
            MidiHost host = embedded.host();
            assertThat(endpoints(host)).contains("studio/0");
            assertThat(embedded.deployFolder()).contains(deploy.toAbsolutePath().normalize());

            Files.writeString(deploy.resolve("org.midihost.driver.loopback-later.cfg"),
                    "midihost.driver.id=later\ncables=1\n");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!endpoints(host).contains("later/0") && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(endpoints(host)).contains("later/0");
        }
    }

    @Test
    void badOptionsAreNamed(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("x.txt"), "x");
        EmbeddedOptions o = EmbeddedMidiHost.options();
        assertThatThrownBy(() -> o.deploy(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("deploy:").hasMessageContaining("not a folder");
        assertThatThrownBy(() -> o.deploy(null)).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("deploy:");
        assertThatThrownBy(() -> o.driver(dir.resolve("none.jar"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("driver:").hasMessageContaining("none.jar");
        assertThatThrownBy(() -> o.startTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("startTimeout:");
        assertThatThrownBy(() -> o.configuration(" ", Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PID");
        assertThatThrownBy(() -> o.configuration("p", Map.of("k", new Object())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'p'").hasMessageContaining("'k'");
        assertThatThrownBy(() -> EmbeddedMidiHost.start(null)).isInstanceOf(IllegalArgumentException.class);
        // a file that is no bundle: refused at start, naming it, and nothing left running
        Path notABundle = Files.writeString(dir.resolve("broken.jar"), "not a jar");
        assertThatThrownBy(() -> EmbeddedMidiHost.start(o.driver(notABundle))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("broken.jar");
        assertThat(EmbeddedMidiHost.running()).isEmpty();
    }

    @Test
    void sharedIsTheHostTheProgramRuns() {
        try (EmbeddedMidiHost embedded = EmbeddedMidiHost.start()) {
            assertThat(EmbeddedMidiHost.shared()).isSameAs(embedded);
            assertThat(EmbeddedMidiHost.isStarting()).isFalse();
        }
    }

    @Test
    void badSystemPropertiesAreNamed() {
        String old = System.getProperty(EmbeddedOptions.TIMEOUT_PROPERTY);
        try {
            System.setProperty(EmbeddedOptions.TIMEOUT_PROPERTY, "soon");
            assertThatThrownBy(EmbeddedOptions::fromSystemProperties).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("midihost.startTimeout:");
            System.setProperty(EmbeddedOptions.TIMEOUT_PROPERTY, "5");
            assertThat(EmbeddedOptions.fromSystemProperties().startTimeout()).isEqualTo(Duration.ofSeconds(5));
        } finally {
            if (old == null) {
                System.clearProperty(EmbeddedOptions.TIMEOUT_PROPERTY);
            } else {
                System.setProperty(EmbeddedOptions.TIMEOUT_PROPERTY, old);
            }
        }
    }

    @Test
    void aHostThatDoesNotComeUpNamesWhatIsMissing() {
        // a configuration no loopback instance can take: its driver id is refused by the host
        EmbeddedOptions o = EmbeddedMidiHost.options().startTimeout(Duration.ofSeconds(3))
                .configuration("org.midihost.driver.loopback", Map.of("cables", "many"));
        assertThatThrownBy(() -> EmbeddedMidiHost.start(o)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("did not come up within 3000 ms")
                .hasMessageContaining("org.midihost.driver.loopback");
        assertThat(EmbeddedMidiHost.running()).isEmpty();
    }

    @Test
    void withoutTheFlagTheSynthIsLeftOutWithOneWarning() {
        List<LogRecord> records = new ArrayList<>();
        Handler h = new Handler() {
            @Override
            public void publish(LogRecord r) {
                records.add(r);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger jul = Logger.getLogger("org.midihost.embed");
        jul.addHandler(h);
        try (EmbeddedMidiHost embedded = EmbeddedMidiHost.start()) {
            assertThat(embedded.leftOut()).containsExactly("org.midihost.driver.synth");
            assertThat(endpoints(embedded.host())).contains("loopback/0").doesNotContain("synth/0");
        } finally {
            jul.removeHandler(h);
        }
        assertThat(records).hasSize(1);
        assertThat(records.get(0).getMessage())
                .contains("--add-exports java.desktop/com.sun.media.sound=ALL-UNNAMED").contains("synth");
    }

    @Test
    void noThreadIsLeftAfterClose() throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        try (EmbeddedMidiHost embedded = EmbeddedMidiHost.start()) {
            MidiHost host = embedded.host();
            try (MidiOut out = host.openOut(0, MidiOutCallback.NONE, OpenOptions.defaults())) {
                out.shortMsg(0x643C90);
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        List<String> left;
        do {
            left = Thread.getAllStackTraces().keySet().stream().filter(t -> !before.contains(t))
                    .filter(Thread::isAlive).map(t -> t.getName() + (t.isDaemon() ? " (daemon)" : ""))
                    .collect(Collectors.toList());
            if (left.isEmpty()) {
                break;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        assertThat(left).isEmpty();
    }

    static List<String> endpoints(MidiHost host) {
        List<String> all = new ArrayList<>();
        host.outDevices().devices().forEach(c -> all.add(c.endpointId()));
        return all;
    }

    private static Path storageOf(EmbeddedMidiHost embedded) {
        return embedded.storage();
    }
}
