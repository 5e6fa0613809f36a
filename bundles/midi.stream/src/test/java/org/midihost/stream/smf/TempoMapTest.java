package org.midihost.stream.smf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.midihost.api.TimeDivision;

/** The time line of a file and its map from ticks to microseconds. */
@Timeout(10)
class TempoMapTest {
    private static SmfEvent note(long tick, int key) {
        return SmfEvent.channel(tick, 0x90, key, 100);
    }

    @Test
    void formatOneMergesByTickThenTrackThenFileOrder() {
        Smf smf = Smf.of(1, TimeDivision.ppq(96), List.of(
                new SmfTrack(List.of(note(0, 1), note(10, 2), note(10, 3)), 40),
                new SmfTrack(List.of(note(0, 4), note(5, 5), note(10, 6)), 90),
                new SmfTrack(List.of(note(10, 7)), 10)));
        SmfTimeline timeline = SmfTimeline.of(smf);
        assertThat(timeline.entries()).extracting(e -> e.event().message() >> 8 & 0x7F).containsExactly(1, 4, 5, 2, 3, 6, 7);
        assertThat(timeline.entries()).extracting(SmfTimeline.Entry::track).containsExactly(0, 1, 1, 0, 0, 1, 2);
        assertThat(timeline.lastTick()).isEqualTo(90);
    }

    @Test
    void formatTwoPlaysTheTracksOneAfterAnother() {
        Smf smf = Smf.of(2, TimeDivision.ppq(96), List.of(
                new SmfTrack(List.of(note(0, 1), note(50, 2)), 100),
                new SmfTrack(List.of(), 0),
                new SmfTrack(List.of(note(0, 3), note(20, 4)), 30),
                new SmfTrack(List.of(note(5, 5)), 5)));
        SmfTimeline timeline = SmfTimeline.of(smf);
        assertThat(timeline.entries()).extracting(SmfTimeline.Entry::tick).containsExactly(0L, 50L, 100L, 120L, 135L);
        assertThat(timeline.entries()).extracting(e -> e.event().tick()).containsExactly(0L, 50L, 0L, 20L, 5L);
        assertThat(timeline.lastTick()).isEqualTo(135);
        TempoMap map = TempoMap.of(smf);
        assertThat(map.lastTick()).isEqualTo(135);
        assertThat(map.durationMicros()).isEqualTo(135 * 500_000.0 / 96);
    }

    @Test
    void defaultTempoIs120BeatsPerMinute() {
        TempoMap map = TempoMap.of(Smf.of(0, TimeDivision.ppq(480), List.of(new SmfTrack(List.of(note(0, 60)), 1920))));
        assertThat(map.micros(480)).isEqualTo(500_000.0);
        assertThat(map.durationMicros()).isEqualTo(2_000_000.0);
        assertThat(map.tempoAt(0)).isEqualTo(500_000);
        assertThat(map.segments()).isEqualTo(1);
    }

    @Test
    void tempoChangesOnAnyTrackApplyToAll() {
        Smf smf = Smf.of(1, TimeDivision.ppq(100), List.of(
                new SmfTrack(List.of(SmfEvent.tempo(0, 1_000_000), SmfEvent.tempo(200, 250_000), SmfEvent.tempo(200, 400_000)), 200),
                new SmfTrack(List.of(note(100, 1), SmfEvent.tempo(300, 100_000), note(400, 2)), 400)));
        TempoMap map = TempoMap.of(smf);
        assertThat(map.micros(100)).isEqualTo(1_000_000.0);
        assertThat(map.micros(200)).isEqualTo(2_000_000.0);
        assertThat(map.micros(250)).isEqualTo(2_200_000.0); // the later of two changes at tick 200 holds
        assertThat(map.micros(300)).isEqualTo(2_400_000.0);
        assertThat(map.micros(301)).isEqualTo(2_401_000.0);
        assertThat(map.durationMicros()).isEqualTo(2_500_000.0);
        assertThat(map.tempoAt(299)).isEqualTo(400_000);
        assertThat(map.segments()).isEqualTo(3);
    }

    @Test
    void hundredTempoChangesGiveTheAnalyticSum() {
        Random random = new Random(42);
        int ppq = 384;
        List<SmfEvent> events = new ArrayList<>();
        BigDecimal expected = BigDecimal.ZERO;
        long tick = 0;
        int tempo = 500_000;
        for (int i = 0; i < 100; i++) {
            int delta = 1 + random.nextInt(5000);
            expected = expected.add(BigDecimal.valueOf((long) delta * tempo).divide(BigDecimal.valueOf(ppq), MathContext.DECIMAL128));
            tick += delta;
            tempo = 200_000 + random.nextInt(1_000_000);
            events.add(SmfEvent.tempo(tick, tempo));
        }
        int last = 777;
        expected = expected.add(BigDecimal.valueOf((long) last * tempo).divide(BigDecimal.valueOf(ppq), MathContext.DECIMAL128));
        events.add(note(tick + last, 60));
        TempoMap map = TempoMap.of(Smf.of(0, TimeDivision.ppq(ppq), List.of(SmfTrack.of(events))));
        assertThat(map.segments()).isEqualTo(101);
        assertThat(map.lastTick()).isEqualTo(tick + last);
        assertThat(map.micros(tick + last)).isCloseTo(expected.doubleValue(), within(1e-6));
        assertThat(map.durationMicros()).isCloseTo(expected.doubleValue(), within(1e-6));
        assertThat(map.micros(tick)).isCloseTo(expected.doubleValue() - last * (double) tempo / ppq, within(1e-6));
    }

    @Test
    void noDriftOverAVeryLongFile() {
        // 1/3 µs per tick: summing per-tick times in doubles would drift; the map does not
        List<SmfEvent> events = new ArrayList<>();
        events.add(SmfEvent.tempo(0, 1));
        long tick = 0;
        for (int i = 0; i < 1000; i++) {
            tick += 999_983;
            events.add(SmfEvent.tempo(tick, 1));
        }
        TempoMap map = TempoMap.of(Smf.of(0, TimeDivision.ppq(3), List.of(SmfTrack.of(events))));
        assertThat(map.micros(tick)).isEqualTo((double) (tick / 3) + (tick % 3) / 3.0);
    }

    @Test
    void smpteTicksAreAFixedTimeAndTempoIsIgnored() {
        Smf smf = Smf.of(1, TimeDivision.smpte(25, 40), List.of(SmfTrack.of(List.of(SmfEvent.tempo(0, 1_000_000), note(1000, 60)))));
        TempoMap map = TempoMap.of(smf);
        assertThat(map.micros(1000)).isCloseTo(1_000_000.0, within(1e-6)); // 25 × 40 ticks a second
        assertThat(map.durationMicros()).isCloseTo(1_000_000.0, within(1e-6));
        assertThat(map.segments()).isEqualTo(1);
        TempoMap dropFrame = TempoMap.of(Smf.of(1, TimeDivision.smpte(29, 100), List.of(SmfTrack.of(List.of(note(3000, 60))))));
        assertThat(dropFrame.micros(3000)).isCloseTo(1_001_000.0, within(1e-3)); // 3000 ticks at 29.97 × 100 a second
        assertThat(TempoMap.of(Smf.of(0, TimeDivision.smpte(30, 80), List.of(SmfTrack.of(List.of(note(2400, 1)))))).durationMicros())
                .isCloseTo(1_000_000.0, within(1e-6));
    }
}
