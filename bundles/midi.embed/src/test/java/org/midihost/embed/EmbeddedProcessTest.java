package org.midihost.embed;

import static org.assertj.core.api.Assertions.assertThat;

import embedcheck.EmbedMain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link EmbedMain} as a {@code java -cp} process of its own, with the class path a program has
 * (this module's classes, the API, Felix; plus the test libraries, unused by it): with the synth's
 * flag the synth is there and nothing is logged about it; and {@code main} returning ends the JVM,
 * whether it closed the host or not.
 */
class EmbeddedProcessTest {

    @Test
    void withTheFlagTheSynthIsThereAndTheJvmEndsAfterClose(@TempDir Path dir) throws Exception {
        String out = run(dir, List.of("--add-exports", "java.desktop/com.sun.media.sound=ALL-UNNAMED"), List.of());
        assertThat(out).contains("out loopback/0", "out synth/0 \"Gervill Synthesizer\"", "closed")
                .doesNotContain("left out");
    }

    @Test
    void aHostLeftOpenDoesNotKeepTheJvmAlive(@TempDir Path dir) throws Exception {
        String out = run(dir, List.of(), List.of("leave-open"));
        assertThat(out).contains("out loopback/0", "returning with the host open").doesNotContain("synth/0");
        assertThat(out.lines().filter(l -> l.contains("--add-exports java.desktop/com.sun.media.sound=ALL-UNNAMED")))
                .hasSize(1);
    }

    private static String run(Path dir, List<String> jvm, List<String> args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvm);
        command.add("-cp");
        command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        command.add(EmbedMain.class.getName());
        command.addAll(args);
        Path output = dir.resolve("out.txt");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        boolean ended = p.waitFor(60, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String text = Files.readString(output);
        assertThat(ended).as("the JVM ends by itself when main returns:\n" + text).isTrue();
        assertThat(p.exitValue()).as(text).isZero();
        return text;
    }
}
