package org.midihost.driver.rtp.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.midihost.driver.rtp.wire.AppleMidiPacketTest.bytes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.midihost.driver.rtp.wire.JournalReceiver.Arrival;
import org.midihost.driver.rtp.wire.WireException.Reason;

/**
 * The recovery journal (RFC 6295 §5 and Appendix A): byte-exact journals assembled by hand from
 * the layouts of §5 (journal header, channel journal header) and A.2 (P), A.3 (C), A.5 (W),
 * A.6 (N), A.8 (T); and the receiver's repairs.
 */
class JournalCodecTest {

    static byte[] journal(JournalSender s, long packet) throws WireException {
        byte[] out = new byte[JournalSender.MAX_BYTES];
        return Arrays.copyOf(out, s.write(packet, out, 0));
    }

    static List<String> repair(JournalReceiver r, byte[] journal) throws WireException {
        List<String> out = new ArrayList<>();
        r.repair(journal, 0, journal.length, m -> out.add(Integer.toHexString(m)));
        return out;
    }

    /**
     * Packet 1000 sent NoteOn 60 velocity 100 and CC 7 = 90 on channel 1 (0). The journal of
     * packet 1001: header S=0 A=1 TOTCHAN=0, checkpoint 1000 (§5); channel journal S=0 CHAN=0
     * LENGTH=10, TOC C and N; chapter C (A.3) S=0 LEN=0, log S=0 NUMBER=7, A=0 VALUE=90; chapter
     * N (A.6) B=1 LEN=1 LOW=15 HIGH=1 (no OFFBITS), log S=0 NOTENUM=60, Y=1 VELOCITY=100.
     */
    @Test
    void rfc6295ChaptersCAndNByteExact() throws Exception {
        JournalSender s = new JournalSender(1000);
        s.sent(1000, 0x643C90);
        s.sent(1000, 0x5A07B0);
        assertThat(journal(s, 1001)).isEqualTo(bytes(0x20, 0x03, 0xE8, 0x00, 0x0A, 0x48, 0x00, 0x07, 0x5A, 0x81, 0xF1, 0x3C, 0xE4));

        // packet 1001 sends NoteOff 60: the journal of 1002 has CC 7 with S=1 (older than 1001)
        // and the NoteOff in the OFFBITS (LOW=HIGH=7, bit 4 of the octet: note 60), B=0
        s.sent(1001, 0x003C80);
        assertThat(journal(s, 1002)).isEqualTo(bytes(0x20, 0x03, 0xE8, 0x00, 0x09, 0x48, 0x80, 0x87, 0x5A, 0x00, 0x77, 0x08));

        // the receiver reports 1001: nothing left to cover, the empty journal (S=1, A=0)
        s.acknowledged(1001);
        assertThat(journal(s, 1002)).isEqualTo(bytes(0x80, 0x03, 0xEA));
    }

    /** A.2 (P with bank), A.5 (W), A.8 (T), on channel 10 (9), all older than the previous packet. */
    @Test
    void rfc6295ChaptersPWTByteExact() throws Exception {
        JournalSender s = new JournalSender(7);
        s.sent(7, 0x0100B9); // bank MSB 1
        s.sent(7, 0x0220B9); // bank LSB 2
        s.sent(7, 0x05C9); // program 5
        s.sent(7, 0x402AE9); // pitch wheel LSB 0x2A, MSB 0x40
        s.sent(7, 0x33D9); // pressure 0x33
        byte[] j = journal(s, 9);
        // header S=1 A=1 TOTCHAN=0, checkpoint 7; channel journal: S=1, CHAN=9 (0x48), LENGTH = 3 + P 3 + C 1+4 + W 2 + T 1 = 14; TOC P C W T
        assertThat(j).isEqualTo(bytes(0xA0, 0x00, 0x07,
                0x80 | 9 << 3, 14, 0x80 | 0x40 | 0x10 | 0x02,
                0x85, 0x81, 0x02,
                0x81, 0x80, 0x01, 0xA0, 0x02,
                0xAA, 0x40,
                0xB3));
        JournalReceiver r = new JournalReceiver();
        r.arrive(9);
        assertThat(repair(r, j)).containsExactly("100b9", "220b9", "5c9", "402ae9", "33d9");
        assertThat(r.program(9)).isEqualTo(5);
        assertThat(r.pitch(9)).isEqualTo(0x2A | 0x40 << 7);
        // repairing again changes nothing
        assertThat(repair(r, j)).isEmpty();
    }

