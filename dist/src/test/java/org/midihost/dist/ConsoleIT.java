package org.midihost.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.midihost.dist.HostProcess.jar;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console of {@code target/midihost.jar} in a real pseudo-terminal ({@link TerminalProcess}):
 * keys typed as a user types them, assertions on what the terminal shows. History, completion of
 * a command name and of a device id, ^C ending a running {@code midi:monitor} but not the host,
 * {@code exit} ending the process with status 0, SIGTERM stopping the host with status 143.
 */
class ConsoleIT {
    /** Bound on any one wait: generous for a loaded 2-core machine. */
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** The up arrow, as a terminal in keypad-transmit mode (which JLine turns on) sends it. */
    private static final String UP = "\u001BOA";
    private static final String CTRL_C = "\u0003";
    private static final String TABLE_HEADER = "DIR  ID  ENDPOINT";

    @TempDir
    Path work;

    private static long count(TerminalProcess t, String line) {
        return t.lines().stream().filter(l -> l.strip().equals(line)).count();
    }

    private static int occurrences(String text, String part) {
        int n = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            n++;
        }
        return n;
    }

    /** Types a line and waits for the next prompt: the command has run. */
    private static void enter(TerminalProcess t, String keys) throws Exception {
        int prompts = t.prompts();
        t.type(keys);
        t.awaitPrompts(prompts + 1, WAIT);
    }

    @Test
    void historyCompletionCtrlCAndExit() throws Exception {
        try (TerminalProcess t = new TerminalProcess(jar(), work)) {
            t.awaitPrompts(1, WAIT);
            assertThat(t.screen()).as("the device table before the first prompt").contains(TABLE_HEADER);

            // history: the up arrow brings back the previous line, Enter runs it again
            enter(t, "echo again-and-again\r");
            assertThat(count(t, "again-and-again")).as(t.screen()).isEqualTo(1);
            enter(t, UP + "\r");
            assertThat(count(t, "again-and-again")).as("the recalled command ran; " + t.screen()).isEqualTo(2);

            // completion of a command name: midi:dev<TAB> is midi:devices
            int tables = occurrences(t.screen(), TABLE_HEADER);
            enter(t, "midi:dev\t\r");
            assertThat(occurrences(t.screen(), TABLE_HEADER)).as("midi:dev<TAB> ran midi:devices; " + t.screen())
                    .isEqualTo(tables + 1);

            // completion of a device id: midi:caps loop<TAB> is midi:caps loopback/0
            enter(t, "midi:caps loop\t\r");
            assertThat(t.lines()).as("midi:caps loop<TAB> showed loopback/0's caps; " + t.screen())
                    .anyMatch(l -> l.matches("\\s*endpoint\\s+loopback/0\\s*"));

            // ^C ends a running midi:monitor, not the host
            int prompts = t.prompts();
            t.type("midi:monitor 0\r");
            t.await("the monitor listening", s -> s.contains("monitoring in 0 loopback/0"), WAIT);
            t.type(CTRL_C);
            t.awaitPrompts(prompts + 1, WAIT);
            assertThat(t.screen()).as("the monitor ended, the host runs").contains("0 message(s)").doesNotContain("midihost stopping");
            tables = occurrences(t.screen(), TABLE_HEADER);
            enter(t, "midi:devices\r");
            assertThat(occurrences(t.screen(), TABLE_HEADER)).as("the console still answers; " + t.screen()).isEqualTo(tables + 1);

            // ^C at the prompt drops the line, not the host
            enter(t, "midi:dev" + CTRL_C);
            enter(t, "echo still-here\r");
            assertThat(count(t, "still-here")).as(t.screen()).isEqualTo(1);

            t.type("exit\r");
            assertThat(t.awaitExit(WAIT)).as(t.screen()).isZero();
            assertThat(t.screen()).as("the framework stopped").contains("midihost stopping");
        }
    }

    @Test
    void sigtermStopsTheHostWhileTheConsoleRuns() throws Exception {
        try (TerminalProcess t = new TerminalProcess(jar(), work)) {
            t.awaitPrompts(1, WAIT);
            ProcessHandle host = t.host().orElseThrow(() -> new AssertionError("no java process under script"));
            host.destroy(); // SIGTERM
            assertThat(t.awaitExit(WAIT)).as(t.screen()).isEqualTo(143);
            assertThat(t.screen()).contains("midihost stopping");
        }
    }
}
