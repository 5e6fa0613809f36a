package org.midihost.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class MessageBytesTest {
    @Test
    void shortAndSystemExclusiveMessagesInARow() {
        List<MessageBytes.Message> m = MessageBytes.split(new int[] { 0x90, 60, 100, 0xC0, 5, 0xF0, 0x7E, 0x7F, 0xF7, 0xF8 });
        assertThat(m).hasSize(4);
        assertThat(m.get(0).packed()).isEqualTo(0x643C90);
        assertThat(m.get(1).packed()).isEqualTo(0x05C0);
        assertThat(m.get(2).sysex()).containsExactly(0xF0, 0x7E, 0x7F, 0xF7);
        assertThat(m.get(3).packed()).isEqualTo(0xF8);
    }

    @Test
    void badBytesAreNamed() {
        assertThatThrownBy(() -> MessageBytes.split(new int[0])).hasMessage("bytes is empty: give at least one MIDI message");
        assertThatThrownBy(() -> MessageBytes.split(new int[] { 0x90, 256, 1 })).hasMessage("bytes[1] = 256 is not a byte (0..255)");
        assertThatThrownBy(() -> MessageBytes.split(new int[] { 60, 100 }))
                .hasMessage("bytes[0] = 3C is a data byte where a status byte (80..FF) is due");
        assertThatThrownBy(() -> MessageBytes.split(new int[] { 0x90, 60 }))
                .hasMessage("the message at bytes[0] (90) needs 2 data byte(s); 1 follow");
        assertThatThrownBy(() -> MessageBytes.split(new int[] { 0x90, 60, 0x80 }))
                .hasMessage("bytes[2] = 80 is a status byte where data (00..7F) of 90 is due");
        assertThatThrownBy(() -> MessageBytes.split(new int[] { 0xF0, 1, 2 }))
                .hasMessage("the system-exclusive message at bytes[0] has no F7 end");
        assertThatThrownBy(() -> MessageBytes.split(new int[] { 0xF0, 1, 0x90 }))
                .hasMessage("the system-exclusive message at bytes[0] has no F7 end (bytes[2] = 90)");
        assertThatThrownBy(() -> MessageBytes.split(new int[] { 0xF7 }))
                .hasMessage("bytes[0] = F7 ends a system-exclusive message that did not begin");
        assertThatThrownBy(() -> MessageBytes.split(new int[] { 0xF4 })).hasMessage("bytes[0] = F4 is an undefined status");
    }
}
