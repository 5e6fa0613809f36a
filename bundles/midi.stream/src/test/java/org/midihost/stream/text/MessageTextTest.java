package org.midihost.stream.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MessageTextTest {
    @Test
    void channelMessages() {
        assertThat(MessageText.shortMessage(0x643C90)).isEqualTo("note on ch 1 C4 vel 100");
        assertThat(MessageText.shortMessage(0x003C80)).isEqualTo("note off ch 1 C4 vel 0");
        assertThat(MessageText.shortMessage(0x7F459F)).isEqualTo("note on ch 16 A4 vel 127");
        assertThat(MessageText.shortMessage(0x0015A0)).isEqualTo("poly pressure ch 1 A0 value 0");
        assertThat(MessageText.shortMessage(0x6407B1)).isEqualTo("control change ch 2 cc 7 (volume) value 100");
        assertThat(MessageText.shortMessage(0x007BB0)).isEqualTo("control change ch 1 cc 123 (all notes off) value 0");
        assertThat(MessageText.shortMessage(0x05C9)).isEqualTo("program change ch 10 program 5");
        assertThat(MessageText.shortMessage(0x40D0)).isEqualTo("channel pressure ch 1 value 64");
        assertThat(MessageText.shortMessage(0x4000E0)).isEqualTo("pitch bend ch 1 0");
        assertThat(MessageText.shortMessage(0x0000E0)).isEqualTo("pitch bend ch 1 -8192");
        assertThat(MessageText.shortMessage(0x7F7FE0)).isEqualTo("pitch bend ch 1 +8191");
    }

    @Test
    void noteNames() {
        assertThat(MessageText.noteName(0)).isEqualTo("C-1");
        assertThat(MessageText.noteName(61)).isEqualTo("C#4");
        assertThat(MessageText.noteName(127)).isEqualTo("G9");
    }

    @Test
    void systemMessages() {
        assertThat(MessageText.shortMessage(0xF8)).isEqualTo("clock");
        assertThat(MessageText.shortMessage(0xFE)).isEqualTo("active sensing");
        assertThat(MessageText.shortMessage(0x0102F2)).isEqualTo("song position 130");
        assertThat(MessageText.shortMessage(0xF4)).isEqualTo("undefined F4");
        byte[] sysex = { (byte) 0xF0, 0x7E, 0x7F, 0x09, 0x01, (byte) 0xF7 };
        assertThat(MessageText.sysex(sysex, 6)).isEqualTo("sysex F0 7E 7F 09 01 F7 (6 bytes)");
    }

    @Test
    void typesNameEachKindOfMessage() {
        assertThat(MessageText.type(0x90)).isEqualTo("NoteOn");
        assertThat(MessageText.type(0x8F)).isEqualTo("NoteOff");
        assertThat(MessageText.type(0xB3)).isEqualTo("ControlChange");
        assertThat(MessageText.type(0xE0)).isEqualTo("PitchBend");
        assertThat(MessageText.type(0xF0)).isEqualTo("SysEx");
        assertThat(MessageText.type(0xF8)).isEqualTo("Clock");
        assertThat(MessageText.type(0xF4)).isEqualTo("Undefined");
        assertThat(MessageText.type(0x3C)).isEqualTo("Data");
        assertThat(MessageText.type(0x190)).as("only the low byte counts").isEqualTo("NoteOn");
    }

    @Test
    void hexOfBytes() {
        byte[] b = { (byte) 0x90, 0x3C, 0x64, (byte) 0xF7 };
        assertThat(MessageText.hex(b, 0, 3)).isEqualTo("90 3C 64");
        assertThat(MessageText.hex(b, 3, 4)).isEqualTo("F7");
        assertThat(MessageText.hex(b, 1, 1)).isEmpty();
        assertThat(MessageText.hex(0x643C90, 3)).isEqualTo("90 3C 64");
    }
}
