package org.midihost.api;

import java.util.Objects;

/**
 * A MIDI call failed with a WinMM result code. The message is one line that leads with the
 * specific cause, as the host or driver knows it, then the code's name:
 * {@code device id 9 is out of range (1 output) — MMSYSERR_BADDEVICEID}. Without a detail the
 * cause is the code's generic text ({@code The buffer is not prepared — MIDIERR_UNPREPARED}); that
 * text is always {@code result().text()}.
 */
public class MidiException extends Exception {
    private static final long serialVersionUID = 1L;

    /** The WinMM result code; never {@link MmResult#NOERROR}. */
    private final MmResult result;

    /**
     * @param result the result code, never {@link MmResult#NOERROR}
     */
    public MidiException(MmResult result) {
        this(result, null, null);
    }

    /**
     * @param result the result code, never {@link MmResult#NOERROR}
     * @param detail what failed, or {@code null}
     */
    public MidiException(MmResult result, String detail) {
        this(result, detail, null);
    }

    /**
     * @param result the result code, never {@link MmResult#NOERROR}
     * @param detail what failed, or {@code null}
     * @param cause the exception behind it (a driver's), or {@code null}
     */
    public MidiException(MmResult result, String detail, Throwable cause) {
        super(message(result, detail), cause);
        if (result == MmResult.NOERROR) {
            throw new IllegalArgumentException("NOERROR is not a failure");
        }
        this.result = result;
    }

    private static String message(MmResult result, String detail) {
        Objects.requireNonNull(result, "result");
        String cause = detail == null || detail.isBlank() ? stripPeriod(result.text()) : detail;
        return cause + " \u2014 " + result.name();
    }

    private static String stripPeriod(String text) {
        return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
    }

    /** @return the result code the call failed with */
    public MmResult result() {
        return result;
    }
}
