package org.midihost.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class MidiBytesTest {
    private static List<MidiBytes.Message> messages(boolean decimal, String... tokens) {
        return MidiBytes.split(MidiBytes.parse(List.of(tokens), decimal));
    }

    @Test
    void hexNoteOnIsOneShortMessageInWinmmPacking() {
        assertThat(messages(false, "90", "3C", "64")).extracting(MidiBytes.Message::shortMessage).containsExactly(0x643C90);
        assertThat(messages(false, "0x90", "3c", "0x64")).extracting(MidiBytes.Message::shortMessage).containsExactly(0x643C90);
        assertThat(messages(false, "903C64")).extracting(MidiBytes.Message::shortMessage).containsExactly(0x643C90);
    }

    @Test
    void decimalBytes() {
        assertThat(messages(true, "144", "60", "100")).extracting(MidiBytes.Message::shortMessage).containsExactly(0x643C90);
    }

    @Test
    void severalMessagesWithRunningStatusRealTimeAndSysex() {
        List<MidiBytes.Message> m = messages(false, "90", "3C", "64", "40", "7F", "F8", "C0", "05", "F0", "7E", "7F", "09", "01", "F7", "80", "3C", "00");
        assertThat(m).hasSize(6);
        assertThat(m.get(0).shortMessage()).isEqualTo(0x643C90);
        assertThat(m.get(1).shortMessage()).isEqualTo(0x7F4090);
        assertThat(m.get(2).shortMessage()).isEqualTo(0xF8);
        assertThat(m.get(3).shortMessage()).isEqualTo(0x05C0);
        assertThat(m.get(4).isSysex()).isTrue();
        assertThat(m.get(4).sysex()).containsExactly(0xF0, 0x7E, 0x7F, 0x09, 0x01, 0xF7);
        assertThat(m.get(5).shortMessage()).isEqualTo(0x3C80);
    }

    @Test
    void realTimeByteKeepsRunningStatus() {
        assertThat(messages(false, "B0", "07", "64", "F8", "0A", "40"))
                .extracting(MidiBytes.Message::shortMessage).containsExactly(0x6407B0, 0xF8, 0x400AB0);
    }

    @Test
    void badInputIsInvalParamWithAOneLineReason() {
        assertInvalid("is not a hex byte", false, "ZZ");
        assertInvalid("is not a hex byte", false, "123");
        assertInvalid("is not a decimal byte", true, "256");
        assertInvalid("has no status byte", false, "3C", "64");
        assertInvalid("is incomplete", false, "90", "3C");
        assertInvalid("where a data byte", false, "90", "3C", "90");
        assertInvalid("without its closing F7", false, "F0", "7E", "01");
        assertInvalid("no bytes", false);
    }

    private static void assertInvalid(String reason, boolean decimal, String... tokens) {
        assertThatThrownBy(() -> messages(decimal, tokens))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(reason)
                .hasMessageNotContaining("\n");
    }
}
