package org.midihost.api;

/**
 * The result codes of the WinMM MIDI calls, with their numeric values and the texts that
 * {@code midiOutGetErrorText} gives for them. Every failing call of this API throws a
 * {@link MidiException} carrying one of these; {@link #NOERROR} is never thrown.
 */
public enum MmResult {
    /** {@code MMSYSERR_NOERROR}: success. */
    NOERROR(0, "The specified command was carried out."),
    /** {@code MMSYSERR_ERROR}: unspecified error, for instance a driver that threw. */
    MMSYSERR_ERROR(1, "Undefined external error."),
    /** {@code MMSYSERR_BADDEVICEID}: the device id is out of range, or the snapshot it came from is stale. */
    MMSYSERR_BADDEVICEID(2, "A device ID has been used that is out of range for your system."),
    /** {@code MMSYSERR_ALLOCATED}: the device takes one client at a time and has one. */
    MMSYSERR_ALLOCATED(4, "The specified resource is already allocated."),
    /** {@code MMSYSERR_INVALHANDLE}: the handle is closed. */
    MMSYSERR_INVALHANDLE(5, "The device handle is invalid."),
    /** {@code MMSYSERR_NODRIVER}: the driver of the handle's device has gone. */
    MMSYSERR_NODRIVER(6, "There is no driver installed on your system."),
    /** {@code MMSYSERR_NOMEM}: the driver or the host could not allocate what the call needs. */
    MMSYSERR_NOMEM(7, "There is not enough memory available for this task."),
    /** {@code MMSYSERR_NOTSUPPORTED}: the device does not support the call (volume, for instance). */
    MMSYSERR_NOTSUPPORTED(8, "This function is not supported."),
    /** {@code MMSYSERR_INVALFLAG}: an invalid flag or option. */
    MMSYSERR_INVALFLAG(10, "An invalid flag was passed to a system function."),
    /** {@code MMSYSERR_INVALPARAM}: an invalid parameter: a malformed message, a null header, … */
    MMSYSERR_INVALPARAM(11, "An invalid parameter was passed to a system function."),
    /** {@code MIDIERR_UNPREPARED}: the header was not prepared. */
    MIDIERR_UNPREPARED(64, "The buffer is not prepared."),
    /** {@code MIDIERR_STILLPLAYING}: buffers are still queued (or this header is). */
    MIDIERR_STILLPLAYING(65, "The MIDI buffer is still playing; reset the device first."),
    /** {@code MIDIERR_NOTREADY}: the device is busy with another message; try again. */
    MIDIERR_NOTREADY(67, "The port is transmitting data to the device; wait and try again."),
    /** {@code MIDIERR_NODEVICE}: no device there (for instance, the MIDI mapper has no device to map to). */
    MIDIERR_NODEVICE(68, "No MIDI device is present to carry out the request."),
    /** {@code MIDIERR_BADOPENMODE}: the call is not allowed in the handle's open mode. */
    MIDIERR_BADOPENMODE(70, "The operation is not allowed in the current open mode.");

    /** Short name of {@link #MMSYSERR_BADDEVICEID}. */
    public static final MmResult BADDEVICEID = MMSYSERR_BADDEVICEID;
    /** Short name of {@link #MMSYSERR_ALLOCATED}. */
    public static final MmResult ALLOCATED = MMSYSERR_ALLOCATED;
    /** Short name of {@link #MMSYSERR_INVALHANDLE}. */
    public static final MmResult INVALHANDLE = MMSYSERR_INVALHANDLE;
    /** Short name of {@link #MMSYSERR_NODRIVER}. */
    public static final MmResult NODRIVER = MMSYSERR_NODRIVER;
    /** Short name of {@link #MMSYSERR_NOMEM}. */
    public static final MmResult NOMEM = MMSYSERR_NOMEM;
    /** Short name of {@link #MMSYSERR_NOTSUPPORTED}. */
    public static final MmResult NOTSUPPORTED = MMSYSERR_NOTSUPPORTED;
    /** Short name of {@link #MMSYSERR_INVALFLAG}. */
    public static final MmResult INVALFLAG = MMSYSERR_INVALFLAG;
    /** Short name of {@link #MMSYSERR_INVALPARAM}. */
    public static final MmResult INVALPARAM = MMSYSERR_INVALPARAM;
    /** Short name of {@link #MIDIERR_UNPREPARED}. */
    public static final MmResult UNPREPARED = MIDIERR_UNPREPARED;
    /** Short name of {@link #MIDIERR_STILLPLAYING}. */
    public static final MmResult STILLPLAYING = MIDIERR_STILLPLAYING;
    /** Short name of {@link #MIDIERR_NOTREADY}. */
    public static final MmResult NOTREADY = MIDIERR_NOTREADY;
    /** Short name of {@link #MIDIERR_NODEVICE}. */
    public static final MmResult NODEVICE = MIDIERR_NODEVICE;
    /** Short name of {@link #MIDIERR_BADOPENMODE}. */
    public static final MmResult BADOPENMODE = MIDIERR_BADOPENMODE;

    private final int code;
    private final String text;

    MmResult(int code, String text) {
        this.code = code;
        this.text = text;
    }

    /** @return the WinMM numeric value ({@code MMSYSERR_*}, {@code MIDIERR_* = 64 + n}) */
    public int code() {
        return code;
    }

    /** @return the message text, as {@code midiOutGetErrorText} gives it */
    public String text() {
        return text;
    }

    /**
     * {@code midiOutGetErrorText}: the text of a numeric result.
     *
     * @param code a WinMM result value
     * @return its text, or a text saying the value is unknown
     */
    public static String errorText(int code) {
        for (MmResult r : values()) {
            if (r.code == code) {
                return r.text;
            }
        }
        return "Unknown MMRESULT " + code + ".";
    }

    /**
     * The result with a numeric WinMM value.
     *
     * @param code a WinMM result value
     * @return the result
     * @throws IllegalArgumentException if no result of this API has that value
     */
    public static MmResult of(int code) {
        for (MmResult r : values()) {
            if (r.code == code) {
                return r;
            }
        }
        throw new IllegalArgumentException("no MMRESULT " + code);
    }
}
