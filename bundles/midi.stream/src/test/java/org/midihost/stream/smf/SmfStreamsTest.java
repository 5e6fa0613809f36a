package org.midihost.stream.smf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.midihost.api.StreamEvent;
import org.midihost.api.TimeDivision;

/** A file as the events of a stream. */
@Timeout(10)
class SmfStreamsTest {
    private static final byte[] GM_ON = {(byte) 0xF0, 0x7E, 0x7F, 0x09, 0x01, (byte) 0xF7};
    private static final int MAX = StreamEvent.MAX_DELTA;

    @Test
    void formatOneMergedWithDeltas() {
        Smf smf = Smf.of(1, TimeDivision.ppq(96), List.of(
                new SmfTrack(List.of(SmfEvent.text(0, SmfEvent.META_TRACK_NAME, "conductor"), SmfEvent.tempo(0, 600_000),
                        SmfEvent.timeSignature(96, 3, 4, 24, 8), SmfEvent.tempo(192, 400_000)), 192),
                new SmfTrack(List.of(SmfEvent.sysex(0, GM_ON), SmfEvent.channel(10, 0x90, 60, 100),
                        SmfEvent.escape(100, new byte[] {(byte) 0xF8}), SmfEvent.escape(150, new byte[0]),
                        SmfEvent.channel(200, 0x80, 60, 0)), 300)));
        assertThat(SmfStreams.toStreamEvents(smf)).containsExactly(
                StreamEvent.tempo(0, 600_000),
                StreamEvent.longMsg(0, GM_ON),
                StreamEvent.shortMsg(10, 0x64_3C_90),
                StreamEvent.longMsg(90, new byte[] {(byte) 0xF8}),
                StreamEvent.tempo(92, 400_000), // the time signature's and the empty escape's time carried
                StreamEvent.shortMsg(8, 0x3C_80),
                StreamEvent.nop(100)); // to the end of the longest track
    }

    @Test
    void formatTwoConcatenated() {
        Smf smf = Smf.of(2, TimeDivision.ppq(96), List.of(
                new SmfTrack(List.of(SmfEvent.channel(0, 0x90, 60, 100), SmfEvent.channel(50, 0x80, 60, 0)), 96),
                new SmfTrack(List.of(SmfEvent.channel(0, 0x91, 62, 100), SmfEvent.channel(96, 0x81, 62, 0)), 96)));
        assertThat(SmfStreams.toStreamEvents(smf)).containsExactly(
                StreamEvent.shortMsg(0, 0x64_3C_90), StreamEvent.shortMsg(50, 0x3C_80),
                StreamEvent.shortMsg(46, 0x64_3E_91), StreamEvent.shortMsg(96, 0x3E_81));
    }

    @Test
    void deltasLongerThanAStreamHoldsAreSplitWithNops() {
        Smf smf = Smf.of(2, TimeDivision.ppq(96), List.of(
                new SmfTrack(List.of(SmfEvent.channel(0, 0x90, 60, 100)), MAX),
                new SmfTrack(List.of(SmfEvent.text(MAX, SmfEvent.META_MARKER, "far"), SmfEvent.channel(MAX + 5L, 0x80, 60, 0)), MAX + 5L)));
        assertThat(SmfStreams.toStreamEvents(smf)).containsExactly(
                StreamEvent.shortMsg(0, 0x64_3C_90), StreamEvent.nop(MAX), StreamEvent.nop(MAX), StreamEvent.shortMsg(5, 0x3C_80));
    }

    @Test
    void nothingButMetaEventsIsOneNop() {
        Smf smf = Smf.of(0, TimeDivision.ppq(96), List.of(new SmfTrack(List.of(SmfEvent.text(0, SmfEvent.META_TEXT, "hi")), 384)));
        assertThat(SmfStreams.toStreamEvents(smf)).containsExactly(StreamEvent.nop(384));
        assertThat(SmfStreams.toStreamEvents(Smf.of(0, TimeDivision.ppq(96), List.of(new SmfTrack(List.of(), 0))))).isEmpty();
    }
}
