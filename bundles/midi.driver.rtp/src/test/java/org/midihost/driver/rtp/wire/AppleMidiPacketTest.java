package org.midihost.driver.rtp.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.midihost.driver.rtp.wire.AppleMidiPacket.Command;
import org.midihost.driver.rtp.wire.WireException.Reason;

/**
 * AppleMIDI session packets, against layouts assembled by hand from the public descriptions of
 * the protocol (Apple's RTP-MIDI session protocol as the Wireshark AppleMIDI dissector reads it).
 */
class AppleMidiPacketTest {

    static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    /** FF FF 'I' 'N', version 2, initiator token, SSRC, "Session" NUL. */
    static final byte[] INVITATION = bytes(0xFF, 0xFF, 'I', 'N', 0, 0, 0, 2, 0x12, 0x34, 0x56, 0x78,
            0x9A, 0xBC, 0xDE, 0xF0, 'S', 'e', 's', 's', 'i', 'o', 'n', 0);

    @Test
    void invitationByteExact() throws Exception {
        AppleMidiPacket p = new AppleMidiPacket().parse(INVITATION, 0, INVITATION.length);
        assertThat(p.command()).isEqualTo(Command.IN);
        assertThat(p.version()).isEqualTo(2);
        assertThat(p.token()).isEqualTo(0x12345678);
        assertThat(p.ssrc()).isEqualTo(0x9ABCDEF0);
        assertThat(p.name()).isEqualTo("Session");

        byte[] out = new byte[64];
        int n = new AppleMidiPacket().session(Command.IN, 0x12345678, 0x9ABCDEF0, "Session").write(out, 0);
        assertThat(Arrays.copyOf(out, n)).isEqualTo(INVITATION);
    }

    @Test
    void everySessionCommandRoundTrips() throws Exception {
        for (Command c : new Command[] {Command.IN, Command.OK, Command.NO, Command.BY}) {
            for (String name : new String[] {null, "", "Bühne — 1 ♪"}) {
                AppleMidiPacket w = new AppleMidiPacket().session(c, 0xCAFEBABE, -1, name);
                byte[] out = new byte[AppleMidiPacket.MAX_PACKET_BYTES];
                int n = w.write(out, 0);
                AppleMidiPacket r = new AppleMidiPacket().parse(out, 0, n);
                assertThat(r.command()).isEqualTo(c);
                assertThat(r.token()).isEqualTo(0xCAFEBABE);
                assertThat(r.ssrc()).isEqualTo(-1);
                assertThat(r.name()).isEqualTo(name);
                assertThat(n).isEqualTo(w.length());
            }
        }
    }

    @Test
    void clockSyncByteExactAndRoundTrip() throws Exception {
        byte[] ck = bytes(0xFF, 0xFF, 'C', 'K', 0x01, 0x02, 0x03, 0x04, 2, 0, 0, 0,
                0, 0, 0, 0, 0, 0, 0, 1,
                0, 0, 0, 0, 0, 0, 1, 0,
                0x80, 0, 0, 0, 0, 0, 0, 0x10);
        AppleMidiPacket p = new AppleMidiPacket().parse(ck, 0, ck.length);
        assertThat(p.command()).isEqualTo(Command.CK);
        assertThat(p.ssrc()).isEqualTo(0x01020304);
        assertThat(p.count()).isEqualTo(2);
        assertThat(p.timestamp(0)).isEqualTo(1);
        assertThat(p.timestamp(1)).isEqualTo(256);
        assertThat(p.timestamp(2)).isEqualTo(0x8000000000000010L);
        byte[] out = new byte[36];
        assertThat(new AppleMidiPacket().clock(0x01020304, 2, 1, 256, 0x8000000000000010L).write(out, 0)).isEqualTo(36);
        assertThat(out).isEqualTo(ck);
    }

