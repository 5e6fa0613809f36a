package org.midihost.route.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.midihost.api.MidiHost;
import org.midihost.route.RouteInfo;

/**
 * For benchmarks only: standing routes on a plain class path, outside OSGi, through the route
 * bundle's own {@link Router} and {@link RouteComponent} (package-private API, hence this class in
 * their package, in the bench module: a split package is fine on a plain class path, and the
 * route bundle itself exports nothing new).
 */
public final class BenchRoutes implements AutoCloseable {
    private final MidiHost host;
    private final Router router;
    private final List<RouteComponent> components = new ArrayList<>();

    /** @param host the host whose endpoints the routes join */
    public BenchRoutes(MidiHost host) {
        this.host = host;
        this.router = new Router(host);
    }

    /**
     * Adds a route, as a configuration would.
     *
     * @param properties its configuration: {@code name}, {@code from}, {@code to}, {@code rate}, transforms
     * @return the route's state and counters right after adding it
     */
    public RouteInfo add(Map<String, Object> properties) {
        components.add(new RouteComponent(properties, router, host));
        return info(String.valueOf(properties.get("name")));
    }

    /**
     * @param name a route's name
     * @return its state and counters now
     */
    public RouteInfo info(String name) {
        return router.route(name).orElseThrow(() -> new IllegalStateException("no route '" + name + "'"));
    }

    /** Closes every route, then the router. */
    @Override
    public void close() {
        components.forEach(RouteComponent::deactivate);
        components.clear();
        router.close();
    }
}
