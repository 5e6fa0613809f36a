package org.midihost.driver.rtp.wire;

/**
 * Layout constants of the recovery journal (RFC 6295 §5, Appendix A) shared by
 * {@link JournalSender} and {@link JournalReceiver}, and the 16-bit sequence number arithmetic.
 *
 * <pre>
 * journal header   |S|Y|A|H|TOTCHAN|  checkpoint packet seqnum (16)  |         (§5, Figure 8)
 * channel journal  |S| CHAN  |H|      LENGTH (10)     |P|C|M|W|N|E|T|A|  (§5.2) then the chapters in TOC order
 * chapter P        |S| PROGRAM |B| BANK-MSB |X| BANK-LSB |                     (A.2)
 * chapter C        |S| LEN |  then LEN+1 logs |S| NUMBER |A| VALUE |         (A.3)
 * chapter W        |S| FIRST |R| SECOND |                                     (A.5)
 * chapter N        |B| LEN |LOW|HIGH| logs |S| NOTENUM |Y| VELOCITY | OFFBITS (A.6)
 * chapter T        |S| PRESSURE |                                             (A.8)
 * </pre>
 */
final class Journal {

    static final int HEADER_S = 0x80;
    static final int HEADER_Y = 0x40;
    static final int HEADER_A = 0x20;
    static final int HEADER_H = 0x10;

    static final int TOC_P = 0x80;
    static final int TOC_C = 0x40;
    static final int TOC_M = 0x20;
    static final int TOC_W = 0x10;
    static final int TOC_N = 0x08;
    static final int TOC_E = 0x04;
    static final int TOC_T = 0x02;
    static final int TOC_A = 0x01;

    /** The longest channel journal: header, P, C with 128 logs, W, N with 128 logs and 16 OFFBITS, T. */
    static final int MAX_CHANNEL = 3 + 3 + 1 + 256 + 2 + 2 + 256 + 16 + 1;
    /** The longest journal {@link JournalSender} writes. */
    static final int MAX_JOURNAL = 3 + 16 * MAX_CHANNEL;

    private Journal() {
    }

    /** The extended (64-bit) number of the 16-bit {@code seq16} nearest to {@code reference}. */
    static long extend(int seq16, long reference) {
        long d = (short) ((seq16 - (int) reference) & 0xFFFF);
        return reference + d;
    }

    /** Whether a Control Change number is a channel mode message (120–127), journalled apart. */
    static boolean isMode(int controller) {
        return controller >= 120;
    }

    /** Whether a Control Change number ends every sounding note (All Sound Off, All Notes Off, omni/mono/poly). */
    static boolean endsNotes(int controller) {
        return controller == 120 || controller >= 123;
    }
}
