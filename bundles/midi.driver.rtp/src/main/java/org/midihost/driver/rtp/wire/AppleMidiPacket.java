package org.midihost.driver.rtp.wire;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.midihost.driver.rtp.wire.WireException.Reason;

/**
 * One AppleMIDI session packet (the control protocol that RTP-MIDI sessions of Apple's network
 * driver, rtpMIDI and rtpmidid speak on the control and data ports): the 0xFFFF signature, a
 * two-letter command and its fields.
 *
 * <pre>
 * IN, OK, NO, BY   FF FF c1 c2 | version (4) = 2 | initiator token (4) | SSRC (4) | name, UTF-8, NUL-terminated (optional)
 * CK               FF FF 'C' 'K' | SSRC (4) | count (1) | padding (3) | timestamp 1, 2, 3 (8 each, 100 µs units)
 * RS               FF FF 'R' 'S' | SSRC (4) | RTP sequence number (2) | padding (2)
 * </pre>
 *
 * The RS layout is the one of the Wireshark AppleMIDI dissector (the 16-bit RTP sequence number
 * in the first two octets of a 32-bit field); some implementations write a 32-bit extended
 * number there instead, which this reads as its high half: check against the peer in the interop
 * test.
 *
 * <p>A mutable, reusable holder: {@link #parse} fills it, {@link #write} writes it. The name is
 * kept as bytes in a fixed array, so that parsing allocates nothing; {@link #name()} makes the
 * String on demand. Not thread-safe.
 */
public final class AppleMidiPacket {

    /** The longest name this accepts or writes, in UTF-8 octets without the NUL. */
    public static final int MAX_NAME_BYTES = 255;
    /** The longest packet this writes (an invitation with the longest name). */
    public static final int MAX_PACKET_BYTES = 16 + MAX_NAME_BYTES + 1;
    /** The protocol version of IN, OK, NO, BY. */
    public static final int PROTOCOL_VERSION = 2;

    /** The commands, each with its two ASCII letters. */
    public enum Command {
        /** Invitation. */
        IN,
        /** Invitation accepted. */
        OK,
        /** Invitation rejected. */
        NO,
        /** End of session. */
        BY,
        /** Clock synchronisation. */
        CK,
        /** Receiver feedback: the highest RTP sequence number received (the journal checkpoint). */
        RS;

        final int code = name().charAt(0) << 8 | name().charAt(1);

        static Command of(int code) {
            for (Command c : VALUES) {
                if (c.code == code) {
                    return c;
                }
            }
            return null;
        }

        private static final Command[] VALUES = values();
    }

    private Command command;
    private int version = PROTOCOL_VERSION;
    private int token;
    private int ssrc;
    private final byte[] name = new byte[MAX_NAME_BYTES];
    private int nameLength = -1;
    private int count;
    private final long[] timestamps = new long[3];
    private int sequence;
    private byte[] scratch;

    /** Whether {@code b[off..off+len)} starts with the AppleMIDI signature (tells them from RTP). */
    public static boolean isAppleMidi(byte[] b, int off, int len) {
        return len >= 2 && b[off] == (byte) 0xFF && b[off + 1] == (byte) 0xFF;
    }

