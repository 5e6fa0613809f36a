package org.midihost.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.midihost.dist.HostProcess.jar;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example client bundle ({@code examples/client-bundle}), used as its README says: built by the
 * same build, dropped into the deploy folder of a running {@code midihost.jar}, and taken out again.
 */
class ClientBundleIT {
    /** Bound on any one wait for the process: generous for a loaded 2-core machine. */
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path work;

    @Test
    void droppedIntoDeployItSendsANoteHearsItBackAndClosesWhenTakenOut() throws Exception {
        Path client = Path.of(System.getProperty("midihost.client.jar"));
        assertThat(client).as("the example client bundle (examples/client-bundle/target)").isRegularFile();
        Path deploy = work.resolve("deploy");
        try (HostProcess p = new HostProcess(jar(), work, "--deploy", deploy.toString())) {
            p.awaitOut("ready", l -> l.startsWith("midihost ready in "), WAIT);

            // copied under another name and moved in, so that File Install never sees half a jar
            Path dropped = deploy.resolve("client-bundle.jar");
            Path part = deploy.resolve("client-bundle.jar.part");
            Files.copy(client, part);
            Files.move(part, dropped, StandardCopyOption.ATOMIC_MOVE);
            p.awaitOut("the component opened loopback/0",
                    l -> l.equals("client-bundle: opened loopback/0 out and in; sending a note"), WAIT);
            p.awaitOut("the note on back from the loopback input", l -> l.matches(
                    "client-bundle: loopback/0 in: 90 3C 64 \\(note on, channel 1, note 60, velocity 100\\) at \\d+ ms"), WAIT);
            p.awaitOut("the note off back", l -> l.matches(
                    "client-bundle: loopback/0 in: 80 3C 00 \\(note off, channel 1, note 60, velocity 0\\) at \\d+ ms"), WAIT);

            // taken out: File Install uninstalls the bundle, DS deactivates the component, it closes its handles
            Files.delete(dropped);
            p.awaitOut("the component closed its handles",
                    l -> l.equals("client-bundle: closed loopback/0 out and in after 2 message(s) received"), WAIT);
            assertThat(p.isAlive()).as("the host runs on; " + p.transcript()).isTrue();
            assertThat(p.out()).as("closing raised nothing; " + p.transcript()).noneMatch(l -> l.startsWith("client-bundle: closing"));
            assertThat(p.err()).as("no error or warning; " + p.transcript())
                    .noneMatch(l -> l.startsWith("error:") || l.startsWith("warning:") || l.startsWith("\tat "));

            p.terminate();
            assertThat(p.awaitExit(WAIT)).as(p.transcript()).isEqualTo(143);
        }
    }
}
