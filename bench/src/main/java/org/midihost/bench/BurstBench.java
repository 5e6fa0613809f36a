package org.midihost.bench;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Burst capture through the distribution, as a user meets it: a named pipe configured as a rawmidi
 * input by a {@code .cfg} in the deploy folder, {@code java -jar midihost.jar -c "midi:monitor …"}
 * listening, and another writer putting a 1 MiB system-exclusive dump, 100,000 note-ons and 50
 * small sysex messages into the pipe at once. Counts what the monitor printed and times from the
 * first byte written to the monitor's last message.
 */
final class BurstBench {
    private BurstBench() {
    }

    /**
     * @param messages messages written
     * @param bytes bytes written
     * @param printed messages the monitor printed
     * @param overflowLines "overflow" or "error" lines it printed (must be 0)
     * @param drainMillis from the first byte written to the monitor's count line
     */
    record Outcome(int messages, int bytes, int printed, int overflowLines, double drainMillis) {
        long lost() {
            return messages - printed;
        }
    }

    static Outcome run(Path jar) throws Exception {
        Path work = Files.createTempDirectory("midihost-bench-burst");
        Path fifo = work.resolve("in.fifo");
        if (new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor() != 0) {
            throw new IllegalStateException("mkfifo failed");
        }
        Path deploy = work.resolve("deploy");
        Files.createDirectories(deploy);
        Files.writeString(deploy.resolve("org.midihost.driver.rawmidi-burst.cfg"),
                "midihost.driver.id=burst\ninput=" + fifo + "\nname=Burst\n", StandardCharsets.UTF_8);

        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        byte[] dump = new byte[1 << 20];
        dump[0] = (byte) 0xF0;
        for (int i = 1; i < dump.length - 1; i++) {
            dump[i] = (byte) (i % 0x80);
        }
        dump[dump.length - 1] = (byte) 0xF7;
        wire.write(dump);
        for (int i = 0; i < 100_000; i++) {
            wire.write(new byte[] { (byte) 0x90, (byte) (i % 128), 0x40 });
        }
        for (int i = 0; i < 50; i++) {
            wire.write(new byte[] { (byte) 0xF0, 0x7D, (byte) i, (byte) 0xF7 });
        }
        int messages = 1 + 100_000 + 50;
        byte[] bytes = wire.toByteArray();

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-jar", jar.toAbsolutePath().toString(), "--deploy",
                deploy.toString(), "-c", "midi:monitor burst/0 --count " + messages + " --timeout 120"));
        Process p = new ProcessBuilder(cmd).directory(work.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        int printed = 0;
        int bad = 0;
        long first = 0;
        long last = 0;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("monitoring in burst/0") && first == 0) {
                    Thread writer = new Thread(() -> {
                        try (OutputStream out = Files.newOutputStream(fifo)) {
                            out.write(bytes);
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }, "burst-writer");
                    first = System.nanoTime();
                    writer.start();
                } else if (line.matches("\\s*\\d+\\.\\d{3}  .*")) {
                    printed++;
                    last = System.nanoTime();
                } else if (line.contains("overflow") || line.contains("error")) {
                    bad++;
                }
            }
        }
        if (!p.waitFor(150, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("the monitor did not finish within 150 s");
        }
        Files.deleteIfExists(fifo);
        return new Outcome(messages, bytes.length, printed, bad, first == 0 ? -1 : (last - first) / 1e6);
    }
}
