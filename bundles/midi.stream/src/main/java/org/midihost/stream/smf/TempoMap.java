package org.midihost.stream.smf;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import org.midihost.api.MidiStream;
import org.midihost.api.TimeDivision;

/**
 * The map from ticks to time of a {@link Smf}: where each tick plays, in microseconds from the
 * start.
 *
 * <p>PPQ: the tempo is {@link MidiStream#DEFAULT_TEMPO} (120 beats per minute) until the first
 * tempo event, and each tempo event of the time line (any track) starts a segment. Each segment
 * keeps its start tick and its exact start time (whole microseconds and a remainder in
 * 1/PPQ microseconds), computed from the previous segment in integer arithmetic, so nothing is
 * accumulated with rounding: {@link #micros(long)} is the exact time rounded once to a double.
 * For format 2, the tempo carries from one track to the next, as the tracks play in sequence.
 *
 * <p>SMPTE: a tick is a fixed time ({@link TimeDivision#smpteTickNanos()}); tempo events are
 * ignored.
 *
 * <p>Immutable and thread-safe.
 */
public final class TempoMap {
    private final TimeDivision division;
    private final long lastTick;
    /** Segment starts, ascending: tick, whole microseconds, remainder in 1/ppq µs, tempo. */
    private final long[] startTick;
    private final long[] startWhole;
    private final long[] startRemainder;
    private final int[] tempo;

    private TempoMap(TimeDivision division, long lastTick, List<long[]> segments) {
        this.division = division;
        this.lastTick = lastTick;
        int n = segments.size();
        startTick = new long[n];
        startWhole = new long[n];
        startRemainder = new long[n];
        tempo = new int[n];
        for (int i = 0; i < n; i++) {
            long[] s = segments.get(i);
            startTick[i] = s[0];
            startWhole[i] = s[1];
            startRemainder[i] = s[2];
            tempo[i] = (int) s[3];
        }
    }

    /**
     * @param smf a file
     * @return its tempo map
     * @throws ArithmeticException as {@link #of(SmfTimeline)}
     */
    public static TempoMap of(Smf smf) {
        return of(SmfTimeline.of(smf));
    }

    /**
     * @param timeline the time line of a file
     * @return its tempo map
     * @throws ArithmeticException if a tempo change comes after more than 2^63 microseconds
     *         (about 292,000 years: only a hostile file, of huge deltas at 1 PPQ)
     */
    public static TempoMap of(SmfTimeline timeline) {
        TimeDivision division = timeline.division();
        List<long[]> segments = new ArrayList<>();
        segments.add(new long[] {0, 0, 0, MidiStream.DEFAULT_TEMPO});
        if (!division.isSmpte()) {
            long ppq = division.ppq();
            for (SmfTimeline.Entry entry : timeline.entries()) {
                if (!entry.event().isTempo()) {
                    continue;
                }
                long[] last = segments.get(segments.size() - 1);
                long tick = entry.tick();
                // exact start: the previous start plus (tick - its start) × its tempo / ppq
                BigInteger[] qr = BigInteger.valueOf(tick - last[0]).multiply(BigInteger.valueOf(last[3]))
                        .add(BigInteger.valueOf(last[2])).divideAndRemainder(BigInteger.valueOf(ppq));
                long[] next = {tick, last[1] + qr[0].longValueExact(), qr[1].longValue(), entry.event().tempoMicros()};
                if (tick == last[0]) {
                    segments.set(segments.size() - 1, next); // the later of two changes at one tick wins
                } else {
                    segments.add(next);
                }
            }
        }
        return new TempoMap(division, timeline.lastTick(), segments);
    }

    /**
     * @param tick a tick of the time line, 0 or more (past {@link #lastTick()} the last tempo
     *        goes on)
     * @return its time in microseconds from the start
     * @throws IllegalArgumentException if the tick is negative
     */
    public double micros(long tick) {
        if (tick < 0) {
            throw new IllegalArgumentException("tick " + tick + " is negative");
        }
        if (division.isSmpte()) {
            return tick * division.smpteTickNanos() / 1000;
        }
        int i = segment(tick);
        long ppq = division.ppq();
        long dt = tick - startTick[i];
        long hi = Math.multiplyHigh(dt, tempo[i]);
        long lo = dt * tempo[i];
        if (hi == 0 && lo >= 0 && lo <= Long.MAX_VALUE - ppq) {
            long num = lo + startRemainder[i];
            return startWhole[i] + num / ppq + (double) (num % ppq) / ppq;
        }
        BigInteger[] qr = BigInteger.valueOf(dt).multiply(BigInteger.valueOf(tempo[i])).add(BigInteger.valueOf(startRemainder[i]))
                .divideAndRemainder(BigInteger.valueOf(ppq));
        return startWhole[i] + qr[0].doubleValue() + qr[1].doubleValue() / ppq;
    }

    /**
     * @param tick a tick of the time line, 0 or more
     * @return the tempo in force at that tick, in microseconds per quarter note (for SMPTE, the
     *         default, which does not apply)
     */
    public int tempoAt(long tick) {
        return tempo[segment(Math.max(0, tick))];
    }

    /** @return how many tempo segments the map has (1 with no tempo change, always 1 for SMPTE) */
    public int segments() {
        return tempo.length;
    }

    /** @return the last tick of the time line ({@link SmfTimeline#lastTick()}) */
    public long lastTick() {
        return lastTick;
    }

    /** @return the time of {@link #lastTick()}: how long the file plays, in microseconds */
    public double durationMicros() {
        return micros(lastTick);
    }

    private int segment(long tick) {
        int lo = 0;
        int hi = startTick.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (startTick[mid] <= tick) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }
}
