package org.midihost.stream.smf;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.midihost.api.TimeDivision;

/**
 * The events of a whole {@link Smf} on one time line, in the order they play.
 *
 * <p>Formats 0 and 1: every track starts at tick 0; events are merged by tick, and events at the
 * same tick keep track order, then file order. Format 2: the tracks play one after another, each
 * track's ticks offset by the end (End of Track) of the one before.
 *
 * <p>Immutable and thread-safe.
 */
public final class SmfTimeline {
    /**
     * One event on the time line.
     *
     * @param tick the tick on the time line (for format 2, offset by the tracks before)
     * @param track the index of its track in {@link Smf#tracks()}, from 0
     * @param event the event, with its tick in its own track
     */
    public record Entry(long tick, int track, SmfEvent event) {
    }

    private final TimeDivision division;
    private final List<Entry> entries;
    private final long lastTick;

    private SmfTimeline(TimeDivision division, List<Entry> entries, long lastTick) {
        this.division = division;
        this.entries = entries;
        this.lastTick = lastTick;
    }

    /**
     * @param smf a file
     * @return its time line
     */
    public static SmfTimeline of(Smf smf) {
        List<Entry> entries = new ArrayList<>();
        long offset = 0;
        long last = 0;
        List<SmfTrack> tracks = smf.tracks();
        for (int t = 0; t < tracks.size(); t++) {
            SmfTrack track = tracks.get(t);
            for (SmfEvent e : track.events()) {
                entries.add(new Entry(offset + e.tick(), t, e));
            }
            if (smf.format() == 2) {
                offset += track.endTick();
                last = offset;
            } else {
                last = Math.max(last, track.endTick());
            }
        }
        if (smf.format() != 2) {
            entries.sort(Comparator.comparingLong(Entry::tick)); // stable: track order, then file order
        }
        return new SmfTimeline(smf.division(), List.copyOf(entries), last);
    }

    /** @return the file's time division */
    public TimeDivision division() {
        return division;
    }

    /** @return the events in playing order */
    public List<Entry> entries() {
        return entries;
    }

    /**
     * @return the last tick: the latest End of Track (formats 0 and 1), or the sum of the
     *         tracks' lengths (format 2)
     */
    public long lastTick() {
        return lastTick;
    }
}
