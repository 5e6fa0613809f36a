package org.midihost.driver.rtp.wire;

import org.midihost.driver.rtp.wire.WireException.Reason;

/**
 * Splits one system-exclusive message ({@code F0 … F7}) into the segments of RFC 6295 §3.2 so
 * that each fits the room a packet has left: {@code F0 … F0}, then {@code F7 … F0}, …, then
 * {@code F7 … F7}; a message that fits goes whole. Reads the caller's array in place (keep it
 * unchanged until done); allocates nothing. Not thread-safe.
 */
public final class SysexSegmenter {

    private byte[] message;
    private int next;
    private int end;

    /**
     * Starts on {@code b[off..off+len)}.
     *
     * @throws WireException BAD_MIDI when it is not F0, data octets, F7
     */
    public SysexSegmenter start(byte[] b, int off, int len) throws WireException {
        if (len < 2 || b[off] != (byte) 0xF0 || b[off + len - 1] != (byte) 0xF7) {
            throw new WireException(Reason.BAD_MIDI, "system exclusive is F0 … F7");
        }
        for (int i = off + 1; i < off + len - 1; i++) {
            if (b[i] < 0) {
                throw new WireException(Reason.BAD_MIDI, String.format("status 0x%02X inside system exclusive", b[i] & 0xFF));
            }
        }
        message = b;
        next = off;
        end = off + len;
        return this;
    }

    /** Whether segments are left. */
    public boolean hasNext() {
        return message != null && next < end;
    }

    /** Whether the next segment is the first. */
    public boolean atStart() {
        return message != null && next < end && message[next] == (byte) 0xF0;
    }

    /**
     * Writes the next segment, at most {@code max} octets (framing included; at least 3 unless
     * the rest fits), to {@code out} at {@code off}.
     *
     * @return the octets written, 0 when {@code max} is too small for a segment with data
     */
    public int next(byte[] out, int off, int max) {
        if (!hasNext()) {
            return 0;
        }
        boolean first = message[next] == (byte) 0xF0;
        int dataStart = next + 1; // after F0, or after the previous segment's last data octet
        if (!first) {
            dataStart = next;
        }
        int dataLeft = end - 1 - dataStart; // data octets before the final F7
        if (dataLeft + 2 <= max) {
            out[off] = (byte) (first ? 0xF0 : 0xF7);
            System.arraycopy(message, dataStart, out, off + 1, dataLeft);
            out[off + 1 + dataLeft] = (byte) 0xF7;
            next = end;
            return dataLeft + 2;
        }
        int take = max - 2;
        if (take < 1) {
            return 0;
        }
        out[off] = (byte) (first ? 0xF0 : 0xF7);
        System.arraycopy(message, dataStart, out, off + 1, take);
        out[off + 1 + take] = (byte) 0xF0;
        next = dataStart + take;
        return take + 2;
    }
}
