package org.midihost.stream.smf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.midihost.api.TimeDivision;

/** What the reader reads: every kind of event, running status, and real files' defects. */
@Timeout(10)
class SmfReaderTest {
    private static final int[] END = {0, 0xFF, 0x2F, 0};
    private final SmfReader reader = new SmfReader();

    private static int[] track(int... body) {
        int[] t = Arrays.copyOf(body, body.length + END.length);
        System.arraycopy(END, 0, t, body.length, END.length);
        return t;
    }

    @Test
    void everyKindOfEvent() throws Exception {
        byte[] file = SmfBytes.header(1, 1, 480).track(track(
                0, 0xFF, 0x03, 4, 'L', 'e', 'a', 'd',
                0, 0xFF, 0x51, 3, 0x07, 0xA1, 0x20,
                0, 0xC0, 5,
                0x83, 0x60, 0x90, 60, 100,
                0, 0xF0, 4, 0x7E, 0x7F, 0x09, 0xF7,
                0, 0xF7, 2, 0xF8, 0xFA,
                0x81, 0x00, 0xE1, 0x00, 0x40,
                0, 0xFF, 0x7F, 2, 0x00, 0x41)).toBytes();
        Smf smf = reader.read(file);
        assertThat(smf.format()).isEqualTo(1);
        assertThat(smf.division()).isEqualTo(TimeDivision.ppq(480));
        assertThat(smf.warnings()).isEmpty();
        SmfTrack track = smf.tracks().get(0);
        assertThat(track.name()).contains("Lead");
        assertThat(track.events()).containsExactly(
                SmfEvent.text(0, SmfEvent.META_TRACK_NAME, "Lead"),
                SmfEvent.tempo(0, 500_000),
                SmfEvent.channel(0, 0xC0, 5, 0),
                SmfEvent.channel(480, 0x90, 60, 100),
                SmfEvent.sysex(480, new byte[] {(byte) 0xF0, 0x7E, 0x7F, 0x09, (byte) 0xF7}),
                SmfEvent.escape(480, new byte[] {(byte) 0xF8, (byte) 0xFA}),
                SmfEvent.channel(608, 0x40_00E1),
                SmfEvent.meta(608, 0x7F, new byte[] {0, 0x41}));
        assertThat(track.endTick()).isEqualTo(608);
        assertThat(track.events().get(1).tempoMicros()).isEqualTo(500_000);
        assertThat(track.events().get(1).describe()).isEqualTo("tempo 500000 µs/q (120.00 bpm)");
        assertThat(track.events().get(3).describe()).isEqualTo("note on ch 1 60 100");
        assertThat(track.events().get(6).describe()).isEqualTo("pitch bend ch 2 0");
    }

    @Test
    void runningStatusInsideATrack() throws Exception {
        byte[] file = SmfBytes.header(0, 1, 96).track(track(
                0, 0x90, 60, 100,
                0, 64, 100, // running status 90
                96, 60, 0,
                0, 64, 0,
                0, 0xC1, 7,
                10, 8, // running status C1: one data byte
                0, 0x80, 67, 0)).toBytes();
        assertThat(reader.read(file).tracks().get(0).events()).containsExactly(
                SmfEvent.channel(0, 0x90, 60, 100),
                SmfEvent.channel(0, 0x90, 64, 100),
                SmfEvent.channel(96, 0x90, 60, 0),
                SmfEvent.channel(96, 0x90, 64, 0),
                SmfEvent.channel(96, 0xC1, 7, 0),
                SmfEvent.channel(106, 0xC1, 8, 0),
                SmfEvent.channel(106, 0x80, 67, 0));
    }

    @Test
    void timeAndKeySignaturesForDisplay() throws Exception {
        byte[] file = SmfBytes.header(1, 1, 96).track(track(0, 0xFF, 0x58, 4, 3, 2, 24, 8, 0, 0xFF, 0x59, 2, 0xFD, 1,
                0, 0xFF, 0x59, 2, 2, 0)).toBytes();
        List<SmfEvent> events = reader.read(file).tracks().get(0).events();
        assertThat(events).extracting(SmfEvent::describe).containsExactly(
                "time signature 3/4 (24 clocks per click, 8 32nds per quarter)", "key signature c minor", "key signature D major");
        assertThat(events.get(0)).isEqualTo(SmfEvent.timeSignature(0, 3, 4, 24, 8));
        assertThat(events.get(1)).isEqualTo(SmfEvent.keySignature(0, -3, true));
    }

