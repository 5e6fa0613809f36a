package org.midihost.driver.rtp.wire;

import java.util.Arrays;
import org.midihost.driver.rtp.wire.WireException.Reason;

/**
 * The receiving side of the recovery journal (RFC 6295 §4, Appendix A; the receiver design of
 * RFC 4696 §7): keeps the state the received stream has set up on each channel (sounding notes,
 * controllers, program, pitch wheel, channel pressure), classifies each arriving packet by its
 * sequence number, and after a loss turns the journal of the packet that ended it into the
 * commands that bring the state back in line with the sender's: NoteOffs for notes the journal
 * shows ended (or re-struck), the NoteOns it says to play, the last controller values, bank and
 * program, pitch wheel and pressure. A lost packet then leaves no note stuck and no controller
 * wrong.
 *
 * <p>Use per packet: {@link #arrive} with its sequence number; on {@link Arrival#LATE} drop the
 * packet (its content is older than what the journal already repaired); on {@link Arrival#LOSS}
 * (and {@link Arrival#FIRST}, as RFC 6295 §4 asks) call {@link #repair} with its journal before
 * playing its commands; call {@link #played} for every command played. Allocates nothing after
 * construction. Not thread-safe: the session's receiving thread owns it.
 */
public final class JournalReceiver {

    /** Receives repair commands (packed as in {@link MidiListSink#message}). */
    @FunctionalInterface
    public interface Repair {
        void message(int message);
    }

    /** How a packet relates to the ones before. */
    public enum Arrival {
        /** The first packet of the stream. */
        FIRST,
        /** The next one in order. */
        IN_ORDER,
        /** Packets before this one are missing: repair from its journal. */
        LOSS,
        /** Older than (or the same as) one already taken: drop it. */
        LATE
    }

    private static final long NONE = Long.MIN_VALUE;

    private final byte[][] velocity = new byte[16][128];
    private final long[][] noteSeq = new long[16][128];
    private final short[][] control = new short[16][128]; // -1 unknown
    private final int[] program = new int[16];
    private final int[] pitch = new int[16];
    private final int[] pressure = new int[16];
    private long highest = NONE;
    private long current = NONE;
    private long before = NONE;
    private long lossCount;
    private long uncovered;
    private long repairs;

    public JournalReceiver() {
        for (int c = 0; c < 16; c++) {
            Arrays.fill(control[c], (short) -1);
            Arrays.fill(noteSeq[c], NONE);
        }
        Arrays.fill(program, -1);
        Arrays.fill(pitch, -1);
        Arrays.fill(pressure, -1);
    }

    /** Classifies packet {@code seq16}; unless it is {@link Arrival#LATE} it becomes the current one. */
    public Arrival arrive(int seq16) {
        if (highest == NONE) {
            highest = seq16 & 0xFFFF;
            current = highest;
            before = highest - 1;
            return Arrival.FIRST;
        }
        long ext = Journal.extend(seq16 & 0xFFFF, highest);
        if (ext <= highest) {
            return Arrival.LATE;
        }
        Arrival a = ext == highest + 1 ? Arrival.IN_ORDER : Arrival.LOSS;
        if (a == Arrival.LOSS) {
            lossCount++;
        }
        before = highest;
        current = ext;
        highest = ext;
        return a;
    }

    /** The highest sequence number taken, 16 bits (what RS reports), or -1 before the first. */
    public int highest() {
        return highest == NONE ? -1 : (int) (highest & 0xFFFF);
    }

    /** Records a command played (received, or a repair). */
    public void played(int message) {
        int status = message & 0xFF;
        if (status >= 0xF0) {
            if (status == 0xFF) {
                for (int c = 0; c < 16; c++) {
                    Arrays.fill(velocity[c], (byte) 0);
                }
            }
            return;
        }
        int c = status & 0x0F;
        int d1 = message >>> 8 & 0x7F;
        int d2 = message >>> 16 & 0x7F;
        switch (status & 0xF0) {
            case 0x90 -> {
                velocity[c][d1] = (byte) d2;
                noteSeq[c][d1] = current;
            }
            case 0x80 -> velocity[c][d1] = 0;
            case 0xB0 -> {
                if (Journal.endsNotes(d1)) {
                    Arrays.fill(velocity[c], (byte) 0);
                } else if (!Journal.isMode(d1)) {
                    control[c][d1] = (short) d2;
                }
            }
            case 0xC0 -> program[c] = d1;
            case 0xD0 -> pressure[c] = d1;
            case 0xE0 -> pitch[c] = d1 | d2 << 7;
            default -> {
            }
        }
    }

