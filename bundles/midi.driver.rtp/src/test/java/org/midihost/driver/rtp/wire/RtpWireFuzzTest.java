package org.midihost.driver.rtp.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Coverage-guided fuzzing of every wire parser with Jazzer, as midi.host fuzzes its byte parser:
 * a plain test run replays the inputs under {@code src/test/resources/.../RtpWireFuzzTestInputs};
 * the build's {@code fuzz} execution fuzzes for a bounded time (JAZZER_FUZZ=1, 35 s). The first
 * input octet picks the parser. Properties: nothing but {@link WireException} is thrown, whatever
 * the bytes; what parses writes back to the same thing (AppleMIDI packets, MIDI lists); the
 * journal receiver's state stays in range; the reassembler never exceeds its bound.
 */
class RtpWireFuzzTest {

    @FuzzTest(maxDuration = "35s")
    void parsersRefuseOrRoundTrip(FuzzedDataProvider data) throws Exception {
        int which = data.consumeInt(0, 4);
        switch (which) {
            case 0 -> appleMidi(data.consumeRemainingAsBytes());
            case 1 -> midiList(data.consumeRemainingAsBytes());
            case 2 -> journal(data);
            case 3 -> stream(data);
            default -> sysex(data);
        }
    }

    static void appleMidi(byte[] b) throws Exception {
        AppleMidiPacket p = new AppleMidiPacket();
        try {
            p.parse(b, 0, b.length);
        } catch (WireException e) {
            return;
        }
        byte[] out = new byte[AppleMidiPacket.MAX_PACKET_BYTES];
        int n = p.write(out, 0);
        AppleMidiPacket q = new AppleMidiPacket().parse(out, 0, n);
        assertThat(q.toString()).isEqualTo(p.toString());
        assertThat(q.write(new byte[n], 0)).isEqualTo(n);
    }

    static void midiList(byte[] b) throws Exception {
        List<long[]> events = new ArrayList<>();
        List<byte[]> segments = new ArrayList<>();
        MidiListSink sink = new MidiListSink() {
            @Override
            public void message(long time, int message) {
                events.add(new long[] {time, message});
            }

            @Override
            public void sysex(long time, byte[] s, int off, int len) {
                events.add(new long[] {time, -1 - segments.size()});
                segments.add(Arrays.copyOfRange(s, off, off + len));
            }
        };
        try {
            new MidiCommandSection().parse(b, 0, b.length, sink);
        } catch (WireException e) {
            return;
        }
        MidiListWriter w = new MidiListWriter(MidiCommandSection.MAX_LIST);
        for (long[] e : events) {
            boolean fit = e[1] >= 0 ? w.add(e[0], (int) e[1]) : w.addSysex(e[0], segments.get((int) (-1 - e[1])), 0, segments.get((int) (-1 - e[1])).length);
            assertThat(fit).isTrue();
        }
        byte[] out = new byte[w.sectionLength()];
        w.write(out, 0, false);
        List<long[]> again = new ArrayList<>();
        int[] seg = {0};
        new MidiCommandSection().parse(out, 0, out.length, new MidiListSink() {
            @Override
            public void message(long time, int message) {
                again.add(new long[] {time, message});
            }

            @Override
            public void sysex(long time, byte[] s, int off, int len) {
                assertThat(Arrays.copyOfRange(s, off, off + len)).isEqualTo(segments.get(seg[0]));
                again.add(new long[] {time, -1 - seg[0]++});
            }
        });
        assertThat(again).hasSameSizeAs(events);
        for (int i = 0; i < events.size(); i++) {
            assertThat(again.get(i)).isEqualTo(events.get(i));
        }
    }

    static void journal(FuzzedDataProvider data) {
        JournalReceiver r = new JournalReceiver();
        r.arrive(data.consumeInt(0, 0xFFFF));
        while (data.remainingBytes() > 0) {
            byte[] j = data.consumeBytes(data.consumeInt(0, 600));
            try {
                r.repair(j, 0, j.length, m -> assertThat(m & 0xFF).isBetween(0x80, 0xEF));
            } catch (WireException e) {
                // refused whole
            }
            r.arrive(data.consumeInt(0, 0xFFFF));
        }
        assertThat(r.notesOn()).isBetween(0, 16 * 128);
    }

    static void stream(FuzzedDataProvider data) {
        RtpMidiReceiver r = new RtpMidiReceiver(512, new RtpMidiReceiver.Output() {
            @Override
            public void message(int message, boolean repair) {
                assertThat(message & 0xFF).isGreaterThanOrEqualTo(0x80);
            }

            @Override
            public void sysex(byte[] b, int off, int len) {
                assertThat(len).isBetween(2, 512);
                assertThat(b[off]).isEqualTo((byte) 0xF0);
                assertThat(b[off + len - 1]).isEqualTo((byte) 0xF7);
            }
        });
        while (data.remainingBytes() > 0) {
            byte[] p = data.consumeBytes(data.consumeInt(0, 1500));
            try {
                r.receive(p, 0, p.length);
            } catch (WireException e) {
                // counted
            }
        }
    }

    static void sysex(FuzzedDataProvider data) {
        SysexReassembler r = new SysexReassembler(64);
        while (data.remainingBytes() > 0) {
            byte[] s = data.consumeBytes(data.consumeInt(0, 100));
            if (r.accept(s, 0, s.length) == SysexReassembler.Status.COMPLETE) {
                assertThat(r.length()).isBetween(2, 64);
            }
            if (data.consumeBoolean()) {
                r.lost();
            }
        }
    }
}
