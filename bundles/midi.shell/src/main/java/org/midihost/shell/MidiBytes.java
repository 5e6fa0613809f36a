package org.midihost.shell;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns the byte arguments of {@code midi:send} into MIDI messages: short messages in WinMM
 * packing and system-exclusive messages as byte arrays, in the order given.
 *
 * <p>Bytes are hex by default ({@code 90 3C 64}, also {@code 0x90} or run together as
 * {@code 903C64}) or decimal ({@code 144 60 100}). Running status is allowed: data bytes after a
 * complete channel message reuse its status byte, as on a MIDI cable. Real-time bytes
 * ({@code F8}–{@code FF}) are messages of their own.
 */
final class MidiBytes {
    /** One message to send: either a packed short message or a whole system-exclusive message. */
    record Message(int shortMessage, byte[] sysex) {
        /** @return whether this is a system-exclusive message */
        boolean isSysex() {
            return sysex != null;
        }
    }

    private MidiBytes() {
    }

    /**
     * Parses tokens into bytes.
     *
     * @param tokens the arguments
     * @param decimal whether tokens are decimal rather than hex
     * @return the bytes
     * @throws IllegalArgumentException for a token that is not a byte
     */
    static byte[] parse(List<String> tokens, boolean decimal) {
        List<Integer> bytes = new ArrayList<>();
        for (String token : tokens) {
            String t = token.strip();
            if (t.isEmpty()) {
                continue;
            }
            if (decimal) {
                bytes.add(decimalByte(t));
            } else {
                hexBytes(t, bytes);
            }
        }
        byte[] out = new byte[bytes.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) (int) bytes.get(i);
        }
        return out;
    }

    private static int decimalByte(String t) {
        try {
            int v = Integer.parseInt(t);
            if (v >= 0 && v <= 0xFF) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below, with the token
        }
        throw invalid("'" + t + "' is not a decimal byte 0..255");
    }

    private static void hexBytes(String token, List<Integer> bytes) {
        String t = token.startsWith("0x") || token.startsWith("0X") ? token.substring(2) : token;
        if (t.isEmpty() || t.length() > 2 && t.length() % 2 != 0) {
            throw invalid("'" + token + "' is not a hex byte (or an even number of hex digits)");
        }
        int step = t.length() <= 2 ? t.length() : 2;
        for (int i = 0; i < t.length(); i += step) {
            int hi = Character.digit(t.charAt(i), 16);
            int lo = step == 2 ? Character.digit(t.charAt(i + 1), 16) : 0;
            if (hi < 0 || lo < 0) {
                throw invalid("'" + token + "' is not a hex byte (use --dec for decimal)");
            }
            bytes.add(step == 2 ? hi << 4 | lo : hi);
        }
    }

    /**
     * Splits bytes into messages.
     *
     * @param bytes the bytes, as on a MIDI cable
     * @return the messages, at least one
     * @throws IllegalArgumentException for no bytes, a data byte with no status
     *         byte before it, an incomplete message, or a system-exclusive message without its
     *         {@code F7}
     */
    static List<Message> split(byte[] bytes) {
        if (bytes.length == 0) {
            throw invalid("no bytes to send");
        }
        List<Message> messages = new ArrayList<>();
        int running = 0;
        int i = 0;
        while (i < bytes.length) {
            int b = bytes[i] & 0xFF;
            if (b == 0xF0) {
                int end = i + 1;
                while (end < bytes.length && (bytes[end] & 0xFF) != 0xF7) {
                    end++;
                }
                if (end == bytes.length) {
                    throw invalid("system-exclusive message without its closing F7");
                }
                byte[] sysex = new byte[end - i + 1];
                System.arraycopy(bytes, i, sysex, 0, sysex.length);
                messages.add(new Message(0, sysex));
                running = 0;
                i = end + 1;
                continue;
            }
            int status;
            int start;
            if (b >= 0x80) {
                status = b;
                start = i + 1;
            } else if (running != 0) {
                status = running;
                start = i;
            } else {
                throw invalid(String.format("data byte %02X has no status byte before it", b));
            }
            int dataLength = dataLength(status);
            if (start + dataLength > bytes.length) {
                throw invalid(String.format("message %s is incomplete: status %02X takes %d data byte(s)",
                        hex(bytes, i, bytes.length), status, dataLength));
            }
            int packed = status;
            for (int k = 0; k < dataLength; k++) {
                int d = bytes[start + k] & 0xFF;
                if (d >= 0x80) {
                    throw invalid(String.format("message %s: %02X where a data byte (00..7F) belongs",
                            hex(bytes, i, start + k + 1), d));
                }
                packed |= d << (8 * (k + 1));
            }
            messages.add(new Message(packed, null));
            if (status < 0xF0) {
                running = status;
            } else if (status < 0xF8) {
                // system common messages cancel running status; real-time ones leave it alone
                running = 0;
            }
            i = start + dataLength;
        }
        return messages;
    }

    /** @return the number of data bytes after a status byte (0 for undefined ones: the host judges them) */
    static int dataLength(int status) {
        if (status < 0xF0) {
            int kind = status & 0xF0;
            return kind == 0xC0 || kind == 0xD0 ? 1 : 2;
        }
        return switch (status) {
            case 0xF1, 0xF3 -> 1;
            case 0xF2 -> 2;
            default -> 0;
        };
    }

    /** @return {@code bytes[from..to)} as hex, space separated */
    static String hex(byte[] bytes, int from, int to) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < to; i++) {
            if (i > from) {
                sb.append(' ');
            }
            sb.append(String.format("%02X", bytes[i] & 0xFF));
        }
        return sb.toString();
    }

    /** Bad bytes are the user's argument error: the command turns it into its usage error. */
    private static IllegalArgumentException invalid(String detail) {
        return new IllegalArgumentException(detail);
    }
}
