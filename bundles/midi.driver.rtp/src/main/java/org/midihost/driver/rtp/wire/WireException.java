package org.midihost.driver.rtp.wire;

/**
 * A packet (or a part of one) that cannot be parsed or written, with the reason. Checked, so
 * that a caller handling bytes from the network cannot forget it; created without a stack trace
 * (the reason and the detail say everything), so that a flood of bad packets costs little.
 */
public final class WireException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why a packet was refused. */
    public enum Reason {
        /** Fewer bytes than the format needs. */
        TRUNCATED,
        /** AppleMIDI: the first two octets are not 0xFFFF. */
        BAD_SIGNATURE,
        /** AppleMIDI: a command other than IN, OK, NO, BY, CK, RS. */
        UNKNOWN_COMMAND,
        /** AppleMIDI: protocol version other than 2; RTP: version other than 2. */
        BAD_VERSION,
        /** AppleMIDI: a name with no terminating NUL. */
        NAME_UNTERMINATED,
        /** AppleMIDI: a name longer than {@link AppleMidiPacket#MAX_NAME_BYTES}. */
        NAME_TOO_LONG,
        /** AppleMIDI CK: a count other than 0, 1, 2. */
        BAD_COUNT,
        /** A length field that points past the data, or padding longer than the packet. */
        BAD_LENGTH,
        /** RTP-MIDI: a delta time longer than 4 octets. */
        BAD_DELTA_TIME,
        /** RTP-MIDI: bytes that are no MIDI command (data without status, undefined status, …). */
        BAD_MIDI,
        /** Recovery journal: a field value the format forbids. */
        BAD_JOURNAL,
        /** Writing: the caller's buffer (or the MTU) cannot take what is to be written. */
        BUFFER_TOO_SMALL
    }

    private final Reason reason;

    public WireException(Reason reason, String detail) {
        super(reason + ": " + detail, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