    /**
     * Reads a packet from {@code b[off..off+len)} into this holder. Octets after a name's NUL, or
     * after the fixed fields of CK and RS, are ignored.
     *
     * @throws WireException TRUNCATED, BAD_SIGNATURE, UNKNOWN_COMMAND, BAD_VERSION,
     *         NAME_UNTERMINATED, NAME_TOO_LONG, BAD_COUNT; the holder's content is then unspecified
     */
    public AppleMidiPacket parse(byte[] b, int off, int len) throws WireException {
        Bytes.need(len, 4, "AppleMIDI header");
        if (Bytes.u16(b, off) != 0xFFFF) {
            throw new WireException(Reason.BAD_SIGNATURE, String.format("0x%04X", Bytes.u16(b, off)));
        }
        Command c = Command.of(Bytes.u16(b, off + 2));
        if (c == null) {
            throw new WireException(Reason.UNKNOWN_COMMAND, String.format("0x%04X", Bytes.u16(b, off + 2)));
        }
        command = c;
        switch (c) {
            case CK -> {
                Bytes.need(len, 36, "CK");
                ssrc = Bytes.i32(b, off + 4);
                count = Bytes.u8(b, off + 8);
                if (count > 2) {
                    throw new WireException(Reason.BAD_COUNT, "CK count " + count);
                }
                for (int i = 0; i < 3; i++) {
                    timestamps[i] = Bytes.i64(b, off + 12 + 8 * i);
                }
            }
            case RS -> {
                Bytes.need(len, 12, "RS");
                ssrc = Bytes.i32(b, off + 4);
                sequence = Bytes.u16(b, off + 8);
            }
            default -> {
                Bytes.need(len, 16, c.name());
                version = Bytes.i32(b, off + 4);
                if (version != PROTOCOL_VERSION) {
                    throw new WireException(Reason.BAD_VERSION, "AppleMIDI version " + version);
                }
                token = Bytes.i32(b, off + 8);
                ssrc = Bytes.i32(b, off + 12);
                parseName(b, off + 16, len - 16);
            }
        }
        return this;
    }

    private void parseName(byte[] b, int off, int len) throws WireException {
        if (len == 0) {
            nameLength = -1;
            return;
        }
        int scan = Math.min(len, MAX_NAME_BYTES + 1);
        for (int i = 0; i < scan; i++) {
            if (b[off + i] == 0) {
                System.arraycopy(b, off, name, 0, i);
                nameLength = i;
                return;
            }
        }
        if (len > MAX_NAME_BYTES) {
            throw new WireException(Reason.NAME_TOO_LONG, "no NUL within " + (MAX_NAME_BYTES + 1) + " octets");
        }
        throw new WireException(Reason.NAME_UNTERMINATED, len + " octets without NUL");
    }

    /**
     * Reads a packet from {@code buffer}'s position to its limit; the position is not moved.
     *
     * @throws WireException as {@link #parse(byte[], int, int)}
     */
    public AppleMidiPacket parse(ByteBuffer buffer) throws WireException {
        int len = buffer.remaining();
        if (buffer.hasArray()) {
            return parse(buffer.array(), buffer.arrayOffset() + buffer.position(), len);
        }
        // only the first MAX_PACKET_BYTES octets can matter (a longer name is refused anyway)
        int n = Math.min(len, MAX_PACKET_BYTES);
        buffer.get(buffer.position(), scratch(), 0, n);
        return parse(scratch, 0, n);
    }

    /**
     * Writes this packet to {@code out} at {@code off}.
     *
     * @return the number of octets written
     * @throws WireException BUFFER_TOO_SMALL when fewer than {@link #length()} octets are left
     * @throws IllegalStateException when no command is set
     */
    public int write(byte[] out, int off) throws WireException {
        if (command == null) {
            throw new IllegalStateException("no command");
        }
        int n = length();
        Bytes.room(out.length - off, n, "AppleMIDI packet");
        Bytes.put16(out, off, 0xFFFF);
        Bytes.put16(out, off + 2, command.code);
        switch (command) {
            case CK -> {
                Bytes.put32(out, off + 4, ssrc);
                out[off + 8] = (byte) count;
                out[off + 9] = 0;
                out[off + 10] = 0;
                out[off + 11] = 0;
                for (int i = 0; i < 3; i++) {
                    Bytes.put64(out, off + 12 + 8 * i, timestamps[i]);
                }
            }
            case RS -> {
                Bytes.put32(out, off + 4, ssrc);
                Bytes.put16(out, off + 8, sequence);
                Bytes.put16(out, off + 10, 0);
            }
            default -> {
                Bytes.put32(out, off + 4, version);
                Bytes.put32(out, off + 8, token);
                Bytes.put32(out, off + 12, ssrc);
                if (nameLength >= 0) {
                    System.arraycopy(name, 0, out, off + 16, nameLength);
                    out[off + 16 + nameLength] = 0;
                }
            }
        }
        return n;
    }

