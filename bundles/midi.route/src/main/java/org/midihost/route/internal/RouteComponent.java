package org.midihost.route.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.midihost.api.MidiHost;
import org.midihost.route.Routes;
import org.midihost.route.Transform;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One standing route per factory configuration {@value Routes#FACTORY_PID}: its properties are
 * {@value Routes#NAME}, {@value Routes#FROM}, {@value Routes#TO}, {@value Routes#RATE} and the
 * {@link Transform} properties. A configuration that cannot work (a missing end, a malformed
 * transform, a cycle) fails the activation with one line naming what is wrong; the route is
 * then absent. A change of configuration replaces the route.
 */
@Component(service = {}, configurationPid = Routes.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
public final class RouteComponent {
    private static final Logger LOG = LoggerFactory.getLogger(RouteComponent.class);

    private final Router router;
    private final Route route;

    /**
     * @param properties the configuration
     * @param router the router
     * @param host the host
     * @throws IllegalArgumentException for a configuration that cannot work (the message says why)
     */
    @Activate
    public RouteComponent(Map<String, Object> properties, @Reference Router router, @Reference MidiHost host) {
        this.router = router;
        String pid = String.valueOf(properties.getOrDefault("service.pid", "route"));
        String name = string(properties.get(Routes.NAME), pid);
        try {
            String from = string(properties.get(Routes.FROM), null);
            if (from == null) {
                throw new IllegalArgumentException("route '" + name + "': no 'from' (the input endpoint id)");
            }
            List<String> to = strings(properties.get(Routes.TO));
            if (to.isEmpty()) {
                throw new IllegalArgumentException("route '" + name + "': no 'to' (output endpoint ids)");
            }
            int rate = rate(name, properties.get(Routes.RATE));
            Transform transform;
            try {
                transform = Transform.fromProperties(properties);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("route '" + name + "': " + e.getMessage(), e);
            }
            this.route = new Route(name, from, to, transform, rate, host, router.executor());
            router.add(route);
        } catch (IllegalArgumentException e) {
            LOG.debug("route '{}' not created", name, e); // DS logs the message, once
            throw e;
        }
    }

    /** Closes the route's handles. */
    @Deactivate
    void deactivate() {
        router.remove(route);
    }

    private static String string(Object v, String absent) {
        if (v == null) {
            return absent;
        }
        String s = (v instanceof String[] a && a.length == 1 ? a[0] : String.valueOf(v)).strip();
        return s.isEmpty() ? absent : s;
    }

    private static List<String> strings(Object v) {
        List<String> out = new ArrayList<>();
        if (v instanceof String[] a) {
            for (String s : a) {
                addSplit(out, s);
            }
        } else if (v instanceof Iterable<?> it) {
            for (Object o : it) {
                addSplit(out, String.valueOf(o));
            }
        } else if (v != null) {
            addSplit(out, String.valueOf(v));
        }
        return out;
    }

    private static void addSplit(List<String> out, String s) {
        for (String part : s.split(",")) {
            if (!part.isBlank()) {
                out.add(part.strip());
            }
        }
    }

    private static int rate(String name, Object v) {
        if (v == null) {
            return Routes.DEFAULT_RATE;
        }
        try {
            long r = v instanceof Number n ? n.longValue() : Long.parseLong(String.valueOf(v).strip());
            if (r >= 1 && r <= 10_000_000) {
                return (int) r;
            }
        } catch (NumberFormatException e) {
            // named below
        }
        throw new IllegalArgumentException("route '" + name + "': rate '" + v + "' is not a number of messages per second, 1..10000000");
    }
}
