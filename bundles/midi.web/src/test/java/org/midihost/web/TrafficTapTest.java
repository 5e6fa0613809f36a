package org.midihost.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The {@code midi} event's JSON, as the page reads it. */
class TrafficTapTest {
    @Test
    void aChannelMessage() {
        assertThat(Json.GSON.toJson(TrafficTap.shortEvent("in", "loopback/0", 1234, 0x643C90))).isEqualTo(
                "{\"dir\":\"in\",\"endpoint\":\"loopback/0\",\"t\":1234,\"hex\":\"90 3C 64\",\"type\":\"NoteOn\",\"channel\":1,"
                        + "\"text\":\"note on ch 1 C4 vel 100\"}");
        assertThat(Json.GSON.toJson(TrafficTap.shortEvent("out", "synth/0", 0, 0x05CF))).isEqualTo(
                "{\"dir\":\"out\",\"endpoint\":\"synth/0\",\"t\":0,\"hex\":\"CF 05\",\"type\":\"ProgramChange\",\"channel\":16,"
                        + "\"text\":\"program change ch 16 program 5\"}");
    }

    @Test
    void aSystemMessageHasNoChannel() {
        assertThat(Json.GSON.toJson(TrafficTap.shortEvent("in", "loopback/0", 7, 0xF8)))
                .isEqualTo("{\"dir\":\"in\",\"endpoint\":\"loopback/0\",\"t\":7,\"hex\":\"F8\",\"type\":\"Clock\",\"text\":\"clock\"}");
    }

    @Test
    void aSysexWholeAndOneCutAtTheLimit() {
        byte[] b = { (byte) 0xF0, 0x7E, 0x7F, 0x09, 0x01, (byte) 0xF7 };
        assertThat(Json.GSON.toJson(TrafficTap.sysexEvent("in", "loopback/0", 5, b, 6, 6))).isEqualTo(
                "{\"dir\":\"in\",\"endpoint\":\"loopback/0\",\"t\":5,\"hex\":\"F0 7E 7F 09 01 F7\",\"type\":\"SysEx\","
                        + "\"text\":\"sysex F0 7E 7F 09 01 F7 (6 bytes)\"}");
        TrafficTap.Midi cut = TrafficTap.sysexEvent("in", "loopback/0", 5, b, 3, 100_000);
        assertThat(cut.hex()).isEqualTo("F0 7E 7F");
        assertThat(cut.text()).isEqualTo("sysex 100000 bytes (the first 3 shown)");
    }
}