    /**
     * Writes this packet at {@code buffer}'s position and moves the position past it.
     *
     * @throws WireException BUFFER_TOO_SMALL when fewer than {@link #length()} octets remain
     */
    public int write(ByteBuffer buffer) throws WireException {
        int n = length();
        Bytes.room(buffer.remaining(), n, "AppleMIDI packet");
        if (buffer.hasArray()) {
            write(buffer.array(), buffer.arrayOffset() + buffer.position());
        } else {
            write(scratch(), 0);
            buffer.put(buffer.position(), scratch, 0, n);
        }
        buffer.position(buffer.position() + n);
        return n;
    }

    private byte[] scratch() {
        if (scratch == null) {
            scratch = new byte[MAX_PACKET_BYTES];
        }
        return scratch;
    }

    /** The number of octets {@link #write} writes for the current content. */
    public int length() {
        return switch (command) {
            case CK -> 36;
            case RS -> 12;
            default -> 16 + (nameLength >= 0 ? nameLength + 1 : 0);
        };
    }

    // ---- setters for the packet kinds

    /** IN, OK, NO or BY with a name ({@code null}: none, as BY and NO usually are sent). */
    public AppleMidiPacket session(Command command, int token, int ssrc, String name) {
        if (command == Command.CK || command == Command.RS) {
            throw new IllegalArgumentException(command + " is no session command");
        }
        this.command = command;
        this.version = PROTOCOL_VERSION;
        this.token = token;
        this.ssrc = ssrc;
        setName(name);
        return this;
    }

    /** CK with the count (0, 1, 2) and the three timestamps (100 µs units). */
    public AppleMidiPacket clock(int ssrc, int count, long t1, long t2, long t3) {
        if (count < 0 || count > 2) {
            throw new IllegalArgumentException("count " + count);
        }
        this.command = Command.CK;
        this.ssrc = ssrc;
        this.count = count;
        timestamps[0] = t1;
        timestamps[1] = t2;
        timestamps[2] = t3;
        return this;
    }

    /** RS: the highest RTP sequence number received. */
    public AppleMidiPacket feedback(int ssrc, int sequence) {
        this.command = Command.RS;
        this.ssrc = ssrc;
        this.sequence = sequence & 0xFFFF;
        return this;
    }

    private void setName(String s) {
        if (s == null) {
            nameLength = -1;
            return;
        }
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        if (utf8.length > MAX_NAME_BYTES) {
            throw new IllegalArgumentException("name of " + utf8.length + " UTF-8 octets, at most " + MAX_NAME_BYTES);
        }
        for (byte x : utf8) {
            if (x == 0) {
                throw new IllegalArgumentException("name with NUL");
            }
        }
        System.arraycopy(utf8, 0, name, 0, utf8.length);
        nameLength = utf8.length;
    }

    // ---- getters

    public Command command() {
        return command;
    }

    public int version() {
        return version;
    }

    public int token() {
        return token;
    }

    public int ssrc() {
        return ssrc;
    }

    /** The name (malformed UTF-8 replaced), or {@code null} when the packet had none. */
    public String name() {
        return nameLength < 0 ? null : new String(name, 0, nameLength, StandardCharsets.UTF_8);
    }

    /** The name's length in octets, -1 when there is none. */
    public int nameLength() {
        return nameLength;
    }

    public int count() {
        return count;
    }

    /** CK timestamp 1, 2 or 3 (index 0, 1, 2). */
    public long timestamp(int index) {
        return timestamps[index];
    }

    public int sequence() {
        return sequence;
    }

    @Override
    public String toString() {
        if (command == null) {
            return "AppleMIDI(empty)";
        }
        return switch (command) {
            case CK -> String.format("CK ssrc=%08x count=%d ts=%d,%d,%d", ssrc, count, timestamps[0], timestamps[1], timestamps[2]);
            case RS -> String.format("RS ssrc=%08x seq=%d", ssrc, sequence);
            default -> String.format("%s token=%08x ssrc=%08x name=%s", command, token, ssrc, name());
        };
    }
}
