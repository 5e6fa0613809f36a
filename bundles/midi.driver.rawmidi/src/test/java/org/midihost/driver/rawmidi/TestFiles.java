package org.midihost.driver.rawmidi;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.midihost.api.MidiException;
import org.midihost.spi.MiniportStream;
import org.midihost.testkit.RecordingPort;

/** FIFOs and outside processes for the tests, and draining a capture stream against a deadline. */
final class TestFiles {
    /** How long a test waits for anything before it fails. */
    static final long DEADLINE_MILLIS = 10_000;

    private TestFiles() {
    }

    /** Makes a named pipe with the system's {@code mkfifo}. */
    static Path mkfifo(Path path) throws IOException, InterruptedException {
        run("mkfifo", path.toString());
        return path;
    }

    /**
     * Runs a command to its end.
     *
     * @return what it printed on standard output
     */
    static byte[] run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        p.getOutputStream().close();
        // The outputs are a few bytes, so the process never blocks on a full pipe: wait, then read.
        if (!p.waitFor(DEADLINE_MILLIS, TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + ": did not end within " + DEADLINE_MILLIS + " ms");
        }
        if (p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + ": exit " + p.exitValue());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = p.getInputStream()) {
            in.transferTo(out);
        }
        return out.toByteArray();
    }

    /**
     * Reads {@code count} bytes from a capture stream as the host does: drain until read returns
     * 0, then wait for the next notification.
     */
    static byte[] readExactly(MiniportStream stream, RecordingPort port, int count)
            throws MidiException, InterruptedException {
        byte[] got = new byte[count];
        int have = 0;
        long deadline = System.nanoTime() + DEADLINE_MILLIS * 1_000_000L;
        while (have < count) {
            int n = stream.read(got, have, count - have);
            if (n > 0) {
                have += n;
                continue;
            }
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0 || !port.awaitNotify(left)) {
                throw new AssertionError("got " + have + " of " + count + " bytes before the deadline");
            }
        }
        return got;
    }

    /** @return {@code n} bytes counting up from 0, wrapping, so that order and loss show */
    static byte[] pattern(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 7 + i / 251);
        }
        return b;
    }
}
