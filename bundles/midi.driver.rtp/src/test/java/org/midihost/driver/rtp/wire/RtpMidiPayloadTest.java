package org.midihost.driver.rtp.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.midihost.driver.rtp.wire.AppleMidiPacketTest.bytes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.midihost.driver.rtp.wire.WireException.Reason;

/** The RTP header and the MIDI command section (RFC 6295 §2, §3), byte-exact and round trip. */
class RtpMidiPayloadTest {

    /** Collects what a MIDI list decodes to, as "time:hex" strings. */
    static final class Collect implements MidiListSink {
        final List<String> events = new ArrayList<>();

        @Override
        public void message(long time, int message) {
            events.add(time + ":" + Integer.toHexString(message));
        }

        @Override
        public void sysex(long time, byte[] b, int off, int len) {
            StringBuilder s = new StringBuilder(time + ":sysex");
            for (int i = off; i < off + len; i++) {
                s.append(String.format(" %02X", b[i] & 0xFF));
            }
            events.add(s.toString());
        }
    }

    static List<String> decode(byte[] section) throws WireException {
        Collect c = new Collect();
        new MidiCommandSection().parse(section, 0, section.length, c);
        return c.events;
    }

    static byte[] encode(MidiListWriter w, boolean journal) throws WireException {
        byte[] out = new byte[w.sectionLength()];
        w.write(out, 0, journal);
        return out;
    }

    @Test
    void rtpHeaderByteExact() throws Exception {
        // RFC 3550 §5.1 / RFC 6295 §2.1: V=2, M=1, PT=97, seq 0x1234, timestamp, SSRC
        byte[] h = bytes(0x80, 0x80 | 97, 0x12, 0x34, 0, 0, 0x10, 0, 0xF5, 0x19, 0x10, 0xAB);
        byte[] out = new byte[12];
        new RtpHeader().set(true, 97, 0x1234, 0x1000, 0xF51910AB).write(out, 0);
        assertThat(out).isEqualTo(h);
        RtpHeader r = new RtpHeader().parse(h, 0, h.length);
        assertThat(r.marker()).isTrue();
        assertThat(r.payloadType()).isEqualTo(97);
        assertThat(r.sequence()).isEqualTo(0x1234);
        assertThat(r.timestamp()).isEqualTo(0x1000);
        assertThat(r.ssrc()).isEqualTo(0xF51910AB);
        assertThat(r.headerLength()).isEqualTo(12);
        assertThat(r.payloadLength()).isZero();
    }

    @Test
    void rtpHeaderSkipsCsrcsExtensionAndPadding() throws Exception {
        // CC=1, X=1 (one extension word), P=1 (2 octets of padding); payload "AB"
        byte[] p = bytes(0xB1, 97, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0,
                1, 2, 3, 4,
                0xBE, 0xDE, 0, 1, 9, 9, 9, 9,
                'A', 'B', 0, 2);
        RtpHeader r = new RtpHeader().parse(p, 0, p.length);
        assertThat(r.headerLength()).isEqualTo(24);
        assertThat(r.payloadLength()).isEqualTo(2);
        assertThatThrownBy(() -> new RtpHeader().parse(p, 0, 11)).hasMessageStartingWith("TRUNCATED");
        byte[] v1 = p.clone();
        v1[0] = 0x40;
        assertThatThrownBy(() -> new RtpHeader().parse(v1, 0, v1.length)).hasMessageStartingWith("BAD_VERSION");
        byte[] badPad = p.clone();
        badPad[badPad.length - 1] = 9;
        assertThatThrownBy(() -> new RtpHeader().parse(badPad, 0, badPad.length)).hasMessageStartingWith("BAD_LENGTH");
        byte[] manyCsrcs = p.clone();
        manyCsrcs[0] = (byte) 0x8F;
        assertThatThrownBy(() -> new RtpHeader().parse(manyCsrcs, 0, manyCsrcs.length)).hasMessageStartingWith("BAD_LENGTH");
    }

    /**
     * RFC 6295 §3 (Figure 2, the short header) and §3.2 (running status, delta times): two
     * NoteOns at the same time, the second with running status and a zero delta time.
     */
    @Test
    void rfc6295Section3TwoNotesWithRunningStatus() throws Exception {
        byte[] section = bytes(0x06, 0x90, 0x3C, 0x40, 0x00, 0x3E, 0x40);
        assertThat(decode(section)).containsExactly("0:403c90", "0:403e90");
        MidiListWriter w = new MidiListWriter(100);
        w.add(0, 0x403C90);
        w.add(0, 0x403E90);
        assertThat(encode(w, false)).isEqualTo(section);
    }

