package org.midihost.web.routes;

import java.util.function.Consumer;

/**
 * The seam between the routes API and the page's event stream ({@code GET /api/events}, whose
 * servlet owns the stream): a service of this bundle that tells the routes as event
 * {@value #EVENT}, data the JSON array {@code GET /api/routes} answers, on connect
 * ({@link #current()}) and again on every change (a route made or removed, a route's state or
 * counters changed; checked every second, and at once after the page's own changes).
 */
public interface RouteEvents {
    /** The SSE event name: {@value}. */
    String EVENT = "routes";

    /** @return the data (JSON text) of the event now: what {@code GET /api/routes} answers */
    String current();

    /**
     * @param listener called with each new data (JSON text) on the routes' thread, with no lock
     *        held; it must not block (queue it, as a stream's bounded queue does)
     */
    void addListener(Consumer<String> listener);

    /** @param listener a listener added before; no more calls after this returns (bar one in flight) */
    void removeListener(Consumer<String> listener);
}
