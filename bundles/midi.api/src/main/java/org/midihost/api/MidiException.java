package org.midihost.api;

import java.util.Objects;

/**
 * A MIDI call failed with a WinMM result code. The message is the code's text, followed by
 * what the host knows about the failure (the device, the driver).
 */
public class MidiException extends Exception {
    private static final long serialVersionUID = 1L;

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
        String head = result.name() + ": " + result.text();
        return detail == null ? head : head + " (" + detail + ")";
    }

    /** @return the result code the call failed with */
    public MmResult result() {
        return result;
    }
}
