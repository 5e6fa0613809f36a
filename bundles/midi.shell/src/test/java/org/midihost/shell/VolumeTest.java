package org.midihost.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class VolumeTest {
    private static int parse(String arg) throws UsageException {
        return Volume.parse(Help.VOLUME_USAGE, "LEFT", arg);
    }

    @Test
    void numbersHexAndPercentages() throws UsageException {
        assertThat(parse("0")).isZero();
        assertThat(parse("65535")).isEqualTo(0xFFFF);
        assertThat(parse("0x8000")).isEqualTo(0x8000);
        assertThat(parse("100%")).isEqualTo(0xFFFF);
        assertThat(parse("50%")).isEqualTo(32768);
        assertThat(parse("12.5%")).isEqualTo(8192);
        assertThat(parse("0%")).isZero();
    }

    @Test
    void outOfRangeOrNotANumberNamesTheValue() {
        for (String bad : new String[] { "65536", "-1", "101%", "x", "%", "loud" }) {
            assertThatThrownBy(() -> parse(bad)).isInstanceOf(UsageException.class)
                    .hasMessage("midi:volume: LEFT '" + bad + "' is not a volume 0..65535 or 0%..100%; usage: midi:volume ID [LEFT [RIGHT]]");
        }
    }

    @Test
    void winmmPackingLeftLowRightHigh() {
        assertThat(Volume.pack(0xFFFF, 0)).isEqualTo(0x0000FFFF);
        assertThat(Volume.pack(0, 0xFFFF)).isEqualTo(0xFFFF0000);
        assertThat(Volume.pack(0x1234, 0x5678)).isEqualTo(0x56781234);
        assertThat(Volume.text(0x0000FFFF, true)).isEqualTo("left 65535 (100%), right 0 (0%)");
        assertThat(Volume.text(0xFFFF8000, false)).isEqualTo("32768 (50%)");
    }
}
