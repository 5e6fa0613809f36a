package org.midihost.stream.smf;

import java.util.List;
import java.util.Optional;

import org.midihost.api.StreamEvent;

/**
 * One track ({@code MTrk} chunk) of a Standard MIDI File: its events in file order, at absolute
 * ticks, and the tick of its End of Track.
 *
 * @param events the events in file order, ticks never decreasing, successive ticks at most
 *        {@link StreamEvent#MAX_DELTA} apart (an SMF delta); copied; no End of Track event
 * @param endTick the tick of the End of Track meta event: at least the last event's tick, and
 *        at most {@link StreamEvent#MAX_DELTA} after it
 */
public record SmfTrack(List<SmfEvent> events, long endTick) {
    /**
     * @throws IllegalArgumentException if the ticks decrease, a gap does not fit a delta, or the
     *         end is before the last event
     * @throws NullPointerException if {@code events} or one of them is {@code null}
     */
    public SmfTrack {
        events = List.copyOf(events);
        long previous = 0;
        for (SmfEvent e : events) {
            checkGap(previous, e.tick());
            previous = e.tick();
        }
        checkGap(previous, endTick);
    }

    /**
     * @param events the events in order
     * @return a track that ends with its last event (tick 0 if it has none)
     */
    public static SmfTrack of(List<SmfEvent> events) {
        return new SmfTrack(events, events.isEmpty() ? 0 : events.get(events.size() - 1).tick());
    }

    private static void checkGap(long from, long to) {
        if (to < from) {
            throw new IllegalArgumentException("tick " + to + " comes after tick " + from + ": ticks must not decrease");
        }
        if (to - from > StreamEvent.MAX_DELTA) {
            throw new IllegalArgumentException("a gap of " + (to - from) + " ticks is more than an SMF delta holds (" + StreamEvent.MAX_DELTA + ")");
        }
    }

    /** @return the text of the first track-name meta event ({@code FF 03}), if any */
    public Optional<String> name() {
        return events.stream().filter(e -> e.kind() == SmfEvent.Kind.META && e.metaType() == SmfEvent.META_TRACK_NAME)
                .findFirst().map(SmfEvent::text);
    }
}
