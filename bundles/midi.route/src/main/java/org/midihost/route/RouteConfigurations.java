package org.midihost.route;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.midihost.api.MidiException;
import org.midihost.api.MmResult;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.framework.InvalidSyntaxException;

/**
 * Makes and removes standing routes as a user does, for every front end ({@code midi:connect} and
 * {@code midi:disconnect} in the shell, {@code POST /api/routes} and {@code DELETE
 * /api/routes/NAME} on the web page): a route is a configuration of factory PID
 * {@value Routes#FACTORY_PID}. Where File Install watches a folder ({@code deploy/} in the
 * embedded distribution, {@code etc/} in Karaf) it is written there as
 * {@code org.midihost.route-NAME.cfg}, so that it stays across restarts and can be edited;
 * elsewhere it goes to Configuration Admin. Both calls wait (bounded) until the router has taken
 * the change.
 *
 * <p>Thread-safe: it keeps no state of its own. Two callers that pick the same name at the same
 * moment may both write it (the later file wins), as two shells would.
 */
public final class RouteConfigurations {
    /** How long {@link #create} and {@link #delete} wait for the router to take the change: {@value} ms. */
    public static final long APPLY_MILLIS = 10_000;
    /**
     * The filter and transform options, by the name a user types (without the shell's leading
     * {@code --}), mapped to the configuration property each sets: {@code types},
     * {@code channels}, {@code channel-map}, {@code notes}, {@code transpose},
     * {@code velocity-scale}, {@code velocity-offset}, {@code velocity-fixed}, {@code cc-map},
     * {@code cc-scale}, {@code rate}. Unmodifiable, in this order.
     */
    public static final Map<String, String> OPTIONS;

    static {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("types", Transform.PROPERTY_TYPES);
        o.put("channels", Transform.PROPERTY_CHANNELS);
        o.put("channel-map", Transform.PROPERTY_CHANNEL_MAP);
        o.put("notes", Transform.PROPERTY_NOTES);
        o.put("transpose", Transform.PROPERTY_TRANSPOSE);
        o.put("velocity-scale", Transform.PROPERTY_VELOCITY_SCALE);
        o.put("velocity-offset", Transform.PROPERTY_VELOCITY_OFFSET);
        o.put("velocity-fixed", Transform.PROPERTY_VELOCITY_FIXED);
        o.put("cc-map", Transform.PROPERTY_CC_MAP);
        o.put("cc-scale", Transform.PROPERTY_CC_SCALE);
        o.put("rate", Routes.RATE);
        OPTIONS = Collections.unmodifiableMap(o);
    }

    private static final String FILEINSTALL_FILENAME = "felix.fileinstall.filename";

    private final Routes routes;
    private final ConfigurationAdmin admin;
    private final Path deployDir;

    /**
     * A route made: the router's view of it and where its configuration went.
     *
     * @param info the route as the router has it
     * @param where {@code saved in FILE} or {@code configuration PID}
     */
    public record Created(RouteInfo info, String where) {
    }

    /**
     * @param routes the router
     * @param admin where routes are configured
     * @param deployDir the folder File Install watches ({@code felix.fileinstall.dir}), or
     *        {@code null}; used only if it is a directory
     */
    public RouteConfigurations(Routes routes, ConfigurationAdmin admin, String deployDir) {
        this.routes = Objects.requireNonNull(routes, "routes");
        this.admin = Objects.requireNonNull(admin, "admin");
        this.deployDir = deployDir == null ? null : Path.of(deployDir);
    }

