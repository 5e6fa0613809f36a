package org.midihost.driver.rtp.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.midihost.driver.rtp.wire.AppleMidiPacket.Command;

/**
 * Packets written by an independent implementation, the npm package rtpmidi 1.0.0 (node 20), in
 * a session between two of its instances on 127.0.0.1 (2026-12-01; the commands are in
 * bundles/midi.driver.rtp/README.md). Parsed here, and written back byte for byte where the
 * codec writes the same thing.
 */
class AppleMidiInteropBytesTest {

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    @Test
    void invitationAndAcceptanceOfNodeRtpmidi() throws Exception {
        byte[] in = hex("ffff494e00000002855dcb10222222224200");
        AppleMidiPacket p = new AppleMidiPacket().parse(in, 0, in.length);
        assertThat(p.command()).isEqualTo(Command.IN);
        assertThat(p.token()).isEqualTo(0x855dcb10);
        assertThat(p.ssrc()).isEqualTo(0x22222222);
        assertThat(p.name()).isEqualTo("B");
        byte[] out = new byte[in.length];
        new AppleMidiPacket().session(Command.IN, 0x855dcb10, 0x22222222, "B").write(out, 0);
        assertThat(out).isEqualTo(in);

        byte[] ok = hex("ffff4f4b00000002855dcb10111111114100");
        p.parse(ok, 0, ok.length);
        assertThat(p.command()).isEqualTo(Command.OK);
        assertThat(p.name()).isEqualTo("A");
    }

    @Test
    void clockSyncAndFeedbackOfNodeRtpmidi() throws Exception {
        byte[] ck = hex("ffff434b1111111101000000000000000000815d00000000000081910000000000008191");
        AppleMidiPacket p = new AppleMidiPacket().parse(ck, 0, ck.length);
        assertThat(p.count()).isEqualTo(1);
        assertThat(p.timestamp(0)).isEqualTo(0x815d);
        assertThat(p.timestamp(1)).isEqualTo(0x8191);
        byte[] out = new byte[36];
        new AppleMidiPacket().clock(0x11111111, 1, 0x815d, 0x8191, 0x8191).write(out, 0);
        assertThat(out).isEqualTo(ck);

        // its RS after receiving RTP sequence number 0x32bc: the number in the first two octets
        byte[] rs = hex("ffff52532222222232bc0000");
        p.parse(rs, 0, rs.length);
        assertThat(p.command()).isEqualTo(Command.RS);
        assertThat(p.sequence()).isEqualTo(0x32bc);
        byte[] rsOut = new byte[12];
        new AppleMidiPacket().feedback(0x22222222, 0x32bc).write(rsOut, 0);
        assertThat(rsOut).isEqualTo(rs);
    }

    @Test
    void rtpMidiPacketOfNodeRtpmidi() throws Exception {
        // RTP v2, PT 97, seq 0x32bc; section Z=1 LEN=8: delta 0, 90 3C 64, delta 0, 80 3C 00; no journal
        byte[] packet = hex("806132bc0000a864111111112800903c6400803c00");
        List<String> got = new ArrayList<>();
        RtpMidiReceiver r = new RtpMidiReceiver(64, new RtpMidiReceiver.Output() {
            @Override
            public void message(int message, boolean repair) {
                got.add(Integer.toHexString(message));
            }

            @Override
            public void sysex(byte[] b, int off, int len) {
            }
        });
        r.receive(packet, 0, packet.length);
        assertThat(r.header().sequence()).isEqualTo(0x32bc);
        // the same bytes again from a direct buffer (as a DatagramChannel may give them): late
        java.nio.ByteBuffer direct = java.nio.ByteBuffer.allocateDirect(64);
        direct.put(packet).flip();
        assertThat(r.receive(direct)).isEqualTo(JournalReceiver.Arrival.LATE);
        assertThat(direct.position()).isZero();
        assertThat(r.header().ssrc()).isEqualTo(0x11111111);
        assertThat(r.header().payloadType()).isEqualTo(97);
        assertThat(got).containsExactly("643c90", "3c80");
    }
}