    @Test
    void zeroLengthTracks() throws Exception {
        Smf smf = reader.read(SmfBytes.header(1, 2, 96).track().track(END).toBytes());
        assertThat(smf.tracks()).containsExactly(new SmfTrack(List.of(), 0), new SmfTrack(List.of(), 0));
        assertThat(smf.warnings()).containsExactly("offset 22: track 1: no End of Track; the track ends at its chunk end (tick 0)");
    }

    @Test
    void missingEndOfTrackEndsAtTheChunkEnd() throws Exception {
        Smf smf = reader.read(SmfBytes.header(1, 2, 96).track(0, 0x90, 60, 100, 50, 60, 0).track(track(0, 0xC0, 1)).toBytes());
        assertThat(smf.tracks().get(0)).isEqualTo(SmfTrack.of(List.of(SmfEvent.channel(0, 0x90, 60, 100), SmfEvent.channel(50, 0x90, 60, 0))));
        assertThat(smf.tracks().get(1).events()).containsExactly(SmfEvent.channel(0, 0xC0, 1, 0));
        assertThat(smf.warnings()).containsExactly("offset 29: track 1: no End of Track; the track ends at its chunk end (tick 50)");
    }

    @Test
    void endOfTrackSetsTheEndAndBytesAfterItAreIgnored() throws Exception {
        Smf smf = reader.read(SmfBytes.header(1, 1, 96).track(0, 0x90, 60, 100, 0x81, 0x00, 0xFF, 0x2F, 0, 0, 0).toBytes());
        assertThat(smf.tracks().get(0).endTick()).isEqualTo(128);
        assertThat(smf.warnings()).containsExactly("offset 31: track 1: 2 bytes after End of Track ignored");
    }

    @Test
    void unknownChunksAndLongerHeadersAreSkipped() throws Exception {
        byte[] file = new SmfBytes().ascii("MThd").u32(8).u16(1).u16(2).u16(96).u16(0xABCD)
                .chunk("XFIH", 1, 2, 3).track(track(0, 0x90, 60, 100)).chunk("junk").track(END).toBytes();
        Smf smf = reader.read(file);
        assertThat(smf.tracks()).hasSize(2);
        assertThat(smf.tracks().get(0).events()).containsExactly(SmfEvent.channel(0, 0x90, 60, 100));
        assertThat(smf.warnings()).containsExactly(
                "offset 14: header length 8: 2 extra bytes skipped",
                "offset 16: unknown chunk 'XFIH' (3 bytes) skipped",
                "offset 43: unknown chunk 'junk' (0 bytes) skipped");
    }

    @Test
    void fewerTracksThanDeclaredGivesTheTracksThereAre() throws Exception {
        Smf smf = reader.read(SmfBytes.header(1, 3, 96).track(END).track(track(0, 0x90, 60, 100)).toBytes());
        assertThat(smf.tracks()).hasSize(2);
        assertThat(smf.warnings()).containsExactly("offset 42: the header declares 3 tracks, but the file ends after 2");
        smf = reader.read(SmfBytes.header(1, 3, 96).track(END).bytes(0, 0, 0).toBytes());
        assertThat(smf.tracks()).hasSize(1);
        assertThat(smf.warnings()).containsExactly("offset 26: the header declares 3 tracks, but the file ends after 1 (3 stray bytes ignored)");
    }

    @Test
    void bytesAfterTheLastTrackAreIgnored() throws Exception {
        Smf smf = reader.read(SmfBytes.header(1, 1, 96).track(END).track(END).bytes(0, 0).toBytes());
        assertThat(smf.tracks()).hasSize(1);
        assertThat(smf.warnings()).containsExactly("offset 26: 14 bytes after the last track ignored");
    }

    @Test
    void formatTwoAndSmpteDivision() throws Exception {
        Smf smf = reader.read(SmfBytes.header(2, 2, 0xE7_28).track(END).track(END).toBytes());
        assertThat(smf.format()).isEqualTo(2);
        assertThat(smf.division()).isEqualTo(TimeDivision.smpte(25, 40));
    }

    @Test
    void readsPathsAndStreamsAlike(@TempDir Path dir) throws Exception {
        byte[] file = SmfBytes.header(0, 1, 96).track(track(0, 0x90, 60, 100, 96, 0x80, 60, 0)).toBytes();
        Smf smf = reader.read(file);
        assertThat(reader.read(new ByteArrayInputStream(file))).isEqualTo(smf);
        assertThat(reader.read(Files.write(dir.resolve("a.mid"), file))).isEqualTo(smf);
    }
}
