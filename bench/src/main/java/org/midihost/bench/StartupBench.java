package org.midihost.bench;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Start to ready of the embedded distribution, as a whole process: {@code java -jar
 * dist/target/midihost.jar -c COMMAND}, timed from the process start to its successful exit, which
 * needs the framework up, the host active and the shell's command run.
 */
final class StartupBench {
    private StartupBench() {
    }

    /**
     * @param jar the distribution jar
     * @param command the shell command to run ({@code -c})
     * @param runs how many processes
     * @return the times in milliseconds, in run order
     * @throws IllegalStateException if a run fails or takes over 60 s
     */
    static double[] run(Path jar, String command, int runs) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path work = Files.createTempDirectory("midihost-bench-dist");
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            List<String> cmd = new ArrayList<>(List.of(java, "-jar", jar.toAbsolutePath().toString(), "-c", command));
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile())
                    .redirectErrorStream(true).redirectOutput(new File(work.toFile(), "out-" + i + ".log"))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            long t0 = System.nanoTime();
            Process p = pb.start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("dist run " + i + " did not finish within 60 s");
            }
            ms[i] = (System.nanoTime() - t0) / 1e6;
            if (p.exitValue() != 0) {
                throw new IllegalStateException("dist run " + i + " exited with " + p.exitValue() + "; see "
                        + work.resolve("out-" + i + ".log"));
            }
        }
        return ms;
    }
}
