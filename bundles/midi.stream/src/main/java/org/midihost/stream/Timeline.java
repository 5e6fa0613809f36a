package org.midihost.stream;

import org.midihost.api.TimeDivision;

/**
 * Ticks to stream time for one stream: a time division and the current tempo segment. The time of
 * a tick is computed from the start of its segment (the last tempo change), and a segment's start
 * from the previous segment's formula, once per tempo change: times are never accumulated event
 * by event, so a long stream does not drift. Not thread-safe: the stream guards it.
 */
final class Timeline {
    private TimeDivision division;
    private int tempo;
    /** Start of the current segment, in ticks (fractional when the tempo was set between events). */
    private double segmentTick;
    /** Start of the current segment, in nanoseconds of stream time. */
    private double segmentNanos;
    private double nanosPerTick;

    Timeline(TimeDivision division, int tempo) {
        this.division = division;
        this.tempo = tempo;
        recompute();
    }

    TimeDivision division() {
        return division;
    }

    int tempo() {
        return tempo;
    }

    /** Back to tick 0 at time 0, with a division and a tempo. */
    void reset(TimeDivision d, int microsPerQuarter) {
        division = d;
        tempo = microsPerQuarter;
        segmentTick = 0;
        segmentNanos = 0;
        recompute();
    }

    /**
     * @param tick a tick at or after the segment's start
     * @return its time, in nanoseconds of stream time
     */
    long nanosAt(long tick) {
        return Math.round(segmentNanos + (tick - segmentTick) * nanosPerTick);
    }

    /**
     * @param streamNanos a time at or after the segment's start
     * @return the tick at that time, rounded down
     */
    long tickAt(long streamNanos) {
        return (long) Math.floor(segmentTick + (streamNanos - segmentNanos) / nanosPerTick);
    }

    /**
     * A tempo change at a tick (a tempo event): the new segment starts there.
     *
     * @param tick the tick of the event
     * @param microsPerQuarter the new tempo
     */
    void tempoAtTick(long tick, int microsPerQuarter) {
        segmentNanos = segmentNanos + (tick - segmentTick) * nanosPerTick;
        segmentTick = tick;
        tempo = microsPerQuarter;
        recompute();
    }

    /**
     * A tempo change at a time (the tempo property set while playing): the new segment starts at
     * that time, at the tick reached then.
     *
     * @param streamNanos the time
     * @param microsPerQuarter the new tempo
     */
    void tempoAtTime(long streamNanos, int microsPerQuarter) {
        segmentTick = segmentTick + (streamNanos - segmentNanos) / nanosPerTick;
        segmentNanos = streamNanos;
        tempo = microsPerQuarter;
        recompute();
    }

    private void recompute() {
        // Under SMPTE a tick is a fixed time and tempo does not apply.
        nanosPerTick = division.isSmpte() ? division.smpteTickNanos() : tempo * 1000.0 / division.ppq();
    }
}
