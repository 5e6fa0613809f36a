package org.midihost.web;

import java.util.ArrayList;
import java.util.List;

/**
 * The bytes of {@code POST /api/send} cut into MIDI messages: each starts with a status byte
 * (no running status: the page always sends whole messages), has the data bytes its status takes,
 * all below 0x80; a system-exclusive message runs from F0 to its F7. Anything else is refused with
 * the index and value of the first bad byte.
 */
final class MessageBytes {
    /** A short message packed as WinMM does (status in the low byte), or a whole sysex ({@code sysex != null}). */
    record Message(int packed, byte[] sysex) {
    }

    /** The largest message list accepted in one request, in bytes. */
    static final int MAX_BYTES = 64 * 1024;

    private MessageBytes() {
    }

    /**
     * @param bytes the values, each 0..255
     * @return the messages, in order
     * @throws IllegalArgumentException for an empty list, a value out of range, a data byte where a
     *         status is due, a status where data is due, or a message cut short
     */
    static List<Message> split(int[] bytes) {
        if (bytes.length == 0) {
            throw new IllegalArgumentException("bytes is empty: give at least one MIDI message");
        }
        if (bytes.length > MAX_BYTES) {
            throw new IllegalArgumentException(bytes.length + " bytes in one request; at most " + MAX_BYTES);
        }
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] < 0 || bytes[i] > 255) {
                throw new IllegalArgumentException("bytes[" + i + "] = " + bytes[i] + " is not a byte (0..255)");
            }
        }
        List<Message> out = new ArrayList<>();
        int i = 0;
        while (i < bytes.length) {
            int status = bytes[i];
            if (status < 0x80) {
                throw new IllegalArgumentException("bytes[" + i + "] = " + hex(status) + " is a data byte where a status byte (80..FF) is due");
            }
            if (status == 0xF0) {
                int end = i + 1;
                while (end < bytes.length && bytes[end] < 0x80) {
                    end++;
                }
                if (end >= bytes.length || bytes[end] != 0xF7) {
                    throw new IllegalArgumentException("the system-exclusive message at bytes[" + i + "] has no F7 end"
                            + (end < bytes.length ? " (bytes[" + end + "] = " + hex(bytes[end]) + ")" : ""));
                }
                byte[] sysex = new byte[end - i + 1];
                for (int k = 0; k < sysex.length; k++) {
                    sysex[k] = (byte) bytes[i + k];
                }
                out.add(new Message(0, sysex));
                i = end + 1;
                continue;
            }
            if (status == 0xF7) {
                throw new IllegalArgumentException("bytes[" + i + "] = F7 ends a system-exclusive message that did not begin");
            }
            int n = dataLength(status);
            if (status == 0xF4 || status == 0xF5 || status == 0xF9 || status == 0xFD) {
                throw new IllegalArgumentException("bytes[" + i + "] = " + hex(status) + " is an undefined status");
            }
            if (i + n >= bytes.length) {
                throw new IllegalArgumentException("the message at bytes[" + i + "] (" + hex(status) + ") needs " + n
                        + " data byte(s); " + (bytes.length - i - 1) + " follow");
            }
            int packed = status;
            for (int k = 1; k <= n; k++) {
                int d = bytes[i + k];
                if (d >= 0x80) {
                    throw new IllegalArgumentException("bytes[" + (i + k) + "] = " + hex(d) + " is a status byte where data (00..7F) of "
                            + hex(status) + " is due");
                }
                packed |= d << (8 * k);
            }
            out.add(new Message(packed, null));
            i += 1 + n;
        }
        return out;
    }

    /** @return how many data bytes follow a status byte */
    static int dataLength(int status) {
        if (status < 0xF0) {
            return switch (status & 0xF0) {
                case 0xC0, 0xD0 -> 1;
                default -> 2;
            };
        }
        return switch (status) {
            case 0xF1, 0xF3 -> 1;
            case 0xF2 -> 2;
            default -> 0;
        };
    }

    private static String hex(int b) {
        return String.format("%02X", b);
    }
}
