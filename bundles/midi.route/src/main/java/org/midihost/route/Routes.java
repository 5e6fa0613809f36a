package org.midihost.route;

import java.util.List;
import java.util.Optional;
import org.midihost.api.MidiException;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The router, an OSGi service: the standing routes, each from one input endpoint to one or more
 * output endpoints through a {@link Transform}. A route is a configuration of factory PID
 * {@value #FACTORY_PID} (a {@code .cfg} file in {@code deploy/}, Karaf's {@code config:}, a
 * metatype-aware console or {@code midi:connect}); it is an intent between endpoint ids: while an
 * end's driver is gone the route waits, and when the same endpoint comes back it carries again.
 * It never delivers to a device that took the number of one that left.
 */
@ProviderType
public interface Routes {
    /** The factory PID of a route's configuration. */
    String FACTORY_PID = "org.midihost.route";
    /** Configuration property: the route's name (unique; default: the configuration's PID). */
    String NAME = "name";
    /** Configuration property: the input endpoint id the route takes from, e.g. {@code loopback/0}. */
    String FROM = "from";
    /** Configuration property: the output endpoint ids the route sends to (String or String[]). */
    String TO = "to";
    /** Configuration property: the most messages per second the route passes; more are dropped and reported. */
    String RATE = "rate";
    /** The default of {@link #RATE}: ten DIN cables' worth. */
    int DEFAULT_RATE = 31_250;

    /** @return every route, by name */
    List<RouteInfo> routes();

    /**
     * @param name a route's name
     * @return the route, if there is one with that name
     */
    Optional<RouteInfo> route(String name);

    /**
     * Checks a route before it is created: that it would not close a cycle with the routes
     * present and the outputs that feed inputs (a loopback cable).
     *
     * @param from the input endpoint id
     * @param to the output endpoint ids
     * @throws MidiException {@code MMSYSERR_INVALPARAM} naming the cycle
     */
    void check(String from, List<String> to) throws MidiException;
}
