package org.midihost.stream.smf;

import java.util.ArrayList;
import java.util.List;

import org.midihost.api.MidiStream;
import org.midihost.api.StreamBuffer;
import org.midihost.api.StreamEvent;

/**
 * Converts a {@link Smf} to the events of a {@link MidiStream}: its {@link SmfTimeline} (tracks
 * merged for formats 0 and 1, concatenated for format 2) as {@link StreamEvent}s with delta ticks,
 * ready for {@link StreamBuffer}s under the file's division.
 *
 * <ul>
 * <li>channel messages become {@link StreamEvent.Kind#SHORT} events with the same packed message;</li>
 * <li>tempo meta events become {@link StreamEvent.Kind#TEMPO} (kept under SMPTE, where the stream
 * ignores them);</li>
 * <li>{@code F0} sysex events become {@link StreamEvent.Kind#LONG} with the bytes beginning
 * {@code F0}; {@code F7} escape events become {@code LONG} with their raw bytes (an empty one is
 * dropped);</li>
 * <li>other meta events are dropped, their time carried to the next event's delta;</li>
 * <li>a delta longer than {@link StreamEvent#MAX_DELTA} is split with {@link StreamEvent.Kind#NOP}
 * events; and a final {@code NOP} holds the stream to the file's
 * {@linkplain SmfTimeline#lastTick() last tick} when it ends after its last event.</li>
 * </ul>
 */
public final class SmfStreams {
    private SmfStreams() {
    }

    /**
     * @param smf a file
     * @return its events in playing order with delta ticks; a new, mutable list
     */
    public static List<StreamEvent> toStreamEvents(Smf smf) {
        return toStreamEvents(SmfTimeline.of(smf));
    }

    /**
     * @param timeline the time line of a file
     * @return its events in playing order with delta ticks; a new, mutable list
     */
    public static List<StreamEvent> toStreamEvents(SmfTimeline timeline) {
        List<StreamEvent> out = new ArrayList<>(timeline.entries().size() + 1);
        long previous = 0;
        for (SmfTimeline.Entry entry : timeline.entries()) {
            SmfEvent e = entry.event();
            long delta = entry.tick() - previous;
            StreamEvent converted = switch (e.kind()) {
                case CHANNEL -> StreamEvent.shortMsg(nops(out, delta), e.message());
                case SYSEX -> StreamEvent.longMsg(nops(out, delta), e.data().clone());
                case ESCAPE -> e.data().length == 0 ? null : StreamEvent.longMsg(nops(out, delta), e.data().clone());
                case META -> e.isTempo() ? StreamEvent.tempo(nops(out, delta), e.tempoMicros()) : null;
            };
            if (converted != null) {
                out.add(converted);
                previous = entry.tick();
            }
        }
        if (timeline.lastTick() > previous) {
            out.add(StreamEvent.nop(nops(out, timeline.lastTick() - previous)));
        }
        return out;
    }

    /** Adds NOPs for all of a delta but what fits the next event; returns that rest. */
    private static int nops(List<StreamEvent> out, long delta) {
        while (delta > StreamEvent.MAX_DELTA) {
            out.add(StreamEvent.nop(StreamEvent.MAX_DELTA));
            delta -= StreamEvent.MAX_DELTA;
        }
        return (int) delta;
    }
}
