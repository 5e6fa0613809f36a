package org.midihost.launcher;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.PrintStream;

/**
 * The process's own standard streams. Gogo replaces {@code System.out}, {@code err} and
 * {@code in} with streams that follow each session's thread; a session created on those would
 * write into itself, and lines printed from other threads could land in a session's output.
 */
final class Streams {
    /** Standard output: command output, device lines of a long-running host. */
    static final PrintStream OUT = new PrintStream(new FileOutputStream(FileDescriptor.out), true,
            java.nio.charset.StandardCharsets.UTF_8);
    /** Standard error: errors, and status lines while commands own standard output. */
    static final PrintStream ERR = new PrintStream(new FileOutputStream(FileDescriptor.err), true,
            java.nio.charset.StandardCharsets.UTF_8);
    /** Standard input, for the console. */
    static final InputStream IN = new FileInputStream(FileDescriptor.in);

    private Streams() {
    }
}
