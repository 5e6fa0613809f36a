package org.example.javasoundapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs {@link JavaSoundApp} as a user does: {@code java -cp <the jar and its runtime class path>},
 * which holds midihost's provider; no JVM flag, no system property.
 */
class JavaSoundAppIT {
    @Test
    void playsTheFileThroughMidihostAndPrintsWhatComesBack() throws Exception {
        Path output = Files.createTempFile("javasound-app", ".txt");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("app.classpath"), JavaSoundApp.class.getName())
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
        assertTrue(lines.contains("device: Loopback 1 | midihost | midihost output loopback/0"), text);
        assertTrue(lines.contains("device: Loopback 1 | midihost | midihost input loopback/0"), text);
        List<String> received = lines.stream().filter(l -> l.startsWith("received at") && l.contains(" note ")).toList();
        int[] scale = {60, 62, 64, 65, 67, 69, 71, 72};
        assertEquals(16, received.size(), text);
        for (int i = 0; i < scale.length; i++) {
            assertTrue(received.get(2 * i).endsWith("note on  ch 1 note " + scale[i] + " vel 100"), text);
            assertTrue(received.get(2 * i + 1).endsWith("note off ch 1 note " + scale[i] + " vel 0"), text);
        }
        assertEquals("done", lines.get(lines.size() - 1), text);
        Files.delete(output);
    }
}
