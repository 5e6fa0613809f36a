package org.midihost.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.midihost.dist.HostProcess.jar;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Routes through the distribution jar, as a user makes them: {@code midi:connect} saves the route
 * in the deploy folder, so that the next start of the host has it; a route that would close a cycle
 * is refused in one line naming it; {@code midi:disconnect} removes it and its file.
 */
class RoutesIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path work;

    private static List<String> all(HostProcess p) {
        List<String> all = new ArrayList<>(p.out());
        all.addAll(p.err());
        return all;
    }

    @Test
    void aRouteMadeWithConnectIsThereAfterARestartAndDisconnectRemovesIt() throws Exception {
        try (HostProcess p = new HostProcess(jar(), work, "-c",
                "midi:connect loopback/0 synth/0 --name keys --channels 1-9 --transpose -12")) {
            assertThat(p.awaitExit(WAIT)).as(p.transcript()).isZero();
            assertThat(p.out()).as(p.transcript()).anyMatch(l -> l.startsWith("route keys: loopback/0 \u2192 synth/0 (")
                    && l.contains("active") && l.contains("saved in "));
        }
        Path cfg = work.resolve("deploy/org.midihost.route-keys.cfg");
        assertThat(cfg).isRegularFile();
        try (HostProcess p = new HostProcess(jar(), work, "-c", "midi:routes; midi:connect loopback/0 loopback/0")) {
            assertThat(p.awaitExit(WAIT)).as(p.transcript()).isNotZero();
            assertThat(p.out()).as(p.transcript()).anyMatch(l -> l.matches("keys\\s+loopback/0\\s+synth/0\\s+active\\s+0\\s+0\\s+0\\s+.*"));
            assertThat(all(p)).as(p.transcript()).anyMatch(l -> l.contains("the route would close a cycle: loopback/0 (in) \u2192 "
                    + "loopback/0 (out) \u2192 loopback/0 (in)") && l.endsWith("MMSYSERR_INVALPARAM"));
        }
        try (HostProcess p = new HostProcess(jar(), work, "-c", "midi:disconnect keys; midi:routes")) {
            assertThat(p.awaitExit(WAIT)).as(p.transcript()).isZero();
            assertThat(p.out()).as(p.transcript()).contains("0 route(s)");
        }
        assertThat(cfg).doesNotExist();
    }
}
