package org.midihost.web.routes;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.midihost.api.MidiException;
import org.midihost.api.MmResult;
import org.midihost.route.RouteConfigurations;
import org.midihost.route.RouteInfo;
import org.midihost.route.Routes;
import org.midihost.web.ApiException;
import org.midihost.web.EventHub;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routes as the page sees them: rows for {@code GET /api/routes}, made and removed through
 * the route bundle's {@link RouteConfigurations} exactly as {@code midi:connect} and
 * {@code midi:disconnect} do (saved in the deploy folder where there is one), and event
 * {@value #EVENT} of {@code /api/events}: one thread publishes the rows every
 * {@value #POLL_MILLIS} ms (the router announces no change: route counters and states change
 * without a word), and at once after a change made here, as a retained state of the
 * {@link EventHub}, which sends it only when it differs from the last and gives the last to every
 * page that connects.
 */
@Component(service = RouteTable.class)
public final class RouteTable {
    private static final Logger LOG = LoggerFactory.getLogger(RouteTable.class);
    /** The event of {@code /api/events} that carries the rows, as {@code GET /api/routes} answers them: {@value}. */
    public static final String EVENT = "routes";
    /** How often the routes are published: {@value} ms. */
    static final long POLL_MILLIS = 1000;
    private static final String FILEINSTALL_DIR = "felix.fileinstall.dir";

    /**
     * A route as the API shows it.
     *
     * @param name its name
     * @param from the input endpoint id
     * @param to the output endpoint ids
     * @param transform its filter and transform options by the names {@code POST /api/routes}
     *        takes ({@code {"channels":"1-9","transpose":-12}}; empty: it passes everything)
     * @param transformText the same in words, as {@code midi:routes} shows it
     * @param state {@code active} or {@code waiting}
     * @param waitingFor the endpoint ids it waits for (empty when active)
     * @param passed messages sent on
     * @param filtered messages the transform dropped
     * @param dropped messages that could not be sent, or beyond the rate limit
     * @param throttled of {@code dropped}, those beyond the rate limit
     */
    public record Row(String name, String from, List<String> to, Map<String, Object> transform, String transformText, String state,
            List<String> waitingFor, long passed, long filtered, long dropped, long throttled) {
    }

    private final Routes routes;
    private final ConfigurationAdmin admin;
    /** The deploy folder, read at each change: the launcher sets it after this bundle may have started. */
    private final Supplier<String> deployDir;
    private final ScheduledExecutorService poller;
    /** Where the rows go: the event hub's {@code retain}, or a test's collector. Called on the poller's thread only, so in order. */
    private final Consumer<List<Row>> publish;

    /**
     * @param routes the router
     * @param admin where routes are configured
     * @param context this bundle's context, for the deploy folder's property
     * @param events the page's event stream
     */
    @Activate
    public RouteTable(@Reference Routes routes, @Reference ConfigurationAdmin admin, BundleContext context,
            @Reference EventHub events) {
        this(routes, admin, () -> context.getProperty(FILEINSTALL_DIR), rows -> events.retain(EVENT, rows));
    }

    RouteTable(Routes routes, ConfigurationAdmin admin, Supplier<String> deployDir, Consumer<List<Row>> publish) {
        this.routes = routes;
        this.admin = admin;
        this.deployDir = deployDir;
        this.publish = publish;
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "midihost-web-routes");
            t.setDaemon(true);
            return t;
        });
        poller.scheduleWithFixedDelay(this::changed, 0, POLL_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Stops the feed's thread. */
    @Deactivate
    void close() {
        poller.shutdownNow();
    }

    /** @return every route, by name */
    public List<Row> rows() {
        return routes.routes().stream().map(this::row).toList();
    }

    /**
     * @param name a route's name
     * @return the route
     * @throws ApiException 404 if there is none of that name
     */
    public Row row(String name) throws ApiException {
        return routes.route(name).map(this::row).orElseThrow(() -> new ApiException(404, "no route named '" + name + "'"));
    }

    /**
     * Makes a route as {@code midi:connect} does.
     *
     * @param name its name, or {@code null} for one made of its ends
     * @param from the input endpoint id
     * @param to the output endpoint ids
     * @param options filter and transform options by {@link RouteConfigurations#OPTIONS} name
     * @return the route
     * @throws ApiException 400 for a bad option, name, missing end or a cycle (the router's text);
     *         500 if the router did not take it or the configuration could not be written
     */
    public Row create(String name, String from, List<String> to, Map<String, Object> options) throws ApiException {
        try {
            Row r = row(configurations().create(name, from, to, options).info());
            poller.execute(this::changed);
            return r;
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, e.getMessage());
        } catch (MidiException e) {
            throw new ApiException(e.result() == MmResult.MMSYSERR_INVALPARAM ? 400 : 500, e.getMessage());
        } catch (IOException e) {
            throw new ApiException(500, "the route's configuration could not be written: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "interrupted while waiting for the router");
        }
    }

    /**
     * Removes a route as {@code midi:disconnect} does.
     *
     * @param name its name
     * @throws ApiException 404 if there is no route of that name
     */
    public void delete(String name) throws ApiException {
        if (!configurations().configured(name)) {
            throw new ApiException(404, "no route named '" + name + "'");
        }
        try {
            configurations().delete(name);
            poller.execute(this::changed);
        } catch (MidiException e) {
            throw new ApiException(e.result() == MmResult.MMSYSERR_INVALPARAM ? 404 : 500, e.getMessage());
        } catch (IOException e) {
            throw new ApiException(500, "the route's configuration could not be deleted: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "interrupted while waiting for the router");
        }
    }

    private Row row(RouteInfo r) {
        return new Row(r.name(), r.from(), r.to(), configurations().options(r.name()), r.transform(),
                r.state() == RouteInfo.State.ACTIVE ? "active" : "waiting", r.waitingFor(), r.passed(), r.filtered(), r.dropped(),
                r.throttled());
    }

    private RouteConfigurations configurations() {
        return new RouteConfigurations(routes, admin, deployDir.get());
    }

    /** On the poller's thread: publishes the rows (the hub drops them if they equal the last). */
    private void changed() {
        try {
            publish.accept(rows());
        } catch (RuntimeException e) {
            LOG.warn("publishing the routes failed", e); // never kill the poller
        }
    }
}
