package org.midihost.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.midihost.api.MidiHeader;

/** The input's system-exclusive assembly on its own: no driver, no handle. */
class SysexAssemblyTest {
    final SysexAssembly sysex = new SysexAssembly(64);
    final List<SysexAssembly.Done> done = new ArrayList<>();

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    private static String filled(MidiHeader h) {
        return HexFormat.of().formatHex(h.data(), 0, h.bytesRecorded());
    }

    private List<String> doneText() {
        List<String> l = new ArrayList<>();
        for (SysexAssembly.Done d : done) {
            l.add((d.error() ? "error " : "") + filled(d.header()));
        }
        return l;
    }

    private MidiHeader buffer(int size) {
        MidiHeader h = new MidiHeader(new byte[size]);
        h.updateFlags(MidiHeader.PREPARED | MidiHeader.INQUEUE, 0);
        sysex.add(h, done);
        return h;
    }

    private int feed(String hex, boolean end) {
        byte[] b = hex(hex);
        return sysex.feed(b, 0, b.length, end, 0, done);
    }

    @Test
    void aMessageInPiecesFillsBuffersInOrderAndTheEndReturnsThePartlyFilledOne() {
        MidiHeader a = buffer(4);
        MidiHeader b = buffer(4);
        MidiHeader c = buffer(4);
        assertThat(feed("f0 01 02", false)).isZero();
        assertThat(done).isEmpty();
        assertThat(feed("03 04 05 06 07", false)).isZero();
        assertThat(done).extracting(SysexAssembly.Done::header).containsExactly(a, b);
        assertThat(feed("f7", true)).isZero();
        assertThat(done).extracting(SysexAssembly.Done::header).containsExactly(a, b, c);
        assertThat(doneText()).containsExactly("f0010203", "04050607", "f7");
        assertThat(List.of(a, b, c)).allMatch(h -> h.isDone() && !h.isInQueue());
        assertThat(sysex.isEmpty()).isTrue();
    }

    @Test
    void bytesWithNoBufferAreHeldAndPouredIntoTheBuffersThatComeBackInOrder() {
        MidiHeader a = buffer(4);
        assertThat(feed("f0 01 02 03 04 05", false)).isZero(); // a fills; 2 bytes are held
        assertThat(sysex.holding()).isTrue();
        assertThat(sysex.heldBytes()).isEqualTo(2);
        assertThat(feed("06 f7", true)).isZero();
        assertThat(feed("f0 7e f7", true)).isZero(); // a whole message held behind it
        assertThat(doneText()).containsExactly("f0010203");
        buffer(3); // takes 04 05 06 and is full
        buffer(8); // takes f7, the end of the first message: a buffer never holds two messages
        assertThat(doneText()).containsExactly("f0010203", "040506", "f7");
        MidiHeader last = buffer(8);
        assertThat(doneText()).containsExactly("f0010203", "040506", "f7", "f07ef7");
        assertThat(done.get(3).header()).isSameAs(last);
        assertThat(sysex.holding()).isFalse();
        assertThat(a.bytesRecorded()).isEqualTo(4);
    }

    @Test
    void aMessageThatWouldHoldMoreThanTheBoundIsCutShortAndCountedOnce() {
        MidiHeader a = buffer(4);
        assertThat(feed("f0 01 02 03 04 05", false)).isZero(); // 2 held
        byte[] big = new byte[100];
        assertThat(sysex.feed(big, 0, big.length, false, 0, done)).isEqualTo(1); // past the bound of 64
        assertThat(sysex.feed(big, 0, big.length, false, 0, done)).as("the rest is dropped, not counted again")
                .isZero();
        assertThat(feed("00 f7", true)).isZero();
        assertThat(feed("f0 42 f7", true)).isZero(); // the next message is held whole
        buffer(16); // the cut message's held start comes back as an error
        assertThat(doneText()).containsExactly("f0010203", "error 0405");
        buffer(16);
        assertThat(doneText()).containsExactly("f0010203", "error 0405", "f042f7");
        assertThat(a.isDone()).isTrue();
    }

    @Test
    void aBrokenMessageReturnsTheBufferHoldingItsStartAsAnError() {
        MidiHeader a = buffer(8);
        buffer(8);
        sysex.broken(0, done);
        assertThat(done).as("nothing received yet").isEmpty();
        feed("f0 01 02", false);
        sysex.broken(0, done);
        assertThat(doneText()).containsExactly("error f00102");
        assertThat(done.get(0).header()).isSameAs(a);
        assertThat(sysex.isEmpty()).isFalse();
    }

    @Test
    void stopTakesThePartlyFilledBufferAndResetTakesEveryBufferEmptyAndTheHeldBytesGo() {
        MidiHeader a = buffer(8);
        MidiHeader b = buffer(8);
        MidiHeader c = buffer(8);
        feed("f0 01", false);
        List<MidiHeader> stopped = new ArrayList<>();
        sysex.take(false, stopped);
        assertThat(stopped).containsExactly(a);
        assertThat(a.bytesRecorded()).isEqualTo(2);
        List<MidiHeader> reset = new ArrayList<>();
        sysex.take(true, reset);
        assertThat(reset).containsExactly(b, c);
        assertThat(reset).allMatch(h -> h.bytesRecorded() == 0 && h.isDone());
        assertThat(sysex.isEmpty()).isTrue();
        feed("f0 01 02", false);
        assertThat(sysex.holding()).isTrue();
        sysex.take(true, reset);
        assertThat(sysex.holding()).isFalse();
    }
}
