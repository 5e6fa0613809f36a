package org.midihost.host.midi;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.midihost.spi.InClient;

/**
 * Coverage-guided fuzzing of the byte parser with Jazzer. In a plain test run this replays the
 * inputs under {@code src/test/resources/.../MidiByteParserFuzzTestInputs}; the build's
 * {@code fuzz} execution fuzzes it for a bounded time (JAZZER_FUZZ=1). The properties: no
 * exception, every byte accounted for (in a message, a sysex piece or an error), every message
 * well formed, whatever the bytes and however they are split over reads.
 */
class MidiByteParserFuzzTest {

    /** Checks each event as it comes. */
    static final class Checking implements InClient {
        boolean inSysex;

        @Override
        public void data(int message, long nanos) {
            int status = message & 0xFF;
            int length = ShortMessages.length(status);
            assertThat(length).as("status %x", status).isPositive();
            assertThat(message & ~ShortMessages.mask(length)).as("bytes past the message").isZero();
            assertThat(ShortMessages.dataOk(message, length)).as("data bytes of %x", message).isTrue();
        }

        @Override
        public void sysex(byte[] bytes, int offset, int length, boolean end, long nanos) {
            assertThat(length).isPositive();
            for (int i = offset; i < offset + length; i++) {
                int v = bytes[i] & 0xFF;
                boolean first = !inSysex && i == offset;
                boolean last = end && i == offset + length - 1;
                if (first) {
                    assertThat(v).isEqualTo(0xF0);
                } else if (last) {
                    assertThat(v).isEqualTo(0xF7);
                } else {
                    assertThat(v).as("sysex data byte").isLessThan(0x80);
                }
            }
            inSysex = !end;
        }

        @Override
        public void error(int message, long nanos) {
            assertThat(message).isNotNegative();
        }

        @Override
        public void sysexError(long nanos) {
            inSysex = false;
        }
    }

    @FuzzTest(maxDuration = "60s")
    void parserAccountsForEveryByte(FuzzedDataProvider data) {
        MidiByteParser parser = new MidiByteParser(new Checking());
        long fed = 0;
        while (data.remainingBytes() > 0) {
            byte[] read = data.consumeBytes(data.consumeInt(1, 300));
            parser.feed(read, 0, read.length, 0);
            fed += read.length;
            assertThat(parser.accounted() + parser.pending()).isEqualTo(fed);
            assertThat(parser.pending()).isBetween(0, 2);
        }
    }
}
