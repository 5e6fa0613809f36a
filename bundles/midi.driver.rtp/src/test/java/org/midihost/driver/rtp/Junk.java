package org.midihost.driver.rtp;

import static org.midihost.driver.rtp.Participant.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Random;
import java.util.function.LongSupplier;

import org.midihost.driver.rtp.wire.AppleMidiPacket;
import org.midihost.driver.rtp.wire.AppleMidiPacket.Command;

/** Junk and truncated datagrams for an endpoint's ports, from a socket of their own. */
final class Junk {
    private Junk() {
    }

    /**
     * Sends {@code count} bad datagrams to {@code port} and {@code port + 1} of 127.0.0.1, in batches
     * of 100, each batch only after {@code counted} has caught up (so that the socket buffer never
     * overflows and every datagram is accounted for). Kinds: random bytes (0–80 octets), AppleMIDI
     * cut short, unknown AppleMIDI commands, a CK and an RS of an unknown SSRC, RTP headers cut
     * short, and a whole RTP packet and a BY carrying the participant's SSRC from the wrong socket.
     * No valid IN is sent to the control port (that would be an invitation, and accepted on loopback).
     *
     * @return the number sent
     */
    static int flood(int port, int participantSsrc, int count, long seed, LongSupplier counted)
            throws IOException, org.midihost.driver.rtp.wire.WireException {
        Random random = new Random(seed);
        InetSocketAddress control = new InetSocketAddress("127.0.0.1", port);
        InetSocketAddress data = new InetSocketAddress("127.0.0.1", port + 1);
        AppleMidiPacket p = new AppleMidiPacket();
        byte[] b = new byte[128];
        try (DatagramChannel ch = DatagramChannel.open()) {
            for (int i = 0; i < count; i++) {
                int len;
                switch (i % 8) {
                    case 0, 1 -> {
                        len = random.nextInt(81);
                        random.nextBytes(b);
                        if (len >= 2 && b[0] == (byte) 0xFF && b[1] == (byte) 0xFF) {
                            b[1] = 0; // keep it junk: not AppleMIDI
                        }
                    }
                    case 2 -> { // an invitation cut short
                        len = p.session(Command.IN, random.nextInt(), random.nextInt(), "junk").write(b, 0);
                        len = random.nextInt(len - 8);
                    }
                    case 3 -> { // an unknown command
                        len = 16;
                        random.nextBytes(b);
                        b[0] = (byte) 0xFF;
                        b[1] = (byte) 0xFF;
                        b[2] = 'Z';
                    }
                    case 4 -> len = p.clock(random.nextInt() | 1, 0, 1, 0, 0).write(b, 0);
                    case 5 -> len = p.feedback(random.nextInt() | 1, 7).write(b, 0);
                    case 6 -> { // RTP: cut short, or the participant's SSRC from the wrong socket
                        len = random.nextBoolean() ? random.nextInt(12) : 16;
                        random.nextBytes(b);
                        b[0] = (byte) 0x80;
                        b[1] = 0x61;
                        b[8] = (byte) (participantSsrc >>> 24);
                        b[9] = (byte) (participantSsrc >>> 16);
                        b[10] = (byte) (participantSsrc >>> 8);
                        b[11] = (byte) participantSsrc;
                    }
                    default -> len = p.session(Command.BY, 0, participantSsrc, null).write(b, 0);
                }
                ch.send(ByteBuffer.wrap(b, 0, len), random.nextBoolean() ? control : data);
                if ((i + 1) % 100 == 0 || i + 1 == count) {
                    int sent = i + 1;
                    await(sent + " junk datagrams counted", () -> counted.getAsLong() >= sent);
                }
            }
        }
        return count;
    }
}
