package org.midihost.shell;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.midihost.stream.text.MessageText;

class SysexSummaryTest {
    @Test
    void aShortMessageIsShownWholeAndALongOneByItsEndsAndLength() {
        SysexSummary s = new SysexSummary();
        s.append(new byte[] { (byte) 0xF0, 0x7E, 0x7F, 0x09, 0x01, (byte) 0xF7 }, 6);
        assertThat(s.text()).isEqualTo(MessageText.sysex(new byte[] { (byte) 0xF0, 0x7E, 0x7F, 0x09, 0x01, (byte) 0xF7 }, 6));
        s.clear();
        byte[] piece = new byte[4096];
        piece[0] = (byte) 0xF0;
        for (int i = 1; i < piece.length; i++) {
            piece[i] = (byte) (i & 0x7F);
        }
        s.append(piece, piece.length);
        byte[] end = { 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, (byte) 0xF7 };
        s.append(end, end.length);
        assertThat(s.length()).isEqualTo(4104);
        assertThat(s.text()).startsWith("sysex F0 01 02 03 04 05 06 07 … 11 22 33 44 55 66 77 F7")
                .endsWith("(4104 bytes)");
    }
}
