package org.midihost.driver.synth;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Where the rendered audio goes, parsed from the {@code output} configuration property:
 * {@code line} (the default audio device), {@code wav:PATH} (a WAV file) or {@code null}
 * (nowhere).
 *
 * @param kind the kind of output
 * @param path the WAV file's path for {@link Kind#WAV}, which may hold {@link #COUNTER}; else
 *        {@code null}
 */
record Output(Kind kind, Path path) {
    /** In a WAV path: replaced by the lowest number from 1 up whose file does not exist yet. */
    static final String COUNTER = "{n}";

    /** The kinds of output. */
    enum Kind {
        /** The default audio device. */
        LINE,
        /** A WAV file. */
        WAV,
        /** Nowhere: the synthesizer still runs in real time, its audio is dropped. */
        NULL
    }

    /** Audio dropped. */
    static final Output NULL = new Output(Kind.NULL, null);

    /**
     * @param spec {@code line}, {@code null} or {@code wav:PATH}
     * @return the output
     * @throws IllegalArgumentException naming the value if it is none of those
     */
    static Output parse(String spec) {
        String s = spec == null ? "" : spec.strip();
        if (s.equals("line")) {
            return new Output(Kind.LINE, null);
        }
        if (s.equals("null")) {
            return NULL;
        }
        if (s.startsWith("wav:")) {
            String p = s.substring(4).strip();
            if (p.isEmpty()) {
                throw new IllegalArgumentException("output '" + spec + "': wav: needs a file path, e.g. wav:/tmp/synth.wav");
            }
            try {
                return new Output(Kind.WAV, Path.of(p));
            } catch (InvalidPathException e) {
                throw new IllegalArgumentException("output '" + spec + "': not a file path: " + e.getMessage(), e);
            }
        }
        throw new IllegalArgumentException("output '" + spec + "': expected line, null or wav:PATH");
    }

    @Override
    public String toString() {
        return switch (kind) {
            case LINE -> "line";
            case NULL -> "null";
            case WAV -> "wav:" + path;
        };
    }
}