    @Test
    void receiverFeedbackByteExactAndRoundTrip() throws Exception {
        byte[] rs = bytes(0xFF, 0xFF, 'R', 'S', 0xDE, 0xAD, 0xBE, 0xEF, 0xAB, 0xCD, 0, 0);
        AppleMidiPacket p = new AppleMidiPacket().parse(rs, 0, rs.length);
        assertThat(p.command()).isEqualTo(Command.RS);
        assertThat(p.ssrc()).isEqualTo(0xDEADBEEF);
        assertThat(p.sequence()).isEqualTo(0xABCD);
        byte[] out = new byte[12];
        new AppleMidiPacket().feedback(0xDEADBEEF, 0xABCD).write(out, 0);
        assertThat(out).isEqualTo(rs);
    }

    @Test
    void byteBuffersHeapAndDirect() throws Exception {
        for (ByteBuffer buf : new ByteBuffer[] {ByteBuffer.allocate(100), ByteBuffer.allocateDirect(100)}) {
            buf.position(7);
            int n = new AppleMidiPacket().session(Command.OK, 5, 6, "peer").write(buf);
            assertThat(buf.position()).isEqualTo(7 + n);
            buf.flip().position(7);
            AppleMidiPacket r = new AppleMidiPacket().parse(buf);
            assertThat(r.command()).isEqualTo(Command.OK);
            assertThat(r.name()).isEqualTo("peer");
            assertThat(buf.position()).isEqualTo(7);
        }
    }

    @Test
    void malformedInputGivesTypedReasons() {
        assertReason(bytes(0xFF, 0xFF, 'I'), Reason.TRUNCATED);
        assertReason(bytes(0xFF, 0xFE, 'I', 'N', 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0), Reason.BAD_SIGNATURE);
        assertReason(bytes(0xFF, 0xFF, 'X', 'X', 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0), Reason.UNKNOWN_COMMAND);
        assertReason(bytes(0xFF, 0xFF, 'I', 'N', 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0), Reason.BAD_VERSION);
        assertReason(bytes(0xFF, 0xFF, 'I', 'N', 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0), Reason.TRUNCATED);
        assertReason(bytes(0xFF, 0xFF, 'O', 'K', 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 'a', 'b'), Reason.NAME_UNTERMINATED);
        byte[] longName = Arrays.copyOf(INVITATION, 16 + 300);
        Arrays.fill(longName, 16, longName.length, (byte) 'x');
        assertReason(longName, Reason.NAME_TOO_LONG);
        byte[] ck = new byte[36];
        ck[0] = ck[1] = (byte) 0xFF;
        ck[2] = 'C';
        ck[3] = 'K';
        ck[8] = 3;
        assertReason(ck, Reason.BAD_COUNT);
        assertReason(Arrays.copyOf(ck, 35), Reason.TRUNCATED);
        assertReason(bytes(0xFF, 0xFF, 'R', 'S', 0, 0, 0, 0, 0, 0, 0), Reason.TRUNCATED);
        assertReason(new byte[0], Reason.TRUNCATED);
    }

    @Test
    void longestNameIsAcceptedOneMoreIsNot() throws Exception {
        String max = "n".repeat(AppleMidiPacket.MAX_NAME_BYTES);
        byte[] out = new byte[AppleMidiPacket.MAX_PACKET_BYTES];
        int n = new AppleMidiPacket().session(Command.IN, 1, 2, max).write(out, 0);
        assertThat(new AppleMidiPacket().parse(out, 0, n).name()).isEqualTo(max);
        assertThatThrownBy(() -> new AppleMidiPacket().session(Command.IN, 1, 2, max + "n"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void writingIntoTooSmallABufferIsRefused() {
        assertThatThrownBy(() -> new AppleMidiPacket().feedback(1, 2).write(new byte[11], 0))
                .isInstanceOfSatisfying(WireException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BUFFER_TOO_SMALL));
    }

    static void assertReason(byte[] b, Reason reason) {
        assertThatThrownBy(() -> new AppleMidiPacket().parse(b, 0, b.length))
                .isInstanceOfSatisfying(WireException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }
}
