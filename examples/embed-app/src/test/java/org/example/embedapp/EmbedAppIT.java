package org.example.embedapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Runs {@link EmbedApp} as a user does: {@code java -cp <the jar and its runtime class path>}. */
class EmbedAppIT {
    @Test
    void listsDevicesAndGetsTheNoteBack() throws Exception {
        Path output = Files.createTempFile("embed-app", ".txt");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-exports", "java.desktop/com.sun.media.sound=ALL-UNNAMED",
                "-cp", System.getProperty("app.classpath"), EmbedApp.class.getName())
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        boolean ended = p.waitFor(60, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly();
        }
        String text = Files.readString(output);
        System.out.println(text);
        assertTrue(ended, "the program ends by itself:\n" + text);
        assertEquals(0, p.exitValue(), text);
        List<String> lines = text.lines().toList();
        assertTrue(lines.stream().anyMatch(l -> l.matches("out loopback/0 +Loopback 1 +PORT")), text);
        assertTrue(lines.stream().anyMatch(l -> l.matches("out synth/0 +Gervill Synthesizer +.*")), text);
        assertTrue(lines.stream().anyMatch(l -> l.matches("in  loopback/0 +Loopback 1")), text);
        assertTrue(lines.stream().anyMatch(l -> l.matches("received 90 3C 64 at \\d+ ms")), text);
        assertTrue(lines.stream().anyMatch(l -> l.matches("received 80 3C 00 at \\d+ ms")), text);
        assertEquals("done", lines.get(lines.size() - 1), text);
        Files.delete(output);
    }
}
