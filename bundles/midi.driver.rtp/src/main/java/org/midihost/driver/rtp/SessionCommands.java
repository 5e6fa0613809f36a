package org.midihost.driver.rtp;

import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The shell commands of issue #14: {@code midi:sessions}, {@code midi:invite HOST:PORT [--driver ID]},
 * {@code midi:end SESSION}, for the RTP-MIDI driver instances configured now.
 *
 * <p>Why here and not in the shell bundle: the commands need the sessions of each {@link RtpDriver}
 * instance, which are behind the internal {@link RtpSessions} interface of this bundle's private
 * package. Each instance registers its {@code RtpSessions} as a service (property
 * {@code midihost.driver.id}); this component, in the same bundle and so with the same class,
 * references them all (dynamic, zero or more). No package is exported for it, and the shell bundle
 * does not know about RTP-MIDI. The commands are plain Gogo functions ({@code osgi.command.scope=midi}):
 * they write to {@code System.out}, which Gogo (and Karaf's shell) route to the session's console
 * while a command runs, so this bundle needs no Gogo API and resolves without a shell.
 *
 * <p>Conventions as in the shell bundle: {@code --help} (or {@code -h}) prints the usage, and every
 * mistake is an exception with a one-line message that names the value and ends with the usage.
 * The shell bundle's {@code midi:midi} overview lists these too (every command in scope {@code midi}).
 */
@Component(service = SessionCommands.class, property = {
        "osgi.command.scope=midi",
        "osgi.command.function=sessions",
        "osgi.command.function=invite",
        "osgi.command.function=end",
        // the lines of the shell's midi:midi overview (midi.shell CommandList reads these properties)
        "midihost.command.summary.sessions=list the RTP-MIDI sessions (peer, state, latency, packets, journal "
                + "recoveries) and the ones discovered over mDNS",
        "midihost.command.summary.invite=invite an RTP-MIDI participant: HOST:PORT of its control port",
        "midihost.command.summary.end=end an RTP-MIDI session (BY); its output and input go" })
public final class SessionCommands {
    static final String SESSIONS_USAGE = "midi:sessions";
    static final String INVITE_USAGE = "midi:invite HOST:PORT [--driver ID] [--wait S]";
    static final String END_USAGE = "midi:end SESSION";
    /** What to do when no instance is configured. */
    static final String HOW_TO_CONFIGURE = "configure one: a file org.midihost.driver.rtp-NAME.cfg with port=5004 "
            + "(an even UDP port; name=, bind=, peers=, accept= optional) in the deploy folder, or a "
            + "configuration of factory PID " + RtpDriver.PID;

    @Reference(service = RtpSessions.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile List<RtpSessions> drivers = List.of();

    /** A mistake in a command's arguments or a name that is not there; its message is one line. */
    static final class CommandException extends Exception {
        private static final long serialVersionUID = 1L;

        CommandException(String message) {
            super(message);
        }
    }

    /** For tests: the instances to use. */
    SessionCommands with(List<RtpSessions> list) {
        drivers = List.copyOf(list);
        return this;
    }

    /**
     * {@code midi:sessions}: a table of every session of every RTP-MIDI driver instance, then one
     * line per instance with its address and the datagrams it dropped.
     *
     * @param args nothing, or {@code --help}
     * @throws CommandException for an argument
     */
    public void sessions(String... args) throws CommandException {
        PrintStream out = System.out;
        if (help(out, args, SESSIONS_USAGE, "The RTP-MIDI sessions of every rtp driver instance: session (endpoint id "
                + "of its output and input), peer, role, state, one-way latency from the last clock sync, RTP-MIDI "
                + "packets in and out, commands recovered from journals, losses; then the sessions discovered "
                + "over mDNS/DNS-SD (with discover=) and whether they were invited; then per instance the "
                + "datagrams dropped and what it announces and discovers.")) {
            return;
        }
        if (args.length > 0) {
            throw new CommandException("midi:sessions: unexpected argument '" + args[0] + "'; usage: " + SESSIONS_USAGE);
        }
        List<RtpSessions> list = sorted();
        if (list.isEmpty()) {
            out.println("no rtp driver configured; " + HOW_TO_CONFIGURE);
            out.flush();
            return;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"SESSION", "PEER", "ADDRESS", "ROLE", "STATE", "LATENCY", "IN", "OUT", "RECOVERED",
            "LOSSES"});
        for (RtpSessions d : list) {
            List<SessionInfo> sessions = new ArrayList<>(d.sessions());
            sessions.sort(Comparator.comparing((SessionInfo s) -> String.valueOf(s.deviceId()))
                    .thenComparing(s -> s.peer().toString()));
            for (SessionInfo s : sessions) {
                rows.add(new String[] {
                    s.deviceId() == null ? "-" : d.driverId() + "/" + s.deviceId(),
                    s.peerName() == null ? "-" : s.peerName(),
                    address(s.peer().getAddress().getHostAddress(), s.peer().getPort()),
                    s.initiator() ? "initiator" : "responder",
                    s.state().name().toLowerCase().replace('_', '-'),
                    s.latencyMicros() < 0 ? "-" : latency(s.latencyMicros()),
                    Long.toString(s.packetsIn()),
                    Long.toString(s.packetsOut()),
                    Long.toString(s.journalRepairs()),
                    Long.toString(s.losses())});
            }
        }
        if (rows.size() == 1) {
            out.println("no sessions");
        } else {
            print(out, rows);
        }
        discovered(out, list);
        for (RtpSessions d : list) {
            String announced = d.announcedAs();
            out.println("driver " + d.driverId() + " on " + address(d.local().getAddress().getHostAddress(),
                    d.local().getPort()) + ": dropped " + d.malformed() + " malformed, " + d.unexpected()
                    + " unexpected datagrams; refused " + d.refused() + " invitations"
                    + (announced == null ? "" : "; announced as \"" + announced + "\"")
                    + (d.discoverPatterns().isEmpty() ? "" : "; discovering " + String.join(", ", d.discoverPatterns())));
        }
        out.flush();
    }

    /** The "discovered" part: what mDNS/DNS-SD found for the instances that browse; nothing when none does. */
    private static void discovered(PrintStream out, List<RtpSessions> list) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"DISCOVERED", "ADDRESS", "INVITED", "DRIVER"});
        boolean browsing = false;
        for (RtpSessions d : list) {
            browsing |= !d.discoverPatterns().isEmpty();
            for (Bonjour.Discovered s : d.discovered()) {
                rows.add(new String[] {s.name(), address(s.address().getAddress().getHostAddress(),
                    s.address().getPort()), s.invited() ? "yes" : "no", d.driverId()});
            }
        }
        if (rows.size() > 1) {
            print(out, rows);
        } else if (browsing) {
            out.println("discovered: none yet (browsing " + Bonjour.TYPE + ")");
        }
    }

    /**
     * {@code midi:invite HOST:PORT [--driver ID] [--wait S]}: invites a participant (its control
     * port); the session comes up in the background ({@code midi:sessions} shows it), or, with
     * {@code --wait}, the command returns when it is up (and fails when it is not up in time), so
     * that a script can send to its output next.
     *
     * @param args the participant, and {@code --driver ID} when more than one instance is configured
     * @throws CommandException for a bad argument, an unknown driver, or no driver
     */
    public void invite(String... args) throws CommandException {
        PrintStream out = System.out;
        if (help(out, args, INVITE_USAGE, "Invites an RTP-MIDI participant (HOST:PORT of its control port) from an "
                + "rtp driver instance; midi:sessions shows the session when it is up.",
                "HOST:PORT", "the participant's host name or address and control port",
                "-d, --driver ID", "the rtp driver instance (its midihost.driver.id) when there are several",
                "-w, --wait S", "wait until the session is up, at most S seconds, e.g. 10 (for scripts); fail if it is not")) {
            return;
        }
        String target = null;
        String driverId = null;
        double waitSeconds = -1;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--wait") || a.equals("-w")) {
                if (i + 1 == args.length) {
                    throw usage("midi:invite", a + " needs a number of seconds", INVITE_USAGE);
                }
                String v = args[++i];
                try {
                    waitSeconds = Double.parseDouble(v);
                } catch (NumberFormatException e) {
                    waitSeconds = -1;
                }
                if (!(waitSeconds > 0 && waitSeconds <= 3600)) {
                    throw usage("midi:invite", a + " '" + v + "' is not a number of seconds in (0, 3600]", INVITE_USAGE);
                }
            } else if (a.equals("--driver") || a.equals("-d")) {
                if (i + 1 == args.length) {
                    throw usage("midi:invite", a + " needs a driver id", INVITE_USAGE);
                }
                driverId = args[++i];
            } else if (a.startsWith("-") && target == null && !a.equals("-")) {
                throw usage("midi:invite", "unknown option '" + a + "'", INVITE_USAGE);
            } else if (target == null) {
                target = a;
            } else {
                throw usage("midi:invite", "unexpected argument '" + a + "'", INVITE_USAGE);
            }
        }
        if (target == null) {
            throw usage("midi:invite", "HOST:PORT missing", INVITE_USAGE);
        }
        int colon = target.lastIndexOf(':');
        String host = colon <= 0 ? "" : target.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1); // [::1]:5004
        }
        int port;
        try {
            port = colon < 0 ? -1 : Integer.parseInt(target.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (host.isEmpty() || port < 1 || port > 65534) {
            throw usage("midi:invite", "'" + target + "' is not HOST:PORT (a host and a control port 1..65534)",
                    INVITE_USAGE);
        }
        RtpSessions d = driver("midi:invite", driverId, INVITE_USAGE);
        try {
            d.invite(host, port);
        } catch (IllegalArgumentException e) {
            throw usage("midi:invite", "'" + target + "': " + e.getMessage(), INVITE_USAGE);
        }
        String from = "driver " + d.driverId() + " ("
                + address(d.local().getAddress().getHostAddress(), d.local().getPort()) + ")";
        if (waitSeconds < 0) {
            out.println("inviting " + address(host, port) + " from " + from + "; midi:sessions shows it when it is up");
            out.flush();
            return;
        }
        SessionInfo up = awaitUp(d, host, port, waitSeconds);
        if (up == null) {
            throw new CommandException("midi:invite: " + address(host, port) + " is not up after " + waitSeconds
                    + " s (invited from " + from + "); midi:sessions shows where it is");
        }
        out.println("session " + d.driverId() + "/" + up.deviceId() + " up: " + address(host, port) + " \""
                + up.peerName() + "\" from " + from);
        out.flush();
    }

    /**
     * A bounded wait (polling the sessions every 10 ms) for the session with that participant to be up.
     *
     * @return the session, or {@code null} when the time ran out first
     */
    private static SessionInfo awaitUp(RtpSessions d, String host, int port, double seconds) throws CommandException {
        InetSocketAddress peer;
        try {
            peer = new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw usage("midi:invite", "unknown host '" + host + "'", INVITE_USAGE);
        }
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        while (true) {
            for (SessionInfo s : d.sessions()) {
                if (s.peer().equals(peer) && s.state() == Session.State.UP && s.deviceId() != null) {
                    return s;
                }
            }
            if (System.nanoTime() - deadline >= 0) {
                return null;
            }
            LockSupport.parkNanos(10_000_000L);
            if (Thread.interrupted()) { // ^C in the shell
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }

    /**
     * {@code midi:end SESSION}: ends a session (BY); its devices go.
     *
     * @param args the session: its endpoint id ({@code rtp/there}), its device id or the peer's name
     * @throws CommandException for a bad argument or an unknown session
     */
    public void end(String... args) throws CommandException {
        PrintStream out = System.out;
        if (help(out, args, END_USAGE, "Ends an RTP-MIDI session (sends BY); its output and input go.",
                "SESSION", "the session as midi:sessions lists it (rtp/NAME), or the peer's name")) {
            return;
        }
        if (args.length != 1) {
            throw usage("midi:end", args.length == 0 ? "SESSION missing" : "unexpected argument '" + args[1] + "'",
                    END_USAGE);
        }
        String name = args[0];
        List<RtpSessions> list = sorted();
        if (list.isEmpty()) {
            throw new CommandException("midi:end: no rtp driver configured; " + HOW_TO_CONFIGURE);
        }
        for (RtpSessions d : list) {
            String local = name.startsWith(d.driverId() + "/") ? name.substring(d.driverId().length() + 1) : name;
            if (d.end(local)) {
                out.println("ended " + name);
                out.flush();
                return;
            }
        }
        List<String> there = new ArrayList<>();
        for (RtpSessions d : list) {
            for (SessionInfo s : d.sessions()) {
                there.add(s.deviceId() != null ? d.driverId() + "/" + s.deviceId()
                        : s.peerName() != null ? s.peerName() : address(s.peer().getAddress().getHostAddress(),
                                s.peer().getPort()) + " (not up)");
            }
        }
        throw new CommandException("midi:end: no session '" + name + "'; sessions: "
                + (there.isEmpty() ? "none" : String.join(", ", there)));
    }

    private RtpSessions driver(String command, String driverId, String usage) throws CommandException {
        List<RtpSessions> list = sorted();
        if (list.isEmpty()) {
            throw new CommandException(command + ": no rtp driver configured; " + HOW_TO_CONFIGURE);
        }
        String ids = list.stream().map(RtpSessions::driverId).collect(Collectors.joining(", "));
        if (driverId == null) {
            if (list.size() > 1) {
                throw usage(command, "several rtp drivers (" + ids + "): say which with --driver ID", usage);
            }
            return list.get(0);
        }
        for (RtpSessions d : list) {
            if (d.driverId().equals(driverId)) {
                return d;
            }
        }
        throw usage(command, "--driver '" + driverId + "' is not an rtp driver; there are: " + ids, usage);
    }

    private List<RtpSessions> sorted() {
        List<RtpSessions> list = new ArrayList<>(drivers);
        list.sort(Comparator.comparing(RtpSessions::driverId));
        return list;
    }

    private static CommandException usage(String command, String problem, String usage) {
        return new CommandException(command + ": " + problem + "; usage: " + usage);
    }

    /**
     * @param operands name and description pairs
     * @return whether the arguments asked for help (which is then printed)
     */
    private static boolean help(PrintStream out, String[] args, String usage, String description, String... operands) {
        for (String a : args) {
            if (a.equals("--help") || a.equals("-h")) {
                out.println("usage: " + usage);
                out.println(description);
                int width = "-h, --help".length();
                for (int i = 0; i < operands.length; i += 2) {
                    width = Math.max(width, operands[i].length());
                }
                for (int i = 0; i < operands.length; i += 2) {
                    out.println(String.format("  %-" + width + "s  %s", operands[i], operands[i + 1]));
                }
                out.println(String.format("  %-" + width + "s  %s", "-h, --help", "print this help instead of running"));
                out.flush();
                return true;
            }
        }
        return false;
    }

    private static String address(String host, int port) {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    private static String latency(long micros) {
        return micros < 10_000 ? micros + " us" : String.format("%.1f ms", micros / 1000.0);
    }

    private static void print(PrintStream out, List<String[]> rows) {
        int[] widths = new int[rows.get(0).length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                widths[i] = Math.max(widths[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                sb.append(r[i]);
                if (i < r.length - 1) {
                    sb.append(" ".repeat(widths[i] - r[i].length() + 2));
                }
            }
            out.println(sb.toString().stripTrailing());
        }
    }
}