    /** RFC 6295 §3: Z = 1 (the first command has a delta time), J = 1, a 2-octet delta time. */
    @Test
    void rfc6295Section3FirstDeltaAndJournalFlag() throws Exception {
        // 0x60 | LEN 9 (J, Z); list: delta 81 00 (= 128), C0 05, delta 05, D0 7F, delta 00, F8
        byte[] section = bytes(0x60 | 9, 0x81, 0x00, 0xC0, 0x05, 0x05, 0xD0, 0x7F, 0x00, 0xF8);
        assertThat(decode(section)).containsExactly("128:5c0", "133:7fd0", "133:f8");
        MidiCommandSection s = new MidiCommandSection();
        s.parse(section, 0, section.length, null);
        assertThat(s.journal()).isTrue();
        MidiListWriter w = new MidiListWriter(100);
        w.add(128, 0x05C0);
        w.add(133, 0x7FD0);
        w.add(133, 0xF8);
        assertThat(encode(w, true)).isEqualTo(section);
    }

    /** RFC 6295 §3, Figure 2 with B = 1: a 12-bit LEN for lists over 15 octets. */
    @Test
    void longHeaderAndRoundTripOfEveryKindOfCommand() throws Exception {
        MidiListWriter w = new MidiListWriter(MidiCommandSection.MAX_LIST);
        int[] messages = {0x7F3C90, 0x7F3C80, 0x40A0 | 0x3C << 8, 0x0107B3, 0x05C3, 0x33D3, 0x4000E3,
            0x7F3CA5, 0x06F1, 0x1234F2, 0x03F3, 0xF6, 0xF8, 0xFA, 0xFE, 0x003C90, 0x013C90};
        long t = 0;
        List<String> expected = new ArrayList<>();
        for (int m : messages) {
            assertThat(w.add(t, m)).isTrue();
            expected.add(t + ":" + Integer.toHexString(m));
            t += 1000;
        }
        byte[] section = encode(w, false);
        assertThat(section[0] & 0x80).isEqualTo(0x80);
        assertThat(((section[0] & 0x0F) << 8 | section[1] & 0xFF)).isEqualTo(section.length - 2);
        assertThat(decode(section)).containsExactlyElementsOf(expected);
    }

    @Test
    void deltaTimesOfOneToFourOctets() throws Exception {
        long[] deltas = {0, 0x7F, 0x80, 0x3FFF, 0x4000, 0x1FFFFF, 0x200000, 0x0FFFFFFF};
        MidiListWriter w = new MidiListWriter(200);
        long t = 0;
        for (long d : deltas) {
            t += d;
            w.add(t, 0xF8);
        }
        List<String> out = decode(encode(w, false));
        assertThat(out).hasSize(deltas.length);
        assertThat(out.get(out.size() - 1)).isEqualTo(t + ":f8");
        assertThatThrownBy(() -> decode(bytes(0x20 | 6, 0x81, 0x81, 0x81, 0x81, 0x01, 0xF8)))
                .hasMessageStartingWith("BAD_DELTA_TIME");
    }

    @Test
    void malformedListsGiveTypedReasons() {
        assertReason(bytes(), Reason.TRUNCATED);
        assertReason(bytes(0x05, 0x90, 0x3C), Reason.BAD_LENGTH);
        assertReason(bytes(0x02, 0x3C, 0x40), Reason.BAD_MIDI); // data without status
        assertReason(bytes(0x02, 0x90, 0x3C), Reason.TRUNCATED);
        assertReason(bytes(0x03, 0x90, 0x3C, 0x90), Reason.BAD_MIDI); // status as data
        assertReason(bytes(0x01, 0xF4), Reason.BAD_MIDI);
        assertReason(bytes(0x04, 0xF0, 0x01, 0x90, 0xF7), Reason.BAD_MIDI);
        assertReason(bytes(0x03, 0xF0, 0x01, 0x02), Reason.TRUNCATED);
        assertReason(bytes(0x04, 0xF8, 0x00), Reason.BAD_LENGTH);
        assertReason(bytes(0x02, 0xF8, 0x00), Reason.TRUNCATED); // delta without command
        assertReason(bytes(0x80), Reason.TRUNCATED);
    }

