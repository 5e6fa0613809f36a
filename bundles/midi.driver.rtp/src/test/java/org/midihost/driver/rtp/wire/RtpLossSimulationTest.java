package org.midihost.driver.rtp.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.midihost.driver.rtp.wire.JournalReceiver.Arrival;

/**
 * The goal, "a lost packet does not leave a note stuck or a controller wrong", on the
 * codec alone: a sender writes 10^4 random notes, controllers, programs, pitch wheel and
 * pressure through an in-memory network that drops 5 % of the packets (and of the RS feedback)
 * and swaps some neighbours; the receiver repairs from the journals. At the end no note is left
 * on and every controller, program, pitch wheel and pressure is the sender's last. A receiver
 * that plays what arrives and ignores the journals, fed the same packets, shows what is at stake.
 */
class RtpLossSimulationTest {

    static final int EVENTS = 10_000;
    static final int CHANNELS = 4;
    static final int[] CONTROLLERS = {0, 1, 7, 10, 11, 32, 64, 71, 74, 91};
    static final int MTU = 1400;

    /** Plays everything it gets, late packets too, without journals. */
    static final class Naive {
        final JournalReceiver state = new JournalReceiver();
        final RtpHeader header = new RtpHeader();
        final MidiCommandSection section = new MidiCommandSection();
        final MidiListSink sink = new MidiListSink() {
            @Override
            public void message(long time, int message) {
                state.played(message);
            }

            @Override
            public void sysex(long time, byte[] b, int off, int len) {
            }
        };

        void receive(byte[] p) throws WireException {
            header.parse(p, 0, p.length);
            section.parse(p, header.headerLength(), header.payloadLength(), sink);
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {20261201, 1, 2, 3, 4})
    void noStuckNoteNoWrongControllerAtFivePercentLoss(long seed) throws Exception {
        Random rnd = new Random(seed);
        int ssrc = 0x5EED0001;
        RtpMidiPacketWriter writer = new RtpMidiPacketWriter(ssrc, 65000, MTU, true); // wraps at 65536
        RtpMidiReceiver receiver = new RtpMidiReceiver(4096, new RtpMidiReceiver.Output() {
            @Override
            public void message(int message, boolean repair) {
            }

            @Override
            public void sysex(byte[] b, int off, int len) {
            }
        });
        Naive naive = new Naive();

        boolean[][] on = new boolean[CHANNELS][128];
        int[][] cc = new int[CHANNELS][128];
        for (int[] row : cc) {
            Arrays.fill(row, -1);
        }
        int[] program = new int[CHANNELS];
        int[] pitch = new int[CHANNELS];
        int[] pressure = new int[CHANNELS];
        Arrays.fill(program, -1);
        Arrays.fill(pitch, -1);
        Arrays.fill(pressure, -1);

        Network net = new Network(rnd);
        byte[] out = new byte[MTU];
        int events = 0;
        int maxJournal = 0;
        int packets = 0;
        List<Integer> pending = new ArrayList<>();
        while (events < EVENTS) {
            pending.clear();
            int k = 1 + rnd.nextInt(4);
            for (int i = 0; i < k && events < EVENTS; i++, events++) {
                int c = rnd.nextInt(CHANNELS);
                int roll = rnd.nextInt(100);
                int m;
                int sounding = count(on[c]);
                if (roll < 40 && sounding < 12 || sounding == 0 && roll < 75) {
                    int n = 36 + rnd.nextInt(48);
                    m = 0x90 | c | n << 8 | (1 + rnd.nextInt(127)) << 16;
                    on[c][n] = true;
                } else if (roll < 75) {
                    int n = nth(on[c], rnd.nextInt(sounding));
                    m = (rnd.nextBoolean() ? 0x80 | c | n << 8 | 64 << 16 : 0x90 | c | n << 8);
                    on[c][n] = false;
                } else if (roll < 90) {
                    int number = CONTROLLERS[rnd.nextInt(CONTROLLERS.length)];
                    int v = rnd.nextInt(128);
                    m = 0xB0 | c | number << 8 | v << 16;
                    cc[c][number] = v;
                } else if (roll < 94) {
                    int p = rnd.nextInt(128);
                    m = 0xC0 | c | p << 8;
                    program[c] = p;
                } else if (roll < 97) {
                    int v = rnd.nextInt(16384);
                    m = 0xE0 | c | (v & 0x7F) << 8 | (v >> 7) << 16;
                    pitch[c] = v;
                } else {
                    int v = rnd.nextInt(128);
                    m = 0xD0 | c | v << 8;
                    pressure[c] = v;
                }
                pending.add(m);
            }
            maxJournal = Math.max(maxJournal, send(writer, pending, out, net));
            packets++;
            net.deliver(receiver, naive, writer, ssrc);
        }
        // the end of the performance: the sender turns its notes off
        pending.clear();
        for (int c = 0; c < CHANNELS; c++) {
            for (int n = 0; n < 128; n++) {
                if (on[c][n]) {
                    pending.add(0x80 | c | n << 8 | 64 << 16);
                    on[c][n] = false;
                }
            }
        }
        send(writer, pending, out, net);
        packets++;
        net.deliver(receiver, naive, writer, ssrc);
        // guard packets (empty list, journal) until the receiver reports the last packet
        int guards = 0;
        long last = writer.sequence() - 1;
        while (receiver.state().highest() != (int) (last & 0xFFFF) || writer.journal().checkpoint() <= last) {
            assertThat(guards).as("guard packets").isLessThan(100);
            send(writer, List.of(), out, net);
            last = writer.sequence() - 1;
            guards++;
            net.deliver(receiver, naive, writer, ssrc);
            net.feedback(receiver, writer, ssrc);
        }
        net.flush(receiver, naive);

        JournalReceiver state = receiver.state();
        int wrongControllers = 0;
        int controllers = 0;
        for (int c = 0; c < CHANNELS; c++) {
            for (int n = 0; n < 128; n++) {
                if (cc[c][n] >= 0) {
                    controllers++;
                    if (state.controller(c, n) != cc[c][n]) {
                        wrongControllers++;
                    }
                }
            }
        }
        int naiveWrong = 0;
        for (int c = 0; c < CHANNELS; c++) {
            for (int n = 0; n < 128; n++) {
                if (cc[c][n] >= 0 && naive.state.controller(c, n) != cc[c][n]) {
                    naiveWrong++;
                }
            }
            naiveWrong += naive.state.program(c) != program[c] ? 1 : 0;
            naiveWrong += naive.state.pitch(c) != pitch[c] ? 1 : 0;
            naiveWrong += naive.state.pressure(c) != pressure[c] ? 1 : 0;
        }
        System.out.printf("loss simulation (seed %d): %d events in %d packets (+%d guard), %d dropped (%.1f %%), %d swapped, "
                        + "%d RS sent / %d dropped; receiver: %d losses detected, %d late dropped, %d repair commands, "
                        + "%d uncovered; largest journal %d octets; at the end: %d notes on, %d of %d controllers wrong; "
                        + "without journals: %d notes on, %d controllers/programs/pitch/pressure wrong%n",
                seed, EVENTS, packets, guards, net.dropped, 100.0 * net.dropped / net.sent, net.swapped, net.feedbackSent,
                net.feedbackDropped, state.losses(), receiver.late(), state.repairs(), state.uncovered(), maxJournal,
                state.notesOn(), wrongControllers, controllers, naive.state.notesOn(), naiveWrong);

        assertThat(net.dropped).as("dropped").isGreaterThan(net.sent / 40);
        assertThat(state.losses()).isPositive();
        assertThat(receiver.malformed()).isZero();
        assertThat(state.uncovered()).isZero();
        assertThat(state.notesOn()).as("notes left on").isZero();
        assertThat(wrongControllers).as("wrong controllers").isZero();
        for (int c = 0; c < CHANNELS; c++) {
            assertThat(state.program(c)).as("program %d", c).isEqualTo(program[c]);
            assertThat(state.pitch(c)).as("pitch %d", c).isEqualTo(pitch[c]);
            assertThat(state.pressure(c)).as("pressure %d", c).isEqualTo(pressure[c]);
        }
        assertThat(naive.state.notesOn() + naiveWrong).as("the loss matters without journals").isPositive();
    }

