package org.midihost.host.midi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.midihost.spi.InClient;

/**
 * The byte parser against byte sequences from the MIDI 1.0 specification, each with the events
 * it must give. Events: {@code data 3c90} (WinMM packing), {@code error 42}, {@code sysex f0…f7}
 * (the pieces of one message joined), {@code sysex-cut f0…} then {@code sysex-error}.
 */
class MidiByteParserTest {

    /** Records events; joins the pieces of one system-exclusive message. */
    static final class Events implements InClient {
        final List<String> list = new ArrayList<>();
        final StringBuilder sysex = new StringBuilder();
        int pieces;

        @Override
        public void data(int message, long nanos) {
            list.add("data " + Integer.toHexString(message));
        }

        @Override
        public void sysex(byte[] b, int offset, int length, boolean end, long nanos) {
            sysex.append(HexFormat.of().formatHex(b, offset, offset + length));
            pieces++;
            if (end) {
                list.add("sysex " + sysex);
                sysex.setLength(0);
            }
        }

        @Override
        public void error(int message, long nanos) {
            list.add("error " + Integer.toHexString(message));
        }

        @Override
        public void sysexError(long nanos) {
            if (sysex.length() > 0) {
                list.add("sysex-cut " + sysex);
                sysex.setLength(0);
            }
            list.add("sysex-error");
        }
    }

    static List<String> parse(String hex) {
        Events e = new Events();
        byte[] b = HexFormat.of().parseHex(hex.replace(" ", ""));
        new MidiByteParser(e).feed(b, 0, b.length, 0);
        return e.list;
    }

    static Stream<Arguments> table() {
        return Stream.of(
                // channel voice messages, whole
                Arguments.of("90 3c 64", List.of("data 643c90")),
                Arguments.of("c5 07", List.of("data 7c5")),
                Arguments.of("d0 40", List.of("data 40d0")),
                Arguments.of("e0 00 40", List.of("data 4000e0")),
                // running status: the status byte may be left out while it does not change
                Arguments.of("90 3c 64 3e 64 40 00", List.of("data 643c90", "data 643e90", "data 4090")),
                Arguments.of("c0 01 02 03", List.of("data 1c0", "data 2c0", "data 3c0")),
                // real-time bytes go through at once, inside a message, without breaking running status
                Arguments.of("90 f8 3c fe 64 3e 64", List.of("data f8", "data fe", "data 643c90", "data 643e90")),
                Arguments.of("fa fb fc ff", List.of("data fa", "data fb", "data fc", "data ff")),
                // system common messages cancel running status
                Arguments.of("90 3c 64 f1 23 3c 64", List.of("data 643c90", "data 23f1", "error 3c", "error 64")),
                Arguments.of("f2 10 20", List.of("data 2010f2")),
                Arguments.of("f3 05", List.of("data 5f3")),
                Arguments.of("f6", List.of("data f6")),
                // undefined status bytes are errors; F4/F5 cancel running status, F9/FD touch nothing
                Arguments.of("90 3c 64 f4 3c 64", List.of("data 643c90", "error f4", "error 3c", "error 64")),
                Arguments.of("f5", List.of("error f5")),
                Arguments.of("90 3c f9 64", List.of("error f9", "data 643c90")),
                Arguments.of("90 3c fd 64 3e 64", List.of("error fd", "data 643c90", "data 643e90")),
                // stray data bytes with no status; end of exclusive with no start
                Arguments.of("3c 64", List.of("error 3c", "error 64")),
                Arguments.of("f7 90 3c 64", List.of("error f7", "data 643c90")),
                // a message cut short by another status byte
                Arguments.of("90 3c 80 3c 00", List.of("error 3c90", "data 3c80")),
                Arguments.of("90 80 3c 00", List.of("error 90", "data 3c80")),
                // system exclusive, with real-time bytes inside it
                Arguments.of("f0 7e 7f 09 01 f7", List.of("sysex f07e7f0901f7")),
                Arguments.of("f0 43 f8 12 fe 00 f7", List.of("data f8", "data fe", "sysex f0431200f7")),
                Arguments.of("f0 f7", List.of("sysex f0f7")),
                // system exclusive cuts running status
                Arguments.of("90 3c 64 f0 01 f7 3c 64", List.of("data 643c90", "sysex f001f7", "error 3c", "error 64")),
                // a status byte inside system exclusive cuts it short, then counts as itself
                Arguments.of("f0 01 02 90 3c 64", List.of("sysex-cut f00102", "sysex-error", "data 643c90")),
                Arguments.of("f0 01 f0 02 f7", List.of("sysex-cut f001", "sysex-error", "sysex f002f7")),
                Arguments.of("f0 01 f4", List.of("sysex-cut f001", "sysex-error", "error f4")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void specificationTable(String bytes, List<String> expected) {
        assertThat(parse(bytes)).isEqualTo(expected);
    }

    @Test
    void sysexSplitOverReadsOfOneByte() {
        Events e = new Events();
        MidiByteParser p = new MidiByteParser(e);
        byte[] msg = HexFormat.of().parseHex("f07e7f0901f7");
        for (byte b : msg) {
            p.feed(new byte[] { b }, 0, 1, 0);
        }
        assertThat(e.list).containsExactly("sysex f07e7f0901f7");
        assertThat(e.pieces).isEqualTo(msg.length);
    }

    @Test
    void sixtyFourKilobyteSysexComesInPiecesWithEveryByte() {
        Events e = new Events();
        MidiByteParser p = new MidiByteParser(e);
        byte[] msg = new byte[65536];
        msg[0] = (byte) 0xF0;
        for (int i = 1; i < msg.length - 1; i++) {
            msg[i] = (byte) (i & 0x7F);
        }
        msg[msg.length - 1] = (byte) 0xF7;
        for (int off = 0; off < msg.length; off += 1000) {
            p.feed(msg, off, Math.min(1000, msg.length - off), 0);
        }
        assertThat(e.list).singleElement().isEqualTo("sysex " + HexFormat.of().formatHex(msg));
        assertThat(p.accounted()).isEqualTo(msg.length);
    }

    @Test
    void everyByteIsAccountedFor() {
        java.util.Random r = new java.util.Random(7);
        for (int round = 0; round < 200; round++) {
            byte[] b = new byte[r.nextInt(300)];
            r.nextBytes(b);
            MidiByteParser p = new MidiByteParser(new Events());
            p.feed(b, 0, b.length, 0);
            assertThat(p.accounted() + p.pending()).as("round %d", round).isEqualTo(b.length);
            assertThat(p.pending()).isBetween(0, 2);
        }
    }
}
