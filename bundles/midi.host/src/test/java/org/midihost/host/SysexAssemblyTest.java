package org.midihost.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.midihost.api.MidiHeader;

/** The input's system-exclusive assembly on its own: no driver, no handle. */
class SysexAssemblyTest {
    final SysexAssembly sysex = new SysexAssembly();
    final List<MidiHeader> done = new ArrayList<>();

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    private static String filled(MidiHeader h) {
        return HexFormat.of().formatHex(h.data(), 0, h.bytesRecorded());
    }

    private MidiHeader buffer(int size) {
        MidiHeader h = new MidiHeader(new byte[size]);
        h.updateFlags(MidiHeader.PREPARED | MidiHeader.INQUEUE, 0);
        sysex.add(h);
        return h;
    }

    @Test
    void aMessageInPiecesFillsBuffersInOrderAndTheEndReturnsThePartlyFilledOne() {
        MidiHeader a = buffer(4);
        MidiHeader b = buffer(4);
        MidiHeader c = buffer(4);
        assertThat(sysex.feed(hex("f0 01 02"), 0, 3, false, done)).isFalse();
        assertThat(done).isEmpty();
        assertThat(sysex.feed(hex("03 04 05 06 07"), 0, 5, false, done)).isFalse();
        assertThat(done).containsExactly(a, b);
        assertThat(sysex.feed(hex("f7"), 0, 1, true, done)).isFalse();
        assertThat(done).containsExactly(a, b, c);
        assertThat(done).extracting(SysexAssemblyTest::filled).containsExactly("f0010203", "04050607", "f7");
        assertThat(done).allMatch(h -> h.isDone() && !h.isInQueue());
        assertThat(sysex.isEmpty()).isTrue();
    }

    @Test
    void aMessageWithNoBufferIsLostOnceAndTheNextOneFillsTheBufferThatCameMeanwhile() {
        assertThat(sysex.feed(hex("f0 01"), 0, 2, false, done)).isTrue();
        MidiHeader late = buffer(8);
        assertThat(sysex.feed(hex("02 03"), 0, 2, false, done)).as("reported once per message").isFalse();
        assertThat(sysex.feed(hex("f7"), 0, 1, true, done)).isFalse();
        assertThat(done).isEmpty(); // the rest of the lost message is not poured into the late buffer
        sysex.feed(hex("f0 7e f7"), 0, 3, true, done);
        assertThat(done).containsExactly(late);
        assertThat(filled(late)).isEqualTo("f07ef7");
    }

    @Test
    void aBrokenMessageReturnsTheBufferHoldingItsStartOnly() {
        MidiHeader a = buffer(8);
        buffer(8);
        assertThat(sysex.broken()).as("nothing received yet").isNull();
        sysex.feed(hex("f0 01 02"), 0, 3, false, done);
        MidiHeader broken = sysex.broken();
        assertThat(broken).isSameAs(a);
        assertThat(filled(broken)).isEqualTo("f00102");
        assertThat(sysex.isEmpty()).isFalse();
    }

    @Test
    void stopTakesThePartlyFilledBufferAndResetTakesEveryBufferEmpty() {
        MidiHeader a = buffer(8);
        MidiHeader b = buffer(8);
        MidiHeader c = buffer(8);
        sysex.feed(hex("f0 01"), 0, 2, false, done);
        List<MidiHeader> stopped = new ArrayList<>();
        sysex.take(false, stopped);
        assertThat(stopped).containsExactly(a);
        assertThat(a.bytesRecorded()).isEqualTo(2);
        List<MidiHeader> reset = new ArrayList<>();
        sysex.take(true, reset);
        assertThat(reset).containsExactly(b, c);
        assertThat(reset).allMatch(h -> h.bytesRecorded() == 0 && h.isDone());
        assertThat(sysex.isEmpty()).isTrue();
    }
}