    /** Writes one packet of {@code messages}; returns its journal's size. */
    static int send(RtpMidiPacketWriter w, List<Integer> messages, byte[] out, Network net) throws WireException {
        w.begin();
        int journalRoom = w.room();
        for (int i = 0; i < messages.size(); i++) {
            assertThat(w.add(i, messages.get(i))).isTrue();
        }
        int n = w.finish((int) w.sequence() * 10, out, 0);
        net.send(Arrays.copyOf(out, n));
        return MTU - RtpHeader.LENGTH - 2 - journalRoom; // what begin() left is the MTU less the journal
    }

    static int count(boolean[] b) {
        int n = 0;
        for (boolean x : b) {
            n += x ? 1 : 0;
        }
        return n;
    }

    static int nth(boolean[] b, int k) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] && k-- == 0) {
                return i;
            }
        }
        throw new IllegalStateException();
    }

    /** Drops 5 %, swaps 3 % with the next packet; the RS path drops 5 % too. */
    static final class Network {
        final Random rnd;
        final Deque<byte[]> queue = new ArrayDeque<>();
        byte[] held;
        int sent;
        int dropped;
        int swapped;
        int delivered;
        int feedbackSent;
        int feedbackDropped;
        final AppleMidiPacket rs = new AppleMidiPacket();
        final byte[] rsBytes = new byte[12];

        Network(Random rnd) {
            this.rnd = rnd;
        }

        void send(byte[] p) {
            sent++;
            if (rnd.nextDouble() < 0.05) {
                dropped++;
                return;
            }
            if (held == null && rnd.nextDouble() < 0.03) {
                held = p; // goes out after the next one
                swapped++;
                return;
            }
            queue.add(p);
            if (held != null) {
                queue.add(held);
                held = null;
            }
        }

        void deliver(RtpMidiReceiver r, Naive naive, RtpMidiPacketWriter w, int ssrc) throws WireException {
            while (!queue.isEmpty()) {
                byte[] p = queue.poll();
                Arrival a = r.receive(p, 0, p.length);
                assertThat(a).isNotNull();
                naive.receive(p);
                if (++delivered % 8 == 0) {
                    feedback(r, w, ssrc);
                }
            }
        }

        void flush(RtpMidiReceiver r, Naive naive) throws WireException {
            if (held != null) {
                r.receive(held, 0, held.length);
                naive.receive(held);
                held = null;
            }
        }

        void feedback(RtpMidiReceiver r, RtpMidiPacketWriter w, int ssrc) throws WireException {
            if (r.state().highest() < 0) {
                return;
            }
            feedbackSent++;
            if (rnd.nextDouble() < 0.05) {
                feedbackDropped++;
                return;
            }
            int n = rs.feedback(ssrc, r.state().highest()).write(rsBytes, 0);
            AppleMidiPacket got = new AppleMidiPacket().parse(rsBytes, 0, n);
            w.journal().acknowledged(got.sequence());
        }
    }
}