    /**
     * Repairs the state from the journal {@code b[off..off+len)} of the current packet, passing
     * each repair command to {@code out} (and recording it as played). The journal is checked
     * whole first: a malformed one repairs nothing.
     *
     * @return the octets of the journal
     * @throws WireException TRUNCATED, BAD_LENGTH, BAD_JOURNAL
     * @throws IllegalStateException before the first {@link #arrive}
     */
    public int repair(byte[] b, int off, int len, Repair out) throws WireException {
        if (current == NONE) {
            throw new IllegalStateException("arrive() first");
        }
        int n = walk(b, off, len, null);
        walk(b, off, len, out);
        return n;
    }

    private int walk(byte[] b, int off, int len, Repair out) throws WireException {
        Bytes.need(len, 3, "journal header");
        int h = Bytes.u8(b, off);
        long checkpoint = Journal.extend(Bytes.u16(b, off + 1), current);
        if (checkpoint > current) {
            // a checkpoint after this packet: not a journal of this stream's numbering
            throw new WireException(Reason.BAD_JOURNAL, "checkpoint after the packet");
        }
        int p = off + 3;
        int end = off + len;
        if ((h & Journal.HEADER_Y) != 0) {
            Bytes.need(end - p, 2, "system journal header");
            int sl = Bytes.u16(b, p) & 0x03FF;
            if (sl < 2 || p + sl > end) {
                throw new WireException(Reason.BAD_LENGTH, "system journal LENGTH " + sl);
            }
            p += sl; // system chapters (D, V, Q, F, X) are not repaired yet
        }
        if ((h & Journal.HEADER_A) != 0) {
            int channels = (h & 0x0F) + 1;
            for (int i = 0; i < channels; i++) {
                Bytes.need(end - p, 3, "channel journal header");
                int cl = (Bytes.u8(b, p) & 0x03) << 8 | Bytes.u8(b, p + 1);
                if (cl < 3 || p + cl > end) {
                    throw new WireException(Reason.BAD_LENGTH, "channel journal LENGTH " + cl);
                }
                channel(b, p, cl, checkpoint, out);
                p += cl;
            }
        }
        if (out != null && (h & (Journal.HEADER_A | Journal.HEADER_Y)) != 0 && checkpoint > before + 1) {
            uncovered++;
        }
        return p - off;
    }

    private void channel(byte[] b, int start, int length, long checkpoint, Repair out) throws WireException {
        int c = Bytes.u8(b, start) >>> 3 & 0x0F;
        boolean enhanced = (Bytes.u8(b, start) & 0x04) != 0;
        int toc = Bytes.u8(b, start + 2);
        int p = start + 3;
        int end = start + length;
        if ((toc & Journal.TOC_P) != 0) {
            Bytes.need(end - p, 3, "chapter P");
            int prog = Bytes.u8(b, p) & 0x7F;
            boolean bank = (Bytes.u8(b, p + 1) & 0x80) != 0;
            int msb = Bytes.u8(b, p + 1) & 0x7F;
            int lsb = Bytes.u8(b, p + 2) & 0x7F;
            p += 3;
            if (out != null) {
                boolean changed = false;
                if (bank && control[c][0] != msb) {
                    emit(out, 0xB0 | c | 0 << 8 | msb << 16);
                    changed = true;
                }
                if (bank && control[c][32] != lsb) {
                    emit(out, 0xB0 | c | 32 << 8 | lsb << 16);
                    changed = true;
                }
                if (changed || program[c] != prog) {
                    emit(out, 0xC0 | c | prog << 8);
                }
            }
        }
        if ((toc & Journal.TOC_C) != 0) {
            Bytes.need(end - p, 1, "chapter C");
            int logs = (Bytes.u8(b, p) & 0x7F) + 1;
            p++;
            Bytes.need(end - p, 2 * logs, "chapter C logs");
            for (int i = 0; i < logs; i++, p += 2) {
                int number = Bytes.u8(b, p) & 0x7F;
                int v = Bytes.u8(b, p + 1);
                // A = 1 (toggle and count tools) and the mode controllers are not repaired yet
                if (out != null && (v & 0x80) == 0 && !enhanced && !Journal.isMode(number) && control[c][number] != v) {
                    emit(out, 0xB0 | c | number << 8 | v << 16);
                }
            }
        }
        if ((toc & Journal.TOC_M) != 0) {
            Bytes.need(end - p, 2, "chapter M");
            int ml = Bytes.u16(b, p) & 0x03FF;
            if (ml < 2 || p + ml > end) {
                throw new WireException(Reason.BAD_LENGTH, "chapter M LENGTH " + ml);
            }
            p += ml; // RPN/NRPN not repaired yet
        }
        if ((toc & Journal.TOC_W) != 0) {
            Bytes.need(end - p, 2, "chapter W");
            int first = Bytes.u8(b, p) & 0x7F;
            int second = Bytes.u8(b, p + 1) & 0x7F;
            p += 2;
            if (out != null && pitch[c] != (first | second << 7)) {
                emit(out, 0xE0 | c | first << 8 | second << 16);
            }
        }
        if ((toc & Journal.TOC_N) != 0) {
            p = chapterN(b, p, end, c, checkpoint, out);
        }
        if ((toc & Journal.TOC_E) != 0) {
            Bytes.need(end - p, 1, "chapter E");
            int logs = (Bytes.u8(b, p) & 0x7F) + 1;
            Bytes.need(end - p - 1, 2 * logs, "chapter E logs");
            p += 1 + 2 * logs;
        }
        if ((toc & Journal.TOC_T) != 0) {
            Bytes.need(end - p, 1, "chapter T");
            int v = Bytes.u8(b, p) & 0x7F;
            p++;
            if (out != null && pressure[c] != v) {
                emit(out, 0xD0 | c | v << 8);
            }
        }
        if ((toc & Journal.TOC_A) != 0) {
            Bytes.need(end - p, 1, "chapter A");
            int logs = (Bytes.u8(b, p) & 0x7F) + 1;
            Bytes.need(end - p - 1, 2 * logs, "chapter A logs");
            p += 1 + 2 * logs;
        }
    }

