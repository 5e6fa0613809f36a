package org.midihost.shell;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.midihost.api.MidiException;
import org.midihost.api.MmResult;
import org.midihost.route.RouteInfo;
import org.midihost.route.Routes;
import org.midihost.route.Transform;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code midi:connect}, {@code midi:disconnect} and {@code midi:routes}: standing routes made,
 * removed and listed from the shell. A route is a configuration of factory PID
 * {@value Routes#FACTORY_PID}: where File Install watches a folder ({@code deploy/} in the
 * embedded distribution, {@code etc/} in Karaf), {@code midi:connect} writes it there as
 * {@code org.midihost.route-NAME.cfg}, so that it stays across restarts and can be edited;
 * elsewhere it goes to Configuration Admin.
 */
@Component(service = RouteCommands.class, property = {
        "osgi.command.scope=midi",
        "osgi.command.function=connect",
        "osgi.command.function=disconnect",
        "osgi.command.function=routes" })
public final class RouteCommands {
    /** How long {@code midi:connect}/{@code disconnect} wait for the router to take the change. */
    private static final long APPLY_MILLIS = 10_000;
    private static final String FILEINSTALL_DIR = "felix.fileinstall.dir";
    private static final String FILEINSTALL_FILENAME = "felix.fileinstall.filename";
    /** Shell option → configuration property. */
    private static final Map<String, String> OPTIONS = new LinkedHashMap<>();

    static {
        OPTIONS.put("--types", "types");
        OPTIONS.put("--channels", "channels");
        OPTIONS.put("--channel-map", "channel.map");
        OPTIONS.put("--notes", "notes");
        OPTIONS.put("--transpose", "transpose");
        OPTIONS.put("--velocity-scale", "velocity.scale");
        OPTIONS.put("--velocity-offset", "velocity.offset");
        OPTIONS.put("--velocity-fixed", "velocity.fixed");
        OPTIONS.put("--cc-map", "cc.map");
        OPTIONS.put("--cc-scale", "cc.scale");
        OPTIONS.put("--rate", Routes.RATE);
    }

    private final Routes routes;
    private final ConfigurationAdmin admin;
    private final BundleContext context;

    /**
     * @param routes the router
     * @param admin where routes are configured
     * @param context this bundle's context, for the deploy folder's property
     */
    @Activate
    public RouteCommands(@Reference Routes routes, @Reference ConfigurationAdmin admin, BundleContext context) {
        this.routes = routes;
        this.admin = admin;
        this.context = context;
    }

    /**
     * Makes a standing route.
     *
     * @param session the shell session
     * @param args {@code FROM TO [--name N] [filters and transforms]}, or {@code --help}
     * @throws Exception {@link UsageException}; {@link MidiException} for a cycle; {@link IOException}
     */
    @Descriptor(Help.CONNECT)
    public void connect(CommandSession session,
            @Descriptor("FROM TO[,TO...] [--name N] [--channels ..] [--transpose N] ...; --help for the usage") String... args)
            throws Exception {
        Arguments a = Arguments.orHelp(session, Help.CONNECT_USAGE, args);
        if (a == null) {
            return;
        }
        String from = a.operand("FROM");
        String to = a.operand("TO");
        Map<String, Object> props = new LinkedHashMap<>();
        for (Map.Entry<String, String> o : OPTIONS.entrySet()) {
            String v = a.value(o.getKey(), null);
            if (v != null) {
                props.put(o.getValue(), v);
            }
        }
        String name = a.value("--name", null);
        a.end();
        List<String> outs = Arrays.stream(to.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        try {
            Transform.fromProperties(props); // refuse a bad option here, in one line, before anything is written
        } catch (IllegalArgumentException e) {
            throw Help.CONNECT_USAGE.error(e.getMessage());
        }
        routes.check(from, outs);
        if (name == null) {
            name = freeName(from, outs);
        } else if (!name.matches("[A-Za-z0-9_.-]+")) {
            throw Help.CONNECT_USAGE.error("--name '" + name + "' may hold letters, digits, '.', '_' and '-' only");
        } else if (routes.route(name).isPresent()) {
            throw new MidiException(MmResult.MMSYSERR_INVALPARAM, "a route named '" + name + "' exists already");
        }
        props.put(Routes.NAME, name);
        props.put(Routes.FROM, from);
        props.put(Routes.TO, String.join(",", outs));
        String where = write(name, props);
        RouteInfo info = await(name);
        PrintStream out = session.getConsole();
        out.println("route " + name + ": " + from + " \u2192 " + String.join(", ", outs) + " (" + info.transform() + "), "
                + state(info) + "; " + where);
        out.flush();
    }

    /**
     * Removes a standing route.
     *
     * @param session the shell session
     * @param args {@code ROUTE}, or {@code --help}
     * @throws Exception {@link UsageException}; {@link MidiException} if there is no such route
     */
    @Descriptor(Help.DISCONNECT)
    public void disconnect(CommandSession session, @Descriptor("ROUTE; --help for the usage") String... args) throws Exception {
        Arguments a = Arguments.orHelp(session, Help.DISCONNECT_USAGE, args);
        if (a == null) {
            return;
        }
        String name = a.operand("ROUTE");
        a.end();
        Configuration c = find(name).orElseThrow(() -> new MidiException(MmResult.MMSYSERR_INVALPARAM,
                "no route named '" + name + "' (midi:routes lists them)"));
        Object file = c.getProperties() == null ? null : c.getProperties().get(FILEINSTALL_FILENAME);
        String how;
        if (file != null) {
            Path p = Path.of(java.net.URI.create(String.valueOf(file)));
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
        PrintStream out = session.getConsole();
        out.println("route " + name + " removed; " + how);
        out.flush();
    }

    /**
     * Lists the routes.
     *
     * @param session the shell session
     * @param args nothing, or {@code --help}
     * @throws UsageException for an argument
     */
    @Descriptor(Help.ROUTES)
    public void routes(CommandSession session, @Descriptor("none; --help for the usage") String... args) throws UsageException {
        Arguments a = Arguments.orHelp(session, Help.ROUTES_USAGE, args);
        if (a == null) {
            return;
        }
        a.end();
        TextTable t = new TextTable("ROUTE", "FROM", "TO", "STATE", "PASSED", "FILTERED", "DROPPED", "TRANSFORM");
        List<RouteInfo> all = routes.routes();
        for (RouteInfo r : all) {
            t.row(r.name(), r.from(), String.join(",", r.to()), state(r), r.passed(), r.filtered(),
                    r.dropped() + (r.throttled() > 0 ? " (" + r.throttled() + " over rate)" : ""), r.transform());
        }
        PrintStream out = session.getConsole();
        t.print(out);
        out.println(all.size() + " route(s)");
        out.flush();
    }

    private static String state(RouteInfo r) {
        return r.state() == RouteInfo.State.ACTIVE ? "active" : "waiting for " + String.join(", ", r.waitingFor());
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
        String dir = context.getProperty(FILEINSTALL_DIR);
        if (dir != null && Files.isDirectory(Path.of(dir))) {
            Path file = Path.of(dir, Routes.FACTORY_PID + "-" + name + ".cfg");
            StringBuilder text = new StringBuilder("# a route made by midi:connect; edit it or delete it (midi:disconnect " + name + ")\n");
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
