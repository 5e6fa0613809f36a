package org.midihost.driver.rtp.wire;

import java.util.Arrays;

/**
 * The sending side of the recovery journal (RFC 6295 §4, Appendix A): remembers, per channel,
 * the last command of each kind the stream sent and in which packet, and writes the journal
 * that a packet carries: everything sent from the checkpoint packet up to the packet before it.
 * The checkpoint moves forward when the receiver reports (AppleMIDI RS) the highest packet it
 * has; until then the journal grows with the stream's state (it is bounded: at most
 * {@link #MAX_BYTES}).
 *
 * <p>Chapters written: P (program change and the bank select in force), C (controllers 0–119,
 * value tool), W (pitch wheel), N (NoteOn logs and the NoteOff bitfield), T (channel pressure).
 * Not yet: the system journal, chapters M (RPN/NRPN), E, A (poly pressure), and C for the mode
 * controllers 120–127 (All Notes Off and its kin are journalled as the NoteOffs they cause).
 * Note logs go in note number order; Y (play) is always 1.
 *
 * <p>Allocates nothing after construction. Not thread-safe: the session's sending thread owns it.
 */
public final class JournalSender {

    /** The longest journal {@link #write} writes. */
    public static final int MAX_BYTES = Journal.MAX_JOURNAL;

    private static final long NONE = Long.MIN_VALUE;

    private final long[][] noteSeq = new long[16][128];
    private final byte[][] noteVelocity = new byte[16][128];
    private final long[][] controlSeq = new long[16][128];
    private final byte[][] controlValue = new byte[16][128];
    private final long[] programSeq = new long[16];
    private final int[] program = new int[16];
    private final int[] programBank = new int[16]; // -1: no bank select before it, else msb << 7 | lsb
    private final long[] pitchSeq = new long[16];
    private final int[] pitch = new int[16];
    private final long[] pressureSeq = new long[16];
    private final int[] pressure = new int[16];
    private final byte[] scratch = new byte[Journal.MAX_CHANNEL];

    private long checkpoint;
    private long lastSent = NONE;

    /** @param firstPacket the extended sequence number of the stream's first packet */
    public JournalSender(long firstPacket) {
        checkpoint = firstPacket;
        for (int c = 0; c < 16; c++) {
            Arrays.fill(noteSeq[c], NONE);
            Arrays.fill(controlSeq[c], NONE);
        }
        Arrays.fill(programSeq, NONE);
        Arrays.fill(pitchSeq, NONE);
        Arrays.fill(pressureSeq, NONE);
    }

    /** Records a command that goes out in packet {@code packet} (extended number). */
    public void sent(long packet, int message) {
        lastSent = Math.max(lastSent, packet);
        int status = message & 0xFF;
        if (status >= 0xF0) {
            return;
        }
        int c = status & 0x0F;
        int d1 = message >>> 8 & 0x7F;
        int d2 = message >>> 16 & 0x7F;
        switch (status & 0xF0) {
            case 0x90, 0x80 -> {
                noteVelocity[c][d1] = (byte) ((status & 0xF0) == 0x90 ? d2 : 0);
                noteSeq[c][d1] = packet;
            }
            case 0xB0 -> {
                if (Journal.endsNotes(d1)) {
                    for (int n = 0; n < 128; n++) {
                        if (noteVelocity[c][n] != 0) {
                            noteVelocity[c][n] = 0;
                            noteSeq[c][n] = packet;
                        }
                    }
                } else if (!Journal.isMode(d1)) {
                    controlValue[c][d1] = (byte) d2;
                    controlSeq[c][d1] = packet;
                }
            }
            case 0xC0 -> {
                program[c] = d1;
                programSeq[c] = packet;
                programBank[c] = controlSeq[c][0] != NONE && controlSeq[c][32] != NONE
                        ? controlValue[c][0] << 7 | controlValue[c][32] : -1;
            }
            case 0xD0 -> {
                pressure[c] = d1;
                pressureSeq[c] = packet;
            }
            case 0xE0 -> {
                pitch[c] = d1 | d2 << 7;
                pitchSeq[c] = packet;
            }
            default -> {
                // poly pressure (chapter A) not journalled yet
            }
        }
    }

    /**
     * The receiver reports packet {@code seq16} as the highest it has (AppleMIDI RS): the
     * journal need not cover it or anything before it.
     */
    public void acknowledged(int seq16) {
        if (lastSent == NONE) {
            return;
        }
        long ext = Journal.extend(seq16, lastSent);
        if (ext > lastSent) {
            return; // not a packet we sent
        }
        checkpoint = Math.max(checkpoint, ext + 1);
    }

    /**
     * Moves the checkpoint forward to {@code packet} without an acknowledgement: the journal
     * forgets what was sent before it. For a journal that has outgrown the packet (a receiver
     * that does not report); a loss before {@code packet} is then not repaired.
     */
    public void advance(long packet) {
        checkpoint = Math.max(checkpoint, packet);
    }

    /** The extended number of the checkpoint packet: the first one the journal covers. */
    public long checkpoint() {
        return checkpoint;
    }

