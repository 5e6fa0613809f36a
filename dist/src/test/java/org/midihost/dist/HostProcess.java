package org.midihost.dist;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * {@code java -jar midihost.jar ARGS} as a separate process, with its output collected line by
 * line, so that a test can wait (against a deadline) for a line to appear. Standard input is
 * closed at once: the process sees no terminal and runs headless. Always {@link #close()} it.
 */
final class HostProcess implements AutoCloseable {
    private final Process process;
    // guards: out, err (appended by the reader threads, read by the test thread)
    private final Object lock = new Object();
    private final List<String> out = new ArrayList<>();
    private final List<String> err = new ArrayList<>();
    private final List<Thread> readers = new ArrayList<>();

    /** @return the exported {@code target/midihost.jar} that {@code mvn verify} builds, as an absolute path */
    static Path jar() {
        Path jar = Path.of(System.getProperty("midihost.dist.jar", "target/midihost.jar"));
        org.assertj.core.api.Assertions.assertThat(jar).as("the exported jar (mvn verify builds it)").isRegularFile();
        return jar.toAbsolutePath();
    }

    /**
     * @param jar the distribution jar
     * @param workDir the working directory (where ./deploy is)
     * @param args the arguments after the jar
     * @throws IOException if the process does not start
     */
    HostProcess(Path jar, Path workDir, String... args) throws IOException {
        this(jar, workDir, List.of(), args);
    }

    /**
     * @param jar the distribution jar
     * @param workDir the working directory (where ./deploy is)
     * @param jvmOptions options before {@code -jar}, such as {@code -Dorg.osgi.service.http.port=…}
     * @param args the arguments after the jar
     * @throws IOException if the process does not start
     */
    HostProcess(Path jar, Path workDir, List<String> jvmOptions, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        this.process = pb.start();
        reader(process.getInputStream(), out, "out");
        reader(process.getErrorStream(), err, "err");
    }

    private void reader(InputStream stream, List<String> lines, String name) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (lock) {
                        lines.add(line);
                        lock.notifyAll();
                    }
                }
            } catch (IOException e) {
                // the process went away: nothing more to read
            }
        }, "midihost " + name + " reader");
        t.setDaemon(true);
        t.start();
        readers.add(t);
    }

    /** @return the standard output lines so far */
    List<String> out() {
        synchronized (lock) {
            return List.copyOf(out);
        }
    }

    /** @return the standard error lines so far */
    List<String> err() {
        synchronized (lock) {
            return List.copyOf(err);
        }
    }

    /**
     * Waits for a standard output line.
     *
     * @param what what is awaited, for the failure message
     * @param line which line
     * @param timeout how long at most
     * @return the line
     * @throws AssertionError with everything the process printed, if none came in time
     */
    String awaitOut(String what, Predicate<String> line, Duration timeout) throws InterruptedException {
        return await(out, what, line, timeout);
    }

    /** As {@link #awaitOut}, for standard error. */
    String awaitErr(String what, Predicate<String> line, Duration timeout) throws InterruptedException {
        return await(err, what, line, timeout);
    }

    private String await(List<String> lines, String what, Predicate<String> line, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            int checked = 0;
            while (true) {
                for (; checked < lines.size(); checked++) {
                    if (line.test(lines.get(checked))) {
                        return lines.get(checked);
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("waited " + timeout.toMillis() + " ms for " + what + "; " + transcript());
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
        }
    }

    /**
     * Waits for the process to exit, then for its output to be read.
     *
     * @param timeout how long at most
     * @return the exit status
     */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("process still running after " + timeout.toMillis() + " ms; " + transcript());
        }
        for (Thread t : readers) {
            t.join(timeout.toMillis()); // the pipes end with the process: the readers finish promptly
        }
        return process.exitValue();
    }

    /** @return whether the process is running */
    boolean isAlive() {
        return process.isAlive();
    }

    /**
     * SIGTERM, as a service manager would stop it. Through the {@link ProcessHandle}: unlike
     * {@link Process#destroy()}, that leaves the output pipes open, so what the process prints
     * while it shuts down can still be read.
     */
    void terminate() {
        process.toHandle().destroy();
    }

    /** @return everything printed so far, for failure messages */
    String transcript() {
        synchronized (lock) {
            return "stdout:\n  " + String.join("\n  ", out) + "\nstderr:\n  " + String.join("\n  ", err);
        }
    }

    /** Kills the process if it still runs. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
