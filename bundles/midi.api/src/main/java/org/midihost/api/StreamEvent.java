package org.midihost.api;

import java.util.Arrays;
import java.util.Objects;

/**
 * One event of a {@link StreamBuffer} ({@code MIDIEVENT}): a wait of {@code deltaTicks} after the
 * previous event of the stream, then an action.
 *
 * @param deltaTicks ticks after the previous event, 0..2^28-1 (an SMF variable-length quantity)
 * @param kind what happens
 * @param value the packed short message ({@link Kind#SHORT}) or the tempo in microseconds per
 *        quarter note ({@link Kind#TEMPO}, 1..2^24-1); 0 otherwise
 * @param data the system-exclusive bytes of a {@link Kind#LONG} event ({@code F0 … F7}, or a
 *        continuation), {@code null} otherwise; not copied, do not change it while queued
 * @param positionCallback whether the stream calls {@link StreamCallback#onPosition} when the
 *        event is played ({@code MEVT_F_CALLBACK})
 * @since 1.3
 */
public record StreamEvent(int deltaTicks, Kind kind, int value, byte[] data, boolean positionCallback) {
    /** The largest delta: an SMF variable-length quantity holds 28 bits. */
    public static final int MAX_DELTA = (1 << 28) - 1;

    /** What an event does. */
    public enum Kind {
        /** {@code MEVT_SHORTMSG}: send a short message. */
        SHORT,
        /** {@code MEVT_TEMPO}: change the tempo (PPQ streams; ignored under SMPTE). */
        TEMPO,
        /** {@code MEVT_NOP}: nothing; holds a delta or a position callback. */
        NOP,
        /** {@code MEVT_LONGMSG}: send system-exclusive bytes. */
        LONG
    }

    /**
     * Checks the fields.
     *
     * @param deltaTicks ticks after the previous event, 0..2^28-1 (an SMF variable-length quantity)
     * @param kind what happens
     * @param value the packed short message ({@link Kind#SHORT}) or the tempo in microseconds per
     *        quarter note ({@link Kind#TEMPO}, 1..2^24-1); 0 otherwise
     * @param data the system-exclusive bytes of a {@link Kind#LONG} event ({@code F0 … F7}, or a
     *        continuation), {@code null} otherwise; not copied, do not change it while queued
     * @param positionCallback whether the stream calls {@link StreamCallback#onPosition} when the
     *        event is played ({@code MEVT_F_CALLBACK})
     * @throws IllegalArgumentException for a delta out of range, a tempo out of range, a short
     *         message without a status byte, or data missing or present where it should not be
     */
    public StreamEvent {
        Objects.requireNonNull(kind, "kind");
        if (deltaTicks < 0 || deltaTicks > MAX_DELTA) {
            throw new IllegalArgumentException("delta " + deltaTicks + " ticks is outside 0.." + MAX_DELTA);
        }
        switch (kind) {
            case SHORT -> {
                int status = value & 0xFF;
                if (status < 0x80 || status == 0xF0 || status == 0xF7) {
                    throw new IllegalArgumentException(String.format("short message 0x%06X has no status byte", value));
                }
            }
            case TEMPO -> {
                if (value < 1 || value > 0xFFFFFF) {
                    throw new IllegalArgumentException("tempo " + value + " µs per quarter note is outside 1..16777215");
                }
            }
            default -> {
            }
        }
        if ((kind == Kind.LONG) != (data != null)) {
            throw new IllegalArgumentException(kind == Kind.LONG ? "a long event needs data" : "a " + kind + " event takes no data");
        }
        if (kind == Kind.LONG && data.length == 0) {
            throw new IllegalArgumentException("a long event needs at least one byte");
        }
    }

    /**
     * @param deltaTicks ticks after the previous event
     * @param message the packed short message: status in the low byte
     * @return the event
     */
    public static StreamEvent shortMsg(int deltaTicks, int message) {
        return new StreamEvent(deltaTicks, Kind.SHORT, message, null, false);
    }

    /**
     * @param deltaTicks ticks after the previous event
     * @param microsPerQuarter the new tempo
     * @return the event
     */
    public static StreamEvent tempo(int deltaTicks, int microsPerQuarter) {
        return new StreamEvent(deltaTicks, Kind.TEMPO, microsPerQuarter, null, false);
    }

    /**
     * @param deltaTicks ticks after the previous event
     * @return an event that only waits
     */
    public static StreamEvent nop(int deltaTicks) {
        return new StreamEvent(deltaTicks, Kind.NOP, 0, null, false);
    }

    /**
     * @param deltaTicks ticks after the previous event
     * @param bytes system-exclusive bytes (not copied)
     * @return the event
     */
    public static StreamEvent longMsg(int deltaTicks, byte[] bytes) {
        return new StreamEvent(deltaTicks, Kind.LONG, 0, Objects.requireNonNull(bytes, "bytes"), false);
    }

    /** @return this event asking for a position callback when played */
    public StreamEvent withCallback() {
        return new StreamEvent(deltaTicks, kind, value, data, true);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StreamEvent e && e.deltaTicks == deltaTicks && e.kind == kind && e.value == value
                && Arrays.equals(e.data, data) && e.positionCallback == positionCallback;
    }

    @Override
    public int hashCode() {
        return Objects.hash(deltaTicks, kind, value, Arrays.hashCode(data), positionCallback);
    }

    @Override
    public String toString() {
        String what = switch (kind) {
            case SHORT -> String.format("short %06X", value);
            case TEMPO -> "tempo " + value + " µs/q";
            case NOP -> "nop";
            case LONG -> "long " + data.length + " B";
        };
        return "+" + deltaTicks + " " + what + (positionCallback ? " (callback)" : "");
    }
}