    @Test
    void receiverEndsNotesTheJournalShowsEnded() throws Exception {
        JournalSender s = new JournalSender(0);
        JournalReceiver r = new JournalReceiver();
        // packet 0 (received): NoteOn 60 and 64
        s.sent(0, 0x643C90);
        s.sent(0, 0x644090);
        r.arrive(0);
        r.played(0x643C90);
        r.played(0x644090);
        // packet 1 (lost): NoteOff 60, NoteOn 67, CC 64 = 127
        s.sent(1, 0x003C80);
        s.sent(1, 0x504390);
        s.sent(1, 0x7F40B0);
        // packet 2 arrives after the loss
        assertThat(r.arrive(2)).isEqualTo(Arrival.LOSS);
        List<String> fixes = repair(r, journal(s, 2));
        assertThat(fixes).containsExactly("7f40b0", "403c80", "504390");
        assertThat(r.velocity(0, 60)).isZero();
        assertThat(r.velocity(0, 64)).isEqualTo(100);
        assertThat(r.velocity(0, 67)).isEqualTo(0x50);
        assertThat(r.controller(0, 64)).isEqualTo(127);
    }

    @Test
    void receiverRestrikesANoteWhoseOffAndOnWereBothLost() throws Exception {
        JournalSender s = new JournalSender(0);
        JournalReceiver r = new JournalReceiver();
        s.sent(0, 0x643C90);
        r.arrive(0);
        r.played(0x643C90);
        s.acknowledged(0); // checkpoint 1
        s.sent(1, 0x003C80); // lost
        s.sent(2, 0x643C90); // lost, same velocity
        r.arrive(3);
        // the journal shows a NoteOn 60 after the checkpoint; ours is from before it: restrike
        assertThat(repair(r, journal(s, 3))).containsExactly("403c80", "643c90");
        assertThat(r.notesOn()).isEqualTo(1);
    }

    @Test
    void allNotesOffIsJournalledAsTheNoteOffsItCauses() throws Exception {
        JournalSender s = new JournalSender(0);
        JournalReceiver r = new JournalReceiver();
        s.sent(0, 0x643C90);
        s.sent(0, 0x644090);
        r.arrive(0);
        r.played(0x643C90);
        r.played(0x644090);
        s.sent(1, 0x007BB0); // All Notes Off, lost
        r.arrive(2);
        assertThat(repair(r, journal(s, 2))).containsExactlyInAnyOrder("403c80", "404080");
        assertThat(r.notesOn()).isZero();
    }

    /** A.6: 128 note logs are LEN=127 with LOW=15, HIGH=0; 127 logs are LEN=127 with (15, 1). */
    @Test
    void chapterNWithAllNotesAndWithAllButOne() throws Exception {
        for (int notes : new int[] {128, 127}) {
            JournalSender s = new JournalSender(0);
            for (int n = 0; n < notes; n++) {
                s.sent(0, 0x90 | n << 8 | 1 + n % 127 << 16);
            }
            byte[] j = journal(s, 1);
            assertThat(j).hasSize(3 + 3 + 2 + 2 * notes);
            assertThat(j[6] & 0x7F).isEqualTo(127);
            assertThat(j[7] & 0xFF).isEqualTo(notes == 128 ? 0xF0 : 0xF1);
            JournalReceiver r = new JournalReceiver();
            r.arrive(1);
            assertThat(repair(r, j)).hasSize(notes);
            assertThat(r.notesOn()).isEqualTo(notes);
        }
    }

