package org.midihost.web.files;

import java.util.List;
import java.util.function.Consumer;

/**
 * The seam between the files API and the page's event stream ({@code GET /api/events}, whose
 * servlet owns the stream): a service of this bundle that tells the progress of files playing,
 * as event {@value #EVENT}, data one JSON object
 * {@code {"id":"p1","file":"f1","output":"synth/0","positionMs":N,"durationMs":N,"state":"playing"|"done"|"stopped"|"error","error":"…"}}
 * ({@code error} only with state {@code error}). While a file plays it comes at least every 250 ms,
 * and once more when it ends (state {@code done}, {@code stopped} or {@code error}).
 *
 * <p>The events servlet sends {@link #current()} to a stream on connect, and adds a listener
 * per stream for what follows.
 */
public interface PlaybackEvents {
    /** The SSE event name: {@value}. */
    String EVENT = "playback";

    /** @return the data (JSON text) of every file playing now, one event each; empty if none */
    List<String> current();

    /**
     * @param listener called with each event's data (JSON text) on the playback thread, with no
     *        lock held; it must not block (queue it, as a stream's bounded queue does)
     */
    void addListener(Consumer<String> listener);

    /** @param listener a listener added before; no more calls after this returns (bar one in flight) */
    void removeListener(Consumer<String> listener);
}