    /** RFC 6295 §3.2: segments F0…F0, F7…F0, F7…F7, and F7…F4 (cancelled). */
    @Test
    void sysexSegmentsReassembleAndCancel() throws Exception {
        SysexReassembler r = new SysexReassembler(16);
        byte[] first = bytes(0xF0, 0x7E, 0x01, 0xF0);
        byte[] middle = bytes(0xF7, 0x02, 0xF0);
        byte[] last = bytes(0xF7, 0x03, 0xF7);
        assertThat(r.accept(first, 0, 4)).isEqualTo(SysexReassembler.Status.PARTIAL);
        assertThat(r.accept(middle, 0, 3)).isEqualTo(SysexReassembler.Status.PARTIAL);
        assertThat(r.accept(last, 0, 3)).isEqualTo(SysexReassembler.Status.COMPLETE);
        assertThat(Arrays.copyOf(r.buffer(), r.length())).isEqualTo(bytes(0xF0, 0x7E, 0x01, 0x02, 0x03, 0xF7));
        assertThat(r.accept(last, 0, 3)).isEqualTo(SysexReassembler.Status.ORPHAN);
        r.accept(first, 0, 4);
        assertThat(r.accept(bytes(0xF7, 0xF4), 0, 2)).isEqualTo(SysexReassembler.Status.CANCELLED);
        assertThat(r.accept(last, 0, 3)).isEqualTo(SysexReassembler.Status.ORPHAN);
        r.accept(first, 0, 4);
        assertThat(r.lost()).isTrue();
        assertThat(r.accept(last, 0, 3)).isEqualTo(SysexReassembler.Status.ORPHAN);
        r.accept(first, 0, 4);
        assertThat(r.accept(first, 0, 4)).isEqualTo(SysexReassembler.Status.INTERRUPTED);
        byte[] big = new byte[20];
        big[0] = (byte) 0xF7;
        big[19] = (byte) 0xF7;
        assertThat(r.accept(big, 0, 20)).isEqualTo(SysexReassembler.Status.OVERFLOW);
        assertThat(r.accept(last, 0, 3)).isEqualTo(SysexReassembler.Status.ORPHAN);
        assertThat(r.accept(bytes(0x90, 0xF7), 0, 2)).isEqualTo(SysexReassembler.Status.MALFORMED);
    }

    /** A 10 KiB sysex split by a 1400-octet MTU, through packets, back whole. */
    @Test
    void tenKibSysexAcrossPackets() throws Exception {
        byte[] sysex = new byte[10 * 1024];
        new Random(7).nextBytes(sysex);
        for (int i = 0; i < sysex.length; i++) {
            sysex[i] &= 0x7F;
        }
        sysex[0] = (byte) 0xF0;
        sysex[sysex.length - 1] = (byte) 0xF7;
        int mtu = 1400;
        RtpMidiPacketWriter w = new RtpMidiPacketWriter(0x1234, 65530, mtu, true);
        SysexSegmenter seg = new SysexSegmenter().start(sysex, 0, sysex.length);
        List<byte[]> packets = new ArrayList<>();
        byte[] out = new byte[mtu];
        while (seg.hasNext()) {
            w.begin();
            w.add(0, 0xF8); // a clock tick before each segment
            assertThat(w.addSysex(1, seg)).isPositive();
            packets.add(Arrays.copyOf(out, w.finish(packets.size() * 10, out, 0)));
        }
        assertThat(packets).hasSize(8);
        assertThat(packets).allSatisfy(p -> assertThat(p.length).isLessThanOrEqualTo(mtu));
        List<byte[]> got = new ArrayList<>();
        int[] ticks = {0};
        RtpMidiReceiver r = new RtpMidiReceiver(16 * 1024, new RtpMidiReceiver.Output() {
            @Override
            public void message(int message, boolean repair) {
                assertThat(message).isEqualTo(0xF8);
                ticks[0]++;
            }

            @Override
            public void sysex(byte[] b, int off, int len) {
                got.add(Arrays.copyOfRange(b, off, off + len));
            }
        });
        for (byte[] p : packets) {
            r.receive(p, 0, p.length);
        }
        assertThat(ticks[0]).isEqualTo(8);
        assertThat(got).hasSize(1);
        assertThat(got.get(0)).isEqualTo(sysex);
        System.out.printf("10 KiB sysex: %d packets of at most %d octets (MTU %d), reassembled whole%n",
                packets.size(), packets.stream().mapToInt(p -> p.length).max().getAsInt(), mtu);

        // the same with the third packet lost: nothing delivered, no exception
        got.clear();
        RtpMidiReceiver lossy = new RtpMidiReceiver(16 * 1024, new RtpMidiReceiver.Output() {
            @Override
            public void message(int message, boolean repair) {
            }

            @Override
            public void sysex(byte[] b, int off, int len) {
                got.add(Arrays.copyOfRange(b, off, off + len));
            }
        });
        for (int i = 0; i < packets.size(); i++) {
            if (i != 2) {
                lossy.receive(packets.get(i), 0, packets.get(i).length);
            }
        }
        assertThat(got).isEmpty();
    }

    @Test
    void segmenterRefusesWhatIsNoSysex() {
        assertThatThrownBy(() -> new SysexSegmenter().start(bytes(0xF0, 0x01), 0, 2)).hasMessageStartingWith("BAD_MIDI");
        assertThatThrownBy(() -> new SysexSegmenter().start(bytes(0xF0, 0x90, 0xF7), 0, 3)).hasMessageStartingWith("BAD_MIDI");
    }

    static void assertReason(byte[] section, Reason reason) {
        assertThatThrownBy(() -> decode(section))
                .isInstanceOfSatisfying(WireException.class, e -> assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason));
    }
}