    /**
     * A receiver that never reports: the journal would grow with every note of 16 channels
     * (over 8 KB); the writer keeps it to half the MTU by moving the checkpoint, and every packet
     * fits. A single loss is still repaired (the journal covers the previous packet).
     */
    @Test
    void withoutFeedbackTheJournalStaysWithinHalfTheMtu() throws Exception {
        RtpMidiPacketWriter w = new RtpMidiPacketWriter(1, 0, 512, true);
        RtpMidiReceiver r = new RtpMidiReceiver(64, new RtpMidiReceiver.Output() {
            @Override
            public void message(int message, boolean repair) {
            }

            @Override
            public void sysex(byte[] b, int off, int len) {
            }
        });
        byte[] out = new byte[512];
        int largest = 0;
        for (int i = 0; i < 16 * 128; i++) {
            int c = i & 15;
            int n = i >> 4;
            w.begin();
            assertThat(w.add(0, 0x90 | c | n << 8 | 100 << 16)).isTrue();
            assertThat(w.add(1, 0x80 | c | n << 8)).isTrue();
            assertThat(w.add(2, 0xB0 | c | (n & 0x3F) << 8 | 1 << 16)).isTrue();
            int len = w.finish(i, out, 0);
            largest = Math.max(largest, len);
            if (i % 10 != 5) {
                r.receive(out, 0, len);
            }
        }
        assertThat(largest).isLessThanOrEqualTo(512);
        assertThat(w.checkpointsForced()).isPositive();
        assertThat(r.state().notesOn()).isZero();
        assertThat(r.state().uncovered()).isZero();
        System.out.printf("no feedback: %d packets, largest %d octets (MTU 512), checkpoint forced %d times%n",
                16 * 128, largest, w.checkpointsForced());
    }

    @Test
    void sequenceNumbersWrap() throws Exception {
        JournalReceiver r = new JournalReceiver();
        assertThat(r.arrive(65534)).isEqualTo(Arrival.FIRST);
        assertThat(r.arrive(65535)).isEqualTo(Arrival.IN_ORDER);
        assertThat(r.arrive(0)).isEqualTo(Arrival.IN_ORDER);
        assertThat(r.arrive(65535)).isEqualTo(Arrival.LATE);
        assertThat(r.arrive(2)).isEqualTo(Arrival.LOSS);
        assertThat(r.highest()).isEqualTo(2);
        JournalSender s = new JournalSender(65535);
        s.sent(65535, 0x643C90);
        s.sent(65536, 0x003C80);
        s.acknowledged(65535); // the 16-bit number of extended 65535
        assertThat(s.checkpoint()).isEqualTo(65536);
        s.acknowledged(0); // extended 65536
        assertThat(s.checkpoint()).isEqualTo(65537);
        assertThat(journal(s, 65537)).isEqualTo(bytes(0x80, 0x00, 0x01));
    }

    @Test
    void malformedJournalsRepairNothing() throws Exception {
        JournalReceiver r = new JournalReceiver();
        r.arrive(10);
        assertReason(r, bytes(0x20, 0x00), Reason.TRUNCATED);
        assertReason(r, bytes(0x20, 0x00, 0x05), Reason.TRUNCATED); // A=1, no channel journal
        assertReason(r, bytes(0x20, 0x00, 0x05, 0x03, 0xFF, 0x08), Reason.BAD_LENGTH); // LENGTH past the end
        assertReason(r, bytes(0x20, 0x00, 0x05, 0x00, 0x02, 0x08), Reason.BAD_LENGTH); // LENGTH < 3
        assertReason(r, bytes(0x20, 0x00, 0x05, 0x00, 0x05, 0x08, 0x00, 0x52), Reason.BAD_JOURNAL); // LOW > HIGH
        assertReason(r, bytes(0x20, 0x00, 0x05, 0x00, 0x07, 0x08, 0x01, 0xF1, 0x3C, 0x00), Reason.BAD_JOURNAL); // velocity 0
        assertReason(r, bytes(0x20, 0x00, 0x05, 0x00, 0x06, 0x08, 0x02, 0xF1, 0x3C), Reason.TRUNCATED); // LEN 2, one log
        assertReason(r, bytes(0x20, 0x00, 0x0B, 0x00, 0x03, 0x00), Reason.BAD_JOURNAL); // checkpoint after the packet
        // a good channel journal, then a bad one: nothing is repaired from the good one either
        byte[] mixed = bytes(0x21, 0x00, 0x05, 0x00, 0x04, 0x02, 0x40, 0x08, 0x03, 0xFF, 0x02);
        List<String> out = new ArrayList<>();
        assertThatThrownBy(() -> r.repair(mixed, 0, mixed.length, m -> out.add(Integer.toHexString(m))))
                .isInstanceOf(WireException.class);
        assertThat(out).isEmpty();
        assertThat(r.pressure(0)).isEqualTo(-1);
    }

    static void assertReason(JournalReceiver r, byte[] j, Reason reason) {
        assertThatThrownBy(() -> r.repair(j, 0, j.length, m -> { }))
                .isInstanceOfSatisfying(WireException.class, e -> assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason));
    }
}
