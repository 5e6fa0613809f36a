package org.midihost.stream.smf;

import java.io.IOException;

/**
 * A Standard MIDI File that {@link SmfReader} refuses: malformed, truncated, or past one of the
 * reader's limits. The message names the byte offset and the problem, for example
 * {@code offset 14: track 1 length 4000000 runs past the end of the file (1200 bytes)}.
 */
public class SmfException extends IOException {
    private static final long serialVersionUID = 1L;

    /** @serial where in the file the problem is */
    private final long offset;
    /** @serial the problem, without the offset */
    private final String problem;

    /**
     * @param offset the byte offset in the file where the problem is, 0 or more
     * @param problem what is wrong there, not {@code null}
     */
    public SmfException(long offset, String problem) {
        super("offset " + offset + ": " + problem);
        this.offset = offset;
        this.problem = problem;
    }

    /** @return the byte offset in the file where the problem is */
    public long offset() {
        return offset;
    }

    /** @return what is wrong, without the offset */
    public String problem() {
        return problem;
    }
}