    /**
     * Makes a standing route, after checking everything that can be checked first: the options,
     * the name, and that it closes no cycle.
     *
     * @param name the route's name, letters, digits, {@code .}, {@code _} and {@code -}; or
     *        {@code null} for one made of its ends ({@code loopback_0-synth_0}, then {@code -2}, …)
     * @param from the input endpoint id
     * @param to the output endpoint ids, at least one
     * @param options filter and transform options by {@link #OPTIONS} name; values as a user
     *        types them (Strings) or numbers
     * @return the route, once the router has it
     * @throws IllegalArgumentException a one-line message for an unknown option, a bad value, a bad
     *         name, a missing end
     * @throws MidiException {@code MMSYSERR_INVALPARAM} naming the cycle, or for a name taken;
     *         {@code MMSYSERR_ERROR} if the router did not take it within {@link #APPLY_MILLIS}
     * @throws IOException if the configuration cannot be written
     * @throws InterruptedException while waiting for the router
     */
    public Created create(String name, String from, List<String> to, Map<String, ?> options)
            throws MidiException, IOException, InterruptedException {
        if (from == null || from.isBlank()) {
            throw new IllegalArgumentException("a route needs 'from', the input endpoint id");
        }
        List<String> outs = to == null ? List.of() : to.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
        if (outs.isEmpty()) {
            throw new IllegalArgumentException("a route needs 'to', one or more output endpoint ids");
        }
        Map<String, Object> props = new LinkedHashMap<>();
        for (Map.Entry<String, ?> o : options.entrySet()) {
            String property = OPTIONS.get(o.getKey());
            if (property == null) {
                throw new IllegalArgumentException("unknown option '" + o.getKey() + "'; the options are "
                        + String.join(", ", OPTIONS.keySet()));
            }
            if (o.getValue() != null) {
                props.put(property, o.getValue() instanceof Number n ? n : String.valueOf(o.getValue()));
            }
        }
        Transform.fromProperties(props); // refuse a bad option here, in one line, before anything is written
        checkRate(props.get(Routes.RATE));
        routes.check(from, outs);
        String chosen = name;
        if (chosen == null) {
            chosen = freeName(from, outs);
        } else if (!chosen.matches("[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException("name '" + chosen + "' may hold letters, digits, '.', '_' and '-' only");
        } else if (routes.route(chosen).isPresent() || find(chosen).isPresent()) {
            throw new MidiException(MmResult.MMSYSERR_INVALPARAM, "a route named '" + chosen + "' exists already");
        }
        props.put(Routes.NAME, chosen);
        props.put(Routes.FROM, from.strip());
        props.put(Routes.TO, String.join(",", outs));
        String where = write(chosen, props);
        return new Created(await(chosen), where);
    }

    /**
     * Removes a standing route: deletes its file (File Install then deletes the configuration) or
     * its configuration, and waits until the router has let it go.
     *
     * @param name the route's name
     * @return {@code deleted FILE} or {@code configuration deleted}
     * @throws MidiException {@code MMSYSERR_INVALPARAM} if there is no such route
     * @throws IOException if the file or configuration cannot be deleted
     * @throws InterruptedException while waiting for the router
     */
    public String delete(String name) throws MidiException, IOException, InterruptedException {
        Configuration c = find(name).orElseThrow(() -> new MidiException(MmResult.MMSYSERR_INVALPARAM,
                "no route named '" + name + "' (midi:routes lists them)"));
        Object file = c.getProperties() == null ? null : c.getProperties().get(FILEINSTALL_FILENAME);
        String how;
        if (file != null) {
            Path p = Path.of(URI.create(String.valueOf(file)));
            Files.deleteIfExists(p); // File Install deletes the configuration with its file
            how = "deleted " + p;
        } else {
            c.delete();
            how = "configuration deleted";
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(APPLY_MILLIS);
        while (routes.route(name).isPresent() && System.nanoTime() < deadline) {
            Thread.sleep(20); // polling the router, bounded: File Install and DS announce nothing to us
        }
        return how;
    }

    /**
     * @param name a route's name
     * @return whether a route configuration of that name exists (the router may not have taken it,
     *         e.g. when it cannot work)
     */
    public boolean configured(String name) {
        return find(name).isPresent();
    }

    /**
     * A route's filter and transform options as its configuration holds them, by {@link #OPTIONS}
     * name, normalised as {@link Transform#toProperties()} gives them (only settings that differ
     * from passing everything unchanged; {@code rate} only if configured).
     *
     * @param name a route's name
     * @return the options, in {@link #OPTIONS} order; empty if there is no configuration of that
     *         name or it cannot be read
     */
    public Map<String, Object> options(String name) {
        Optional<Configuration> c = find(name);
        if (c.isEmpty() || c.get().getProperties() == null) {
            return Map.of();
        }
        Dictionary<String, Object> d = c.get().getProperties();
        Map<String, Object> props = new LinkedHashMap<>();
        for (java.util.Enumeration<String> keys = d.keys(); keys.hasMoreElements();) {
            String k = keys.nextElement();
            props.put(k, d.get(k));
        }
        Map<String, Object> normal;
        try {
            normal = Transform.fromProperties(props).toProperties();
        } catch (IllegalArgumentException e) {
            return Map.of(); // a configuration that cannot work has no route to show it for
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> o : OPTIONS.entrySet()) {
            Object v = o.getValue().equals(Routes.RATE) ? props.get(Routes.RATE) : normal.get(o.getValue());
            if (v != null) {
                out.put(o.getKey(), v);
            }
        }
        return out;
    }

    private static void checkRate(Object v) {
        if (v == null) {
            return;
        }
        try {
            long r = v instanceof Number n ? n.longValue() : Long.parseLong(String.valueOf(v).strip());
            if (r >= 1 && r <= 10_000_000) {
                return;
            }
        } catch (NumberFormatException e) {
            // named below
        }
        throw new IllegalArgumentException("rate '" + v + "' is not a number of messages per second, 1..10000000");
    }

    private String freeName(String from, List<String> outs) {
        String base = (from + "-" + outs.get(0)).replaceAll("[^A-Za-z0-9_.-]", "_");
        String name = base;
        for (int n = 2; routes.route(name).isPresent() || find(name).isPresent(); n++) {
            name = base + "-" + n;
        }
        return name;
    }

    /** @return where the configuration went */
    private String write(String name, Map<String, Object> props) throws IOException {
        if (deployDir != null && Files.isDirectory(deployDir)) {
            Path file = deployDir.resolve(Routes.FACTORY_PID + "-" + name + ".cfg");
            StringBuilder text = new StringBuilder("# a route made by midihost; edit it or delete it (midi:disconnect " + name + ")\n");
            for (Map.Entry<String, Object> e : props.entrySet()) {
                text.append(e.getKey()).append(" = ").append(e.getValue()).append('\n');
            }
            // written under another name and moved in, so that File Install never reads half a file
            Path tmp = file.resolveSibling(file.getFileName() + ".part");
            Files.writeString(tmp, text, StandardCharsets.ISO_8859_1);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return "saved in " + file;
        }
        Configuration c = admin.getFactoryConfiguration(Routes.FACTORY_PID, name, "?");
        Dictionary<String, Object> d = new Hashtable<>(props);
        c.update(d);
        return "configuration " + c.getPid();
    }

    /** @return the route once the router has it, within the bound */
    private RouteInfo await(String name) throws MidiException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(APPLY_MILLIS);
        while (System.nanoTime() < deadline) {
            Optional<RouteInfo> r = routes.route(name);
            if (r.isPresent()) {
                return r.get();
            }
            Thread.sleep(20); // polling the router, bounded: File Install and DS announce nothing to us
        }
        throw new MidiException(MmResult.MMSYSERR_ERROR, "route '" + name
                + "' was configured but the router did not take it within " + APPLY_MILLIS / 1000 + " s (see the log)");
    }

    private Optional<Configuration> find(String name) {
        try {
            Configuration[] all = admin.listConfigurations("(&(service.factoryPid=" + Routes.FACTORY_PID + ")(" + Routes.NAME
                    + "=" + name.replaceAll("([\\\\*()])", "\\\\$1") + "))");
            return all == null || all.length == 0 ? Optional.empty() : Optional.of(all[0]);
        } catch (IOException | InvalidSyntaxException e) {
            return Optional.empty();
        }
    }
}