    private int chapterN(byte[] b, int p, int end, int c, long checkpoint, Repair out) throws WireException {
        Bytes.need(end - p, 2, "chapter N");
        int logs = Bytes.u8(b, p) & 0x7F;
        int low = Bytes.u8(b, p + 1) >>> 4;
        int high = Bytes.u8(b, p + 1) & 0x0F;
        p += 2;
        int offbits;
        if (low <= high) {
            offbits = high - low + 1;
        } else if (low == 15 && (high == 0 || high == 1)) {
            offbits = 0;
            if (logs == 127 && high == 0) {
                logs = 128;
            }
        } else {
            throw new WireException(Reason.BAD_JOURNAL, "chapter N LOW " + low + " > HIGH " + high);
        }
        Bytes.need(end - p, 2 * logs + offbits, "chapter N logs and OFFBITS");
        int logStart = p;
        int bitStart = p + 2 * logs;
        if (out == null) {
            for (int i = 0; i < logs; i++) {
                if ((b[logStart + 2 * i + 1] & 0x7F) == 0) {
                    throw new WireException(Reason.BAD_JOURNAL, "note log with velocity 0");
                }
            }
            return bitStart + offbits;
        }
        // NoteOffs first: a set bit means the note's last command was a NoteOff
        for (int o = 0; o < offbits; o++) {
            int bits = b[bitStart + o] & 0xFF;
            for (int i = 0; i < 8; i++) {
                int n = (low + o) * 8 + i;
                if ((bits & 0x80 >>> i) != 0 && velocity[c][n] != 0) {
                    emit(out, 0x80 | c | n << 8 | 64 << 16);
                }
            }
        }
        for (int i = 0; i < logs; i++) {
            int n = b[logStart + 2 * i] & 0x7F;
            int v = b[logStart + 2 * i + 1] & 0x7F;
            boolean play = (b[logStart + 2 * i + 1] & 0x80) != 0;
            if (velocity[c][n] != 0) {
                // sounding here: the same NoteOn, unless ours is older than the checkpoint or
                // differs, which means a NoteOff and a new NoteOn were lost
                if (noteSeq[c][n] >= checkpoint && velocity[c][n] == v) {
                    continue;
                }
                emit(out, 0x80 | c | n << 8 | 64 << 16);
            }
            if (play) {
                emit(out, 0x90 | c | n << 8 | v << 16);
            }
        }
        return bitStart + offbits;
    }

    private void emit(Repair out, int message) {
        repairs++;
        played(message);
        out.message(message);
    }

    // ---- state, for the session and the tests

    /** The number of notes sounding on all channels. */
    public int notesOn() {
        int n = 0;
        for (int c = 0; c < 16; c++) {
            for (int k = 0; k < 128; k++) {
                if (velocity[c][k] != 0) {
                    n++;
                }
            }
        }
        return n;
    }

    /** The velocity of a sounding note, 0 when it is not sounding. */
    public int velocity(int channel, int note) {
        return velocity[channel][note];
    }

    /** A controller's value, -1 when none was received. */
    public int controller(int channel, int number) {
        return control[channel][number];
    }

    /** The program, -1 when none was received. */
    public int program(int channel) {
        return program[channel];
    }

    /** The 14-bit pitch wheel value, -1 when none was received. */
    public int pitch(int channel) {
        return pitch[channel];
    }

    /** The channel pressure, -1 when none was received. */
    public int pressure(int channel) {
        return pressure[channel];
    }

    /** Packets classified {@link Arrival#LOSS}. */
    public long losses() {
        return lossCount;
    }

    /** Repairs whose journal did not reach back to the loss (checkpoint too late). */
    public long uncovered() {
        return uncovered;
    }

    /** Repair commands emitted. */
    public long repairs() {
        return repairs;
    }
}
