package org.midihost.stream.smf;

import java.util.List;
import java.util.Objects;

import org.midihost.api.TimeDivision;

/**
 * A Standard MIDI File: its format, time division and tracks, as {@link SmfReader} reads it and
 * {@link SmfWriter} writes it.
 *
 * <p>Format 0 has one track; in format 1 the tracks play together on one time line; in format 2
 * each track is an independent sequence, played one after another ({@link SmfTimeline}).
 *
 * @param format 0, 1 or 2
 * @param division ticks per quarter note or SMPTE timing
 * @param tracks the tracks in file order, at least one (exactly one for format 0); copied
 * @param warnings what the reader tolerated in a real file's defects (a missing End of Track,
 *        unknown chunks, fewer tracks than declared, bytes after the last track, …), one
 *        sentence each naming the byte offset; empty for a clean file or one built in code; copied
 */
public record Smf(int format, TimeDivision division, List<SmfTrack> tracks, List<String> warnings) {
    /**
     * @throws IllegalArgumentException for a format other than 0, 1 or 2, no track, or a format-0
     *         file with more than one track
     * @throws NullPointerException if an argument or a track is {@code null}
     */
    public Smf {
        Objects.requireNonNull(division, "division");
        tracks = List.copyOf(tracks);
        warnings = List.copyOf(warnings);
        if (format < 0 || format > 2) {
            throw new IllegalArgumentException("format " + format + " is not 0, 1 or 2");
        }
        if (tracks.isEmpty()) {
            throw new IllegalArgumentException("a Standard MIDI File has at least one track");
        }
        if (format == 0 && tracks.size() != 1) {
            throw new IllegalArgumentException("format 0 has exactly one track, not " + tracks.size());
        }
    }

    /**
     * @param format 0, 1 or 2
     * @param division the time division
     * @param tracks the tracks
     * @return a file without warnings
     */
    public static Smf of(int format, TimeDivision division, List<SmfTrack> tracks) {
        return new Smf(format, division, tracks, List.of());
    }
}
