package org.midihost.shell;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.midihost.api.MidiException;
import org.midihost.route.RouteConfigurations;
import org.midihost.route.RouteInfo;
import org.midihost.route.Routes;
import org.osgi.framework.BundleContext;
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
    private static final String FILEINSTALL_DIR = "felix.fileinstall.dir";

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
        Map<String, Object> options = new LinkedHashMap<>();
        for (String o : RouteConfigurations.OPTIONS.keySet()) {
            String v = a.value("--" + o, null);
            if (v != null) {
                options.put(o, v);
            }
        }
        String name = a.value("--name", null);
        a.end();
        List<String> outs = Arrays.stream(to.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        RouteConfigurations.Created made;
        try {
            made = configurations().create(name, from, outs, options);
        } catch (IllegalArgumentException e) {
            // a bad option or name: one line with the usage, before anything is written
            String m = e.getMessage();
            throw Help.CONNECT_USAGE.error(m.startsWith("name '") ? "--" + m : m);
        }
        RouteInfo info = made.info();
        PrintStream out = session.getConsole();
        out.println("route " + info.name() + ": " + from + " \u2192 " + String.join(", ", info.to()) + " (" + info.transform() + "), "
                + state(info) + "; " + made.where());
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
        String how = configurations().delete(name);
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

    private RouteConfigurations configurations() {
        return new RouteConfigurations(routes, admin, context.getProperty(FILEINSTALL_DIR));
    }
}
