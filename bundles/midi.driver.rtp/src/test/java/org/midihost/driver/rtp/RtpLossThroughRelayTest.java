package org.midihost.driver.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.midihost.driver.rtp.Participant.await;

import java.net.InetAddress;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.midihost.spi.InInstance;
import org.midihost.spi.OutInstance;
import org.midihost.testkit.Configs;
import org.midihost.testkit.RecordingInClient;
import org.midihost.testkit.RecordingOutClient;

/**
 * Two drivers through a relay that drops 5 % of the RTP-MIDI packets both ways: random NoteOn and
 * NoteOff on four channels from alice to bob, then every note off; bob's input ends with no note on
 * (the recovery journal repairs; a guard packet repairs the loss of the very last one).
 */
@Timeout(120)
class RtpLossThroughRelayTest {

    @Test
    void fivePercentLossLeavesNoNoteOn() throws Exception {
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        try (RtpDevices bob = new RtpDevices(Settings.of(Configs.of(RtpDriver.Config.class, "name", "bob", "port",
                Participant.freePair(lo))), p -> { });
                LossyRelay relay = new LossyRelay(bob.endpoint().controlPort(), 0.05, 14);
                RtpDevices alice = new RtpDevices(Settings.of(Configs.of(RtpDriver.Config.class, "name", "alice",
                        "port", Participant.freePair(lo), "peers", new String[] {"127.0.0.1:" + relay.port()})),
                        p -> { })) {
            await("the session up through the relay", () -> !alice.outDevices().isEmpty() && !bob.inDevices().isEmpty());
            NoteCounter atBob = new NoteCounter();
            InInstance in = bob.openIn("alice", atBob);
            in.start();
            OutInstance out = alice.openOut("bob", new RecordingOutClient());
            Random random = new Random(6295);
            boolean[][] on = new boolean[4][128];
            for (int i = 0; i < 3000; i++) {
                int channel = random.nextInt(4);
                int note = 36 + random.nextInt(48);
                if (on[channel][note] && random.nextBoolean()) {
                    out.shortMsg(0x80 | channel | note << 8);
                    on[channel][note] = false;
                } else {
                    out.shortMsg(0x90 | channel | note << 8 | (1 + random.nextInt(127)) << 16);
                    on[channel][note] = true;
                }
                if (i % 50 == 49) {
                    // pace: let the relay take all alice sent and bob all the relay passed on, so that no
                    // socket buffer overflows (the only losses are the relay's)
                    try {
                        await("bob caught up", () -> relay.forwarded.get() + relay.dropped.get()
                                >= alice.sessions().get(0).packetsOut()
                                && bob.sessions().get(0).packetsIn() >= relay.forwarded.get());
                    } catch (AssertionError e) {
                        throw new AssertionError(e.getMessage() + String.format(" at %d: relay passed %d, bob took %d, "
                                + "malformed %d, unexpected %d", i, relay.forwarded.get(),
                                bob.sessions().get(0).packetsIn(), bob.endpoint().malformed(),
                                bob.endpoint().unexpected()));
                    }
                }
            }
            // every note off; the packet of the last NoteOff is lost on purpose: only a guard packet
            // (the journal with no commands, sent when alice has been quiet) can repair it
            int last = -1;
            for (int c = 0; c < 4; c++) {
                for (int k = 0; k < 128; k++) {
                    if (on[c][k]) {
                        if (last >= 0) {
                            out.shortMsg(last);
                        }
                        last = 0x80 | c | k << 8;
                    }
                }
            }
            await("the relay took everything so far", () -> relay.forwarded.get() + relay.dropped.get()
                    >= alice.sessions().get(0).packetsOut());
            relay.dropNext.set(true);
            out.shortMsg(last);
            long sentWithCommands = alice.sessions().get(0).packetsOut();
            // everything alice sent has passed the relay or been dropped, bob took all that passed
            // (guard packets included), and no note is on
            try {
                await("no note on at bob once every packet is through", () -> {
                    long sent = alice.sessions().get(0).packetsOut();
                    return sent == relay.forwarded.get() + relay.dropped.get()
                            && bob.sessions().get(0).packetsIn() == relay.forwarded.get() && atBob.notesOn() == 0;
                });
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + String.format(": alice sent %d, relay passed %d and dropped "
                        + "%d, bob took %d; %d notes on at bob", alice.sessions().get(0).packetsOut(),
                        relay.forwarded.get(), relay.dropped.get(), bob.sessions().get(0).packetsIn(), atBob.notesOn()));
            }
            SessionInfo s = bob.sessions().get(0);
            System.out.printf("alice sent %d RTP packets, the relay dropped %d; bob: %d in, %d losses, %d journal "
                    + "repairs%n", alice.sessions().get(0).packetsOut(), relay.dropped.get(), s.packetsIn(),
                    s.losses(), s.journalRepairs());
            assertThat(relay.dropped.get()).isPositive();
            assertThat(alice.sessions().get(0).packetsOut()).as("guard packets").isGreaterThan(sentWithCommands);
            assertThat(s.journalRepairs()).isPositive();
            assertThat(s.losses()).isPositive();
            out.close();
            in.close();
        }
    }

    /** Counts the notes sounding from what arrives (NoteOn velocity 0 is a NoteOff). */
    static final class NoteCounter extends RecordingInClient {
        private final boolean[][] on = new boolean[16][128];
        private int count;

        @Override
        public synchronized void data(int message, long nanos) {
            int status = message & 0xF0;
            int channel = message & 0x0F;
            int note = message >>> 8 & 0x7F;
            boolean noteOn = status == 0x90 && (message >>> 16 & 0x7F) != 0;
            boolean noteOff = status == 0x80 || (status == 0x90 && !noteOn);
            if (noteOn && !on[channel][note]) {
                on[channel][note] = true;
                count++;
            } else if (noteOff && on[channel][note]) {
                on[channel][note] = false;
                count--;
            }
        }

        synchronized int notesOn() {
            return count;
        }
    }
}
