package org.midihost.dist;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * {@code java -jar midihost.jar} in a pseudo-terminal, as a user at a terminal runs it: util-linux
 * {@code script(1)} (in Debian's essential {@code bsdutils}, so on every CI machine) makes the pty
 * and copies what the test types to it and what the host draws back. What the user sees is that
 * output with the terminal's control sequences taken out ({@link #screen()}). Always
 * {@link #close()} it.
 */
final class TerminalProcess implements AutoCloseable {
    /** CSI sequences (colours, cursor moves, modes), keypad and charset switches. */
    private static final Pattern CONTROL = Pattern.compile("\u001B\\[[0-9;?]*[ -/]*[@-~]|\u001B[=>]|\u001B[()][0-9A-Za-z]|\r|\u0007");
    /** The console's prompt (gogo.jline's default profile). */
    static final String PROMPT = "g! ";

    private final Process process;
    private final OutputStream keys;
    // guards: raw (appended by the reader thread, read by the test thread)
    private final Object lock = new Object();
    private final StringBuilder raw = new StringBuilder();
    private final Thread reader;

    /**
     * @param jar the distribution jar
     * @param workDir the working directory (where ./deploy is); also the JVM's {@code user.home},
     *        so that the console's history file is the test's own
     * @throws IOException if {@code script} does not start
     */
    TerminalProcess(Path jar, Path workDir) throws IOException {
        this(jar, workDir, List.of());
    }

    /**
     * As {@link #TerminalProcess(Path, Path)}, with options for the JVM before {@code -jar} (such
     * as {@code -Dorg.osgi.service.http.port=N}).
     *
     * @param jvmOptions each one word without a single quote
     */
    TerminalProcess(Path jar, Path workDir, List<String> jvmOptions) throws IOException {
        Path script = Path.of("/usr/bin/script");
        if (!Files.isExecutable(script)) {
            throw new AssertionError("script(1) from util-linux (Debian bsdutils) is needed to run the console in a pty");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // a size, as a terminal window has one; exec, so that the JVM is script's child
        StringBuilder options = new StringBuilder();
        for (String o : jvmOptions) {
            if (o.indexOf('\'') >= 0) {
                throw new IllegalArgumentException("a JVM option with a single quote: " + o);
            }
            options.append(" '").append(o).append('\'');
        }
        String command = "stty cols 120 rows 40; exec '" + java + "' '-Duser.home=" + workDir + "'" + options + " -jar '" + jar + "'";
        ProcessBuilder pb = new ProcessBuilder(script.toString(), "-qfec", command, "/dev/null")
                .directory(workDir.toFile()).redirectErrorStream(true);
        pb.environment().put("TERM", "xterm");
        this.process = pb.start();
        this.keys = process.getOutputStream();
        InputStream out = process.getInputStream();
        this.reader = new Thread(() -> {
            byte[] buf = new byte[8192];
            try {
                int n;
                while ((n = out.read(buf)) > 0) {
                    synchronized (lock) {
                        raw.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                        lock.notifyAll();
                    }
                }
            } catch (IOException e) {
                // the process went away: nothing more to read
            }
        }, "midihost pty reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** @return everything shown so far, control sequences removed */
    String screen() {
        synchronized (lock) {
            return CONTROL.matcher(raw).replaceAll("");
        }
    }

    /** @return the lines shown so far, control sequences removed */
    List<String> lines() {
        return screen().lines().toList();
    }

    /** @return how many prompts have been drawn: the console asked for a line that many times */
    int prompts() {
        String s = screen();
        int count = 0;
        for (int at = s.indexOf(PROMPT); at >= 0; at = s.indexOf(PROMPT, at + 1)) {
            count++;
        }
        return count;
    }

    /**
     * Types keys, as a user at the terminal does ({@code \r} is Enter, {@code \t} TAB,
     * {@code \u0003} ^C, {@code ESC O A} the up arrow in keypad mode).
     */
    void type(String text) throws IOException {
        keys.write(text.getBytes(StandardCharsets.UTF_8));
        keys.flush();
    }

    /**
     * Waits until the screen satisfies a condition.
     *
     * @param what what is awaited, for the failure message
     * @param condition on {@link #screen()}
     * @param timeout how long at most
     * @throws AssertionError with the screen, if it did not happen in time
     */
    void await(String what, Predicate<String> condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (!condition.test(CONTROL.matcher(raw).replaceAll(""))) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("waited " + timeout.toMillis() + " ms for " + what + "; screen:\n" + screen());
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
        }
    }

    /** Waits until at least {@code count} prompts have been drawn. */
    void awaitPrompts(int count, Duration timeout) throws InterruptedException {
        await(count + " prompt(s)", s -> {
            int n = 0;
            for (int at = s.indexOf(PROMPT); at >= 0; at = s.indexOf(PROMPT, at + 1)) {
                n++;
            }
            return n >= count;
        }, timeout);
    }

    /** @return the JVM that script runs in the pty */
    Optional<ProcessHandle> host() {
        return process.toHandle().descendants().filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
                .findFirst();
    }

    /**
     * Waits for the process to exit (script exits with the host's status), then for its output.
     *
     * @return the exit status
     */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("still running after " + timeout.toMillis() + " ms; screen:\n" + screen());
        }
        reader.join(timeout.toMillis());
        return process.exitValue();
    }

    /** Kills the host and script if they still run. */
    @Override
    public void close() {
        host().ifPresent(ProcessHandle::destroyForcibly);
        if (process.isAlive()) {
            process.destroyForcibly();
        }
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
