package org.midihost.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Start to ready of the embedded distribution, as a whole process: {@code java -jar
 * dist/target/midihost.jar -c COMMAND}, timed from the process start to the first output line that
 * shows what the command must show (by default {@code midi:devices} listing {@code synth/0}, the
 * last row of the distribution's outputs: the framework is up, the host has bound the drivers, the
 * synth among them, and the shell ran the command), and to the process's successful exit. The jar
 * is the one users run, with its synth driver (which opens no audio until a client opens it).
 */
final class StartupBench {
    private StartupBench() {
    }

    /**
     * Times, in milliseconds, in run order.
     *
     * @param ready until the expected line was printed
     * @param exit until the process had exited with status 0
     */
    record Times(double[] ready, double[] exit) {
    }

    /**
     * @param jar the distribution jar
     * @param command the shell command to run ({@code -c})
     * @param expect what a line of the output must contain
     * @param runs how many processes
     * @return the times
     * @throws IllegalStateException if a run fails, never shows {@code expect}, or takes over 60 s
     */
    static Times run(Path jar, String command, String expect, int runs) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path work = Files.createTempDirectory("midihost-bench-dist");
        double[] ready = new double[runs];
        double[] exit = new double[runs];
        for (int i = 0; i < runs; i++) {
            List<String> cmd = new ArrayList<>(List.of(java, "-jar", jar.toAbsolutePath().toString(), "-c", command));
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            long t0 = System.nanoTime();
            Process p = pb.start();
            StringBuilder out = new StringBuilder();
            long readyAt = 0;
            // Reads until the process closes its output. The 60 s bound is checked between lines: a
            // process that hangs silently with its output open would hold this loop.
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (readyAt == 0 && line.contains(expect)) {
                        readyAt = System.nanoTime();
                    }
                    out.append(line).append('\n');
                    if (System.nanoTime() - t0 > TimeUnit.SECONDS.toNanos(60)) {
                        break;
                    }
                }
            }
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("dist run " + i + " did not finish within 60 s:\n" + out);
            }
            exit[i] = (System.nanoTime() - t0) / 1e6;
            if (p.exitValue() != 0) {
                throw new IllegalStateException("dist run " + i + " exited with " + p.exitValue() + ":\n" + out);
            }
            if (readyAt == 0) {
                throw new IllegalStateException("dist run " + i + ": no '" + expect + "' in its output:\n" + out);
            }
            ready[i] = (readyAt - t0) / 1e6;
        }
        deleteTree(work.toFile());
        return new Times(ready, exit);
    }

    private static void deleteTree(File f) {
        File[] children = f.listFiles();
        if (children != null) {
            for (File c : children) {
                deleteTree(c);
            }
        }
        f.delete();
    }
}
