package org.midihost.driver.rtp.wire;

import org.midihost.driver.rtp.wire.WireException.Reason;

/**
 * The RTP fixed header (RFC 3550 §5.1) as RTP-MIDI uses it (RFC 6295 §2.1): version 2, a
 * dynamic payload type (97 by AppleMIDI convention), a 16-bit sequence number, a 32-bit
 * timestamp in the session's clock units, the SSRC. Parsing accepts and skips CSRCs, a header
 * extension and padding; writing writes the 12-octet header without them. A mutable, reusable
 * holder; not thread-safe.
 */
public final class RtpHeader {

    /** The octets {@link #write} writes. */
    public static final int LENGTH = 12;
    /** The payload type AppleMIDI peers use. */
    public static final int PAYLOAD_TYPE_APPLEMIDI = 97;

    private boolean marker;
    private int payloadType = PAYLOAD_TYPE_APPLEMIDI;
    private int sequence;
    private int timestamp;
    private int ssrc;
    private int headerLength;
    private int payloadLength;

    /**
     * Reads the header of the RTP packet {@code b[off..off+len)}. Afterwards the payload is
     * {@code b[off + headerLength() .. off + headerLength() + payloadLength())}.
     *
     * @throws WireException TRUNCATED, BAD_VERSION, BAD_LENGTH (CSRC list, extension or padding
     *         past the packet)
     */
    public RtpHeader parse(byte[] b, int off, int len) throws WireException {
        Bytes.need(len, LENGTH, "RTP header");
        int b0 = Bytes.u8(b, off);
        int version = b0 >>> 6;
        if (version != 2) {
            throw new WireException(Reason.BAD_VERSION, "RTP version " + version);
        }
        boolean padding = (b0 & 0x20) != 0;
        boolean extension = (b0 & 0x10) != 0;
        int csrcs = b0 & 0x0F;
        int b1 = Bytes.u8(b, off + 1);
        marker = (b1 & 0x80) != 0;
        payloadType = b1 & 0x7F;
        sequence = Bytes.u16(b, off + 2);
        timestamp = Bytes.i32(b, off + 4);
        ssrc = Bytes.i32(b, off + 8);
        int h = LENGTH + 4 * csrcs;
        if (h > len) {
            throw new WireException(Reason.BAD_LENGTH, csrcs + " CSRCs past the packet");
        }
        if (extension) {
            if (h + 4 > len) {
                throw new WireException(Reason.BAD_LENGTH, "header extension past the packet");
            }
            h += 4 + 4 * Bytes.u16(b, off + h + 2);
            if (h > len) {
                throw new WireException(Reason.BAD_LENGTH, "header extension past the packet");
            }
        }
        int end = len;
        if (padding) {
            int pad = len > h ? Bytes.u8(b, off + len - 1) : 0;
            if (pad == 0 || pad > len - h) {
                throw new WireException(Reason.BAD_LENGTH, "padding of " + pad + " octets");
            }
            end -= pad;
        }
        headerLength = h;
        payloadLength = end - h;
        return this;
    }

    /**
     * Writes the 12-octet header.
     *
     * @throws WireException BUFFER_TOO_SMALL
     */
    public int write(byte[] out, int off) throws WireException {
        Bytes.room(out.length - off, LENGTH, "RTP header");
        out[off] = (byte) 0x80;
        out[off + 1] = (byte) ((marker ? 0x80 : 0) | payloadType);
        Bytes.put16(out, off + 2, sequence);
        Bytes.put32(out, off + 4, timestamp);
        Bytes.put32(out, off + 8, ssrc);
        return LENGTH;
    }

    public RtpHeader set(boolean marker, int payloadType, int sequence, int timestamp, int ssrc) {
        if (payloadType < 0 || payloadType > 127) {
            throw new IllegalArgumentException("payload type " + payloadType);
        }
        this.marker = marker;
        this.payloadType = payloadType;
        this.sequence = sequence & 0xFFFF;
        this.timestamp = timestamp;
        this.ssrc = ssrc;
        return this;
    }

    public boolean marker() {
        return marker;
    }

    public int payloadType() {
        return payloadType;
    }

    /** The 16-bit sequence number, 0..65535. */
    public int sequence() {
        return sequence;
    }

    /** The 32-bit timestamp (unsigned, as its bits). */
    public int timestamp() {
        return timestamp;
    }

    public int ssrc() {
        return ssrc;
    }

    public int headerLength() {
        return headerLength;
    }

    public int payloadLength() {
        return payloadLength;
    }
}
