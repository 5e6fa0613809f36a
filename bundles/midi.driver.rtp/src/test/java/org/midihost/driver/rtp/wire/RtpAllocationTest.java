package org.midihost.driver.rtp.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The codec's hot paths allocate nothing after construction: writing and receiving journalled
 * RTP-MIDI packets, parsing and writing AppleMIDI packets. Measured with the JVM's per-thread
 * allocation counter over 10^5 rounds after a warm-up.
 */
class RtpAllocationTest {

    static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    @Test
    void hotPathsAllocateNothing() throws Exception {
        RtpMidiPacketWriter writer = new RtpMidiPacketWriter(7, 0, 1400, true);
        int[] played = {0};
        RtpMidiReceiver receiver = new RtpMidiReceiver(256, new RtpMidiReceiver.Output() {
            @Override
            public void message(int message, boolean repair) {
                played[0]++;
            }

            @Override
            public void sysex(byte[] b, int off, int len) {
            }
        });
        AppleMidiPacket apple = new AppleMidiPacket();
        byte[] invitation = AppleMidiPacketTest.INVITATION;
        byte[] out = new byte[1400];
        byte[] small = new byte[64];
        for (int pass = 0; pass < 2; pass++) {
            int rounds = pass == 0 ? 50_000 : 100_000;
            long before = allocated();
            for (int i = 0; i < rounds; i++) {
                writer.begin();
                int note = 36 + (i & 31);
                writer.add(0, 0x90 | note << 8 | 100 << 16);
                writer.add(1, 0xB0 | 7 << 8 | (i & 0x7F) << 16);
                writer.add(2, 0x80 | ((note + 16) & 0x7F) << 8 | 64 << 16);
                int n = writer.finish(i, out, 0);
                if (i % 7 != 3) { // every seventh packet lost: the next one repairs
                    receiver.receive(out, 0, n);
                }
                if (i % 50 == 49) {
                    writer.journal().acknowledged(receiver.state().highest());
                }
                apple.parse(invitation, 0, invitation.length);
                apple.write(small, 0);
            }
            long bytes = allocated() - before;
            if (pass == 1) {
                System.out.printf("allocation: %d bytes over %d rounds (write + receive with journal + AppleMIDI parse/write), %d commands played%n",
                        bytes, rounds, played[0]);
                assertThat(bytes).as("bytes allocated").isLessThan(10_000);
            }
        }
        assertThat(Arrays.copyOf(small, 4)).isEqualTo(Arrays.copyOf(invitation, 4));
    }
}