    /**
     * Writes the journal for packet {@code packet} (extended number): the history of packets
     * {@code [checkpoint, packet - 1]}. An empty history gives the 3-octet empty journal (A = 0).
     *
     * @return the octets written
     * @throws WireException BUFFER_TOO_SMALL
     */
    public int write(long packet, byte[] out, int off) throws WireException {
        lastSent = Math.max(lastSent, packet); // the packet that carries it goes out too
        long from = Math.min(checkpoint, packet);
        long previous = packet - 1;
        Bytes.room(out.length - off, 3, "journal header");
        int p = off + 3;
        int channels = 0;
        boolean s = true;
        for (int c = 0; c < 16; c++) {
            int n = writeChannel(c, from, previous, scratch);
            if (n == 0) {
                continue;
            }
            Bytes.room(out.length - p, n, "channel journal");
            System.arraycopy(scratch, 0, out, p, n);
            if ((scratch[0] & 0x80) == 0) {
                s = false;
            }
            p += n;
            channels++;
        }
        int h = (s ? Journal.HEADER_S : 0) | (channels > 0 ? Journal.HEADER_A | (channels - 1) : 0);
        out[off] = (byte) h;
        Bytes.put16(out, off + 1, (int) (channels > 0 ? from : packet) & 0xFFFF);
        return p - off;
    }

    private int writeChannel(int c, long from, long previous, byte[] b) {
        int p = 3;
        int toc = 0;
        boolean s = true;
        if (programSeq[c] >= from) {
            toc |= Journal.TOC_P;
            boolean fresh = programSeq[c] == previous;
            s &= !fresh;
            b[p++] = (byte) ((fresh ? 0 : 0x80) | program[c]);
            int bank = programBank[c];
            b[p++] = (byte) (bank >= 0 ? 0x80 | bank >>> 7 : 0);
            b[p++] = (byte) (bank >= 0 ? bank & 0x7F : 0);
        }
        int logs = 0;
        for (int n = 0; n < 120; n++) {
            if (controlSeq[c][n] >= from) {
                logs++;
            }
        }
        if (logs > 0) {
            toc |= Journal.TOC_C;
            int header = p++;
            boolean cs = true;
            for (int n = 0; n < 120; n++) {
                if (controlSeq[c][n] >= from) {
                    boolean fresh = controlSeq[c][n] == previous;
                    cs &= !fresh;
                    b[p++] = (byte) ((fresh ? 0 : 0x80) | n);
                    b[p++] = controlValue[c][n]; // A = 0: the value tool
                }
            }
            b[header] = (byte) ((cs ? 0x80 : 0) | (logs - 1));
            s &= cs;
        }
        if (pitchSeq[c] >= from) {
            toc |= Journal.TOC_W;
            boolean fresh = pitchSeq[c] == previous;
            s &= !fresh;
            b[p++] = (byte) ((fresh ? 0 : 0x80) | (pitch[c] & 0x7F));
            b[p++] = (byte) (pitch[c] >>> 7 & 0x7F);
        }
        int ons = 0;
        int low = 16;
        int high = -1;
        boolean offFresh = false;
        for (int n = 0; n < 128; n++) {
            if (noteSeq[c][n] >= from) {
                if (noteVelocity[c][n] != 0) {
                    ons++;
                } else {
                    low = Math.min(low, n >>> 3);
                    high = Math.max(high, n >>> 3);
                    offFresh |= noteSeq[c][n] == previous;
                }
            }
        }
        if (ons > 0 || high >= 0) {
            toc |= Journal.TOC_N;
            int header = p;
            p += 2;
            boolean ns = !offFresh;
            for (int n = 0; n < 128; n++) {
                if (noteSeq[c][n] >= from && noteVelocity[c][n] != 0) {
                    boolean fresh = noteSeq[c][n] == previous;
                    ns &= !fresh;
                    b[p++] = (byte) ((fresh ? 0 : 0x80) | n);
                    b[p++] = (byte) (0x80 | noteVelocity[c][n]); // Y = 1: play it
                }
            }
            if (high >= 0) {
                for (int o = low; o <= high; o++) {
                    int bits = 0;
                    for (int i = 0; i < 8; i++) {
                        int n = o * 8 + i;
                        if (noteSeq[c][n] >= from && noteVelocity[c][n] == 0) {
                            bits |= 0x80 >>> i;
                        }
                    }
                    b[p++] = (byte) bits;
                }
            } else {
                low = 15;
                high = ons == 128 ? 0 : 1; // (15, 0) with LEN 127 codes 128 logs; (15, 1) codes no OFFBITS
            }
            b[header] = (byte) ((offFresh ? 0 : 0x80) | Math.min(ons, 127));
            b[header + 1] = (byte) (low << 4 | high);
            s &= ns;
        }
        if (pressureSeq[c] >= from) {
            toc |= Journal.TOC_T;
            boolean fresh = pressureSeq[c] == previous;
            s &= !fresh;
            b[p++] = (byte) ((fresh ? 0 : 0x80) | pressure[c]);
        }
        if (toc == 0) {
            return 0;
        }
        b[0] = (byte) ((s ? 0x80 : 0) | c << 3 | p >>> 8);
        b[1] = (byte) p;
        b[2] = (byte) toc;
        return p;
    }
}
