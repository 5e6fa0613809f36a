package org.midihost.route;

import java.util.List;

/**
 * What a route is and has done.
 *
 * @param name the route's name
 * @param from the input endpoint id
 * @param to the output endpoint ids
 * @param transform the transform, as a short text
 * @param state {@link State#ACTIVE} when the input and every output are open, else what it waits for
 * @param waitingFor the endpoint ids the route waits for (empty when active)
 * @param passed messages sent on (counted once per message, whatever the number of outputs)
 * @param filtered messages the transform dropped
 * @param dropped messages that could not be sent, or beyond the rate limit
 * @param throttled of {@code dropped}, those beyond the rate limit
 */
public record RouteInfo(String name, String from, List<String> to, String transform, State state, List<String> waitingFor,
        long passed, long filtered, long dropped, long throttled) {
    /** A route's state. */
    public enum State {
        /** The input and every output are open: messages flow. */
        ACTIVE,
        /** An end is not present: the route waits for the same endpoint to come back. */
        WAITING
    }
}
