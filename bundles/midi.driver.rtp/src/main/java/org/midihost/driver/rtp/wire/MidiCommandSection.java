package org.midihost.driver.rtp.wire;

import org.midihost.driver.rtp.wire.WireException.Reason;

/**
 * The MIDI command section of an RTP-MIDI payload (RFC 6295 §3): a 1- or 2-octet header and the
 * MIDI list.
 *
 * <pre>
 *  0 1 2 3 4 5 6 7            0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5
 * |B|J|Z|P|LEN... |   or     |B|J|Z|P|LEN (12 bits)          |   (B = 1)
 * </pre>
 *
 * J: a recovery journal follows the section; Z: the first command has a delta time; P: the first
 * command's status octet was not in the original stream (phantom). The list is
 * {@code [delta] command [delta command]...}, delta times of 1–4 octets (7 bits each, high bit
 * = more follow), channel commands with running status after the first, System Common,
 * System Real-time and system-exclusive segments (§3.2). Running status does not reach across
 * packets: the first channel command carries its status octet. A system-exclusive segment
 * containing another status octet (also a Real-time one) is refused.
 *
 * <p>{@link #parse} keeps the last header's fields for the caller; it allocates nothing.
 */
public final class MidiCommandSection {

    /** The longest MIDI list the 12-bit LEN field can code. */
    public static final int MAX_LIST = 0x0FFF;

    private boolean journal;
    private boolean phantom;
    private int listLength;

    /**
     * Decodes the command section at {@code b[off..off+len)} and passes its commands to
     * {@code sink}. Commands before a malformed one have been passed on when this throws. With
     * {@code sink} null only the header is read (to find the journal before playing the list).
     *
     * @return the number of octets of the section (header and list); a journal, if
     *         {@link #journal()}, starts there
     * @throws WireException TRUNCATED, BAD_LENGTH (LEN past the payload), BAD_DELTA_TIME, BAD_MIDI
     */
    public int parse(byte[] b, int off, int len, MidiListSink sink) throws WireException {
        Bytes.need(len, 1, "MIDI command section header");
        int b0 = Bytes.u8(b, off);
        journal = (b0 & 0x40) != 0;
        boolean z = (b0 & 0x20) != 0;
        phantom = (b0 & 0x10) != 0;
        int header = 1;
        int n = b0 & 0x0F;
        if ((b0 & 0x80) != 0) {
            Bytes.need(len, 2, "MIDI command section long header");
            n = n << 8 | Bytes.u8(b, off + 1);
            header = 2;
        }
        if (header + n > len) {
            throw new WireException(Reason.BAD_LENGTH, "LEN " + n + " past the payload of " + len);
        }
        listLength = n;
        if (sink != null) {
            parseList(b, off + header, n, z, sink);
        }
        return header + n;
    }

    private static void parseList(byte[] b, int p, int n, boolean z, MidiListSink sink) throws WireException {
        int end = p + n;
        int running = 0;
        long time = 0;
        boolean first = true;
        while (p < end) {
            if (!first || z) {
                int delta = 0;
                for (int i = 0; ; i++) {
                    if (p >= end) {
                        throw new WireException(Reason.TRUNCATED, "delta time at the end of the list");
                    }
                    if (i == 4) {
                        throw new WireException(Reason.BAD_DELTA_TIME, "delta time longer than 4 octets");
                    }
                    int v = b[p++] & 0xFF;
                    delta = delta << 7 | (v & 0x7F);
                    if (v < 0x80) {
                        break;
                    }
                }
                time += delta;
                if (p >= end) {
                    throw new WireException(Reason.TRUNCATED, "delta time without a command");
                }
            }
            first = false;
            int s = b[p] & 0xFF;
            if (s == 0xF0 || s == 0xF7) {
                int q = p + 1;
                while (true) {
                    if (q >= end) {
                        throw new WireException(Reason.TRUNCATED, "system-exclusive segment without end");
                    }
                    int v = b[q] & 0xFF;
                    if (v == 0xF7 || v == 0xF0 || v == 0xF4) {
                        break;
                    }
                    if (v >= 0x80) {
                        throw new WireException(Reason.BAD_MIDI, String.format("status 0x%02X inside system exclusive", v));
                    }
                    q++;
                }
                sink.sysex(time, b, p, q + 1 - p);
                p = q + 1;
                running = 0;
                continue;
            }
            int data;
            int status;
            if (s >= 0x80) {
                status = s;
                data = dataLength(s);
                p++;
                if (s < 0xF0) {
                    running = s;
                } else if (s < 0xF8) {
                    running = 0;
                }
            } else {
                if (running == 0) {
                    throw new WireException(Reason.BAD_MIDI, String.format("data octet 0x%02X without status", s));
                }
                status = running;
                data = dataLength(status);
            }
            if (p + data > end) {
                throw new WireException(Reason.TRUNCATED, String.format("command 0x%02X needs %d data octets", status, data));
            }
            int message = status;
            for (int i = 0; i < data; i++) {
                int v = b[p++] & 0xFF;
                if (v >= 0x80) {
                    throw new WireException(Reason.BAD_MIDI, String.format("status 0x%02X where a data octet of 0x%02X belongs", v, status));
                }
                message |= v << (8 * (i + 1));
            }
            sink.message(time, message);
        }
    }

    /**
     * The data octets after a status octet (0x80–0xFF, not F0/F7).
     *
     * @throws WireException BAD_MIDI for the undefined System Common F4 and F5
     */
    static int dataLength(int status) throws WireException {
        if (status < 0xF0) {
            int kind = status & 0xF0;
            return kind == 0xC0 || kind == 0xD0 ? 1 : 2;
        }
        return switch (status) {
            case 0xF1, 0xF3 -> 1;
            case 0xF2 -> 2;
            case 0xF6 -> 0;
            case 0xF4, 0xF5 -> throw new WireException(Reason.BAD_MIDI, String.format("undefined status 0x%02X", status));
            default -> 0; // Real-time F8–FF (F9, FD undefined: passed on, receivers ignore them)
        };
    }

    /** Whether the last parsed section announced a recovery journal after it. */
    public boolean journal() {
        return journal;
    }

    /** The last parsed section's P flag. */
    public boolean phantom() {
        return phantom;
    }

    /** The last parsed section's LEN. */
    public int listLength() {
        return listLength;
    }
}
