package org.midihost.route.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.midihost.api.DeviceEvent;
import org.midihost.api.DeviceListener;
import org.midihost.api.MidiException;
import org.midihost.api.MidiHost;
import org.midihost.api.MmResult;
import org.midihost.route.RouteInfo;
import org.midihost.route.Routes;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Routes} service: the routes present, the check that keeps them free of cycles, one
 * thread that opens and re-starts their ends, and the device listener that tells waiting routes
 * their endpoint is back.
 */
@Component(service = { Routes.class, Router.class })
public final class Router implements Routes {
    private static final Logger LOG = LoggerFactory.getLogger(Router.class);

    private final MidiHost host;
    private final Function<String, Optional<String>> feeds;
    private final ExecutorService executor;
    private final DeviceListener listener = this::deviceEvent;
    /** Guards {@link #routes}: added and removed under it, with the cycle check, so two racing routes cannot close a cycle together. */
    private final Object lock = new Object();
    private final Map<String, Route> routes = new LinkedHashMap<>();

    /**
     * @param host the host whose endpoints the routes join
     */
    @Activate
    public Router(@Reference MidiHost host) {
        this(host, host::feeds);
    }

    Router(MidiHost host, Function<String, Optional<String>> feeds) {
        this.host = host;
        this.feeds = feeds;
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "midihost-router");
            t.setDaemon(true);
            return t;
        });
        host.addDeviceListener(listener);
    }

    /** Stops the router's thread; the routes' components close their routes first (they depend on this one). */
    @Deactivate
    public void close() {
        host.removeDeviceListener(listener);
        List<Route> left;
        synchronized (lock) {
            left = new ArrayList<>(routes.values());
            routes.clear();
        }
        left.forEach(Route::close);
        executor.shutdown();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Adds a route and opens its ends that are present.
     *
     * @param route the route
     * @throws IllegalArgumentException if a route of that name exists, or the route would close a cycle
     */
    void add(Route route) {
        synchronized (lock) {
            if (routes.containsKey(route.name)) {
                throw new IllegalArgumentException("route '" + route.name + "' exists already");
            }
            Optional<List<String>> cycle = cycle(route.from, route.to);
            if (cycle.isPresent()) {
                throw new IllegalArgumentException("route '" + route.name + "' would close a cycle: "
                        + RouteGraph.describe(cycle.get()));
            }
            routes.put(route.name, route);
        }
        route.retry(); // the ends present open now, so a route is active as soon as it exists
        LOG.info("route '{}': {} \u2192 {} ({})", route.name, route.from, String.join(", ", route.to), route.transform);
    }

    /** Removes a route and closes its ends. */
    void remove(Route route) {
        synchronized (lock) {
            routes.remove(route.name, route);
        }
        route.close();
    }

    /** @return the executor that opens routes' ends */
    ExecutorService executor() {
        return executor;
    }

    private Optional<List<String>> cycle(String from, List<String> to) {
        List<RouteGraph.Edge> edges = new ArrayList<>();
        for (Route r : routes.values()) {
            edges.add(new RouteGraph.Edge(r.name, r.from, r.to));
        }
        return RouteGraph.cycle(edges, from, to, feeds);
    }

    private void deviceEvent(DeviceEvent e) {
        List<Route> all;
        synchronized (lock) {
            all = new ArrayList<>(routes.values());
        }
        for (Route r : all) {
            r.deviceEvent(e);
        }
    }

    @Override
    public List<RouteInfo> routes() {
        List<Route> all;
        synchronized (lock) {
            all = new ArrayList<>(routes.values());
        }
        return all.stream().filter(Route::tried).map(Route::info).sorted(Comparator.comparing(RouteInfo::name)).toList();
    }

    @Override
    public Optional<RouteInfo> route(String name) {
        Route r;
        synchronized (lock) {
            r = routes.get(name);
        }
        return Optional.ofNullable(r).filter(Route::tried).map(Route::info);
    }

    @Override
    public void check(String from, List<String> to) throws MidiException {
        Optional<List<String>> cycle;
        synchronized (lock) {
            cycle = cycle(from, to);
        }
        if (cycle.isPresent()) {
            throw new MidiException(MmResult.MMSYSERR_INVALPARAM, "the route would close a cycle: "
                    + RouteGraph.describe(cycle.get()));
        }
    }
}
