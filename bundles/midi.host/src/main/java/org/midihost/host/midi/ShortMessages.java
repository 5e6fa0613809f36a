package org.midihost.host.midi;

/**
 * MIDI 1.0 short-message rules, on WinMM-packed ints (status in bits 0–7). Allocation-free: the
 * short-message path calls these for every message.
 */
public final class ShortMessages {
    /** {@link #length(int)} of a status byte that no short message may carry. */
    public static final int INVALID = -1;

    private ShortMessages() {
    }

    /**
     * @param status a status byte, 0x80..0xFF
     * @return the message length in bytes (1..3), or {@link #INVALID} for F0, F7 (system
     *         exclusive, not a short message) and the undefined F4, F5, F9, FD
     */
    public static int length(int status) {
        if (status < 0x80) {
            return INVALID;
        }
        if (status < 0xF0) {
            int kind = status & 0xF0;
            return kind == 0xC0 || kind == 0xD0 ? 2 : 3;
        }
        switch (status) {
            case 0xF1:
            case 0xF3:
                return 2;
            case 0xF2:
                return 3;
            case 0xF6:
            case 0xF8:
            case 0xFA:
            case 0xFB:
            case 0xFC:
            case 0xFE:
            case 0xFF:
                return 1;
            default:
                return INVALID;
        }
    }

    /** @return whether the status byte is system real-time (F8..FF), which leaves running status alone */
    public static boolean isRealTime(int status) {
        return status >= 0xF8;
    }

    /** @return the mask keeping the first {@code length} bytes of a packed message */
    public static int mask(int length) {
        return length == 1 ? 0xFF : length == 2 ? 0xFFFF : 0xFFFFFF;
    }

    /**
     * @param message a packed message of {@code length} bytes
     * @param length its length
     * @return whether every data byte is under 0x80
     */
    public static boolean dataOk(int message, int length) {
        return (length < 2 || (message & 0x8000) == 0) && (length < 3 || (message & 0x800000) == 0);
    }
}
