package org.midihost.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.felix.gogo.runtime.Parser;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
import org.midihost.api.DeviceEvent;
import org.midihost.api.DeviceListener;
import org.midihost.api.MidiHost;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.startlevel.FrameworkStartLevel;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * The command line of the embedded distribution. bnd's launcher registers a service with the
 * {@code launcher.arguments} property once every bundle is started, and then runs the
 * {@code Callable} registered with {@code main.thread=true} on the JVM's main thread, exiting with
 * its result. This component is both ends: it takes the arguments, and its {@code Callable}
 * starts the deploy folder, prints "ready", then runs {@code -c} commands or a script through
 * Gogo's {@link CommandProcessor}, runs the console, or waits headless until the framework stops.
 *
 * <p>While the host runs, it prints one line per device added, removed or changed, and one per
 * framework error on standard error (a driver bundle that fails to resolve or start; see also
 * {@link ErrorLines}).
 */
@Component(immediate = true)
public final class CommandLine {
    /** The service property of bnd's launcher service that holds the {@code String[]} arguments. */
    static final String LAUNCHER_ARGUMENTS = "launcher.arguments";
    /** Framework property: the start level at which File Install starts (raised to after --deploy is known). */
    static final String DEPLOY_START_LEVEL = "midihost.deploy.startlevel";
    /** Framework property: the start level of the web server, reached after "ready" in run mode only. */
    static final String WEB_START_LEVEL = "midihost.web.startlevel";
    /** File Install's property for the folder it watches. */
    static final String FILEINSTALL_DIR = "felix.fileinstall.dir";
    /** How long to wait for the framework to reach the deploy start level. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    /** How long the shutdown hook lets the framework take to stop. */
    private static final long STOP_MILLIS = 20_000;

    private final BundleContext context;
    private final CommandProcessor processor;
    private final MidiHost host;
    private final Arguments arguments;
    private final String argumentError;
    private final PrintStream events;
    private final DeviceListener deviceLines;
    private final FrameworkListener errorLines;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread shutdownHook;
    private final ServiceRegistration<?> main;

    /**
     * @param context this bundle's context
     * @param launcher the properties of bnd's launcher service, holding the arguments
     * @param processor Gogo's command processor
     * @param host the MIDI host
     * @param shellCommands gogo.jline's commands ({@code echo}, {@code each}, …), registered before
     *        any command runs
     */
    @Activate
    public CommandLine(BundleContext context,
            @Reference(service = Object.class, target = "(" + LAUNCHER_ARGUMENTS + "=*)") Map<String, Object> launcher,
            @Reference CommandProcessor processor, @Reference MidiHost host, @Reference ShellCommands shellCommands) {
        this.context = context;
        this.processor = processor;
        this.host = host;
        Object raw = launcher.get(LAUNCHER_ARGUMENTS);
        String[] args = raw instanceof String[] a ? a : new String[0];
        Arguments parsed;
        String error;
        try {
            parsed = Arguments.parse(args);
            error = null;
        } catch (IllegalArgumentException e) {
            parsed = new Arguments(Arguments.Mode.HELP, null, null, Path.of("deploy"));
            error = e.getMessage();
        }
        this.arguments = parsed;
        this.argumentError = error;
        // commands and scripts own stdout: their output is what a caller reads, so status lines go to stderr
        this.events = arguments.mode() == Arguments.Mode.RUN ? Streams.OUT : Streams.ERR;
        this.deviceLines = this::printDevice;
        this.errorLines = this::printFrameworkError;
        host.addDeviceListener(deviceLines);
        rememberIds();
        context.addFrameworkListener(errorLines);

        // SIGTERM and ^C: stop the framework, so that every handle gets CLOSE and every bundle stops
        Bundle framework = context.getBundle(0);
        this.shutdownHook = new Thread(() -> stopFramework(framework), "midihost shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);

        Hashtable<String, Object> props = new Hashtable<>();
        props.put("main.thread", "true");
        this.main = context.registerService(Callable.class, new Main(), props);
    }

    /** Ends a headless run and drops the listeners: the framework is stopping. */
    @Deactivate
    void deactivate() {
        Console c = console;
        if (c != null) {
            c.close(); // SIGTERM while the console runs: the terminal's attributes and signals back first
        }
        events.println("midihost stopping");
        events.flush();
        main.unregister();
        WebPageLine w = webPage;
        if (w != null) {
            w.stop();
        }
        host.removeDeviceListener(deviceLines);
        context.removeFrameworkListener(errorLines);
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook is what stopped us
        }
        stopped.countDown();
    }

    /**
     * The main-thread service. A class of its own, not a lambda: bnd's launcher checks by
     * reflection that it is a {@code Callable<Integer>}.
     */
    private final class Main implements Callable<Integer> {
        @Override
        public Integer call() throws InterruptedException {
            return run();
        }
    }

    /** @return the process exit status */
    private int run() throws InterruptedException {
        if (argumentError != null) {
            Streams.ERR.println("midihost: " + argumentError);
            Streams.ERR.println(Arguments.USAGE);
            return 2;
        }
        if (arguments.mode() == Arguments.Mode.HELP) {
            Streams.OUT.println(Arguments.USAGE);
            return 0;
        }
        Path deploy = arguments.deploy().toAbsolutePath().normalize();
        String startFailure = startDeployFolder(deploy);
        if (startFailure != null) {
            Streams.ERR.println("midihost: " + startFailure);
            return 1;
        }
        awaitDeployFolder(deploy);
        ready = true;
        rememberIds();
        long sinceStart = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        events.println("midihost ready in " + sinceStart + " ms: " + host.outDeviceCount() + " output(s), "
                + host.inDeviceCount() + " input(s); deploy folder " + deploy);
        events.flush();
        if (arguments.mode() == Arguments.Mode.RUN) {
            // a host that stays up starts its web server now, after "ready" (Jetty's start took ~0.4 s
            // of start-up when it ran beside the drivers), and says where its page is; a -c run or a
            // script is over before anyone could open it, so it starts no server at all
            String webLevel = context.getProperty(WEB_START_LEVEL);
            if (webLevel != null) {
                String failure = raiseStartLevel(Integer.parseInt(webLevel.strip()));
                if (failure != null) {
                    Streams.ERR.println("midihost: " + failure);
                }
            }
            webPage = new WebPageLine(context, this::printEvent);
            webPage.start();
        }
        return switch (arguments.mode()) {
            case COMMANDS -> execute(arguments.commands());
            case SCRIPT -> script(arguments.script());
            default -> runUntilStopped();
        };
    }

    /** How long start-up waits for what is in the deploy folder to be installed and configured. */
    private static final long DEPLOY_WAIT_MILLIS = 10_000;
    /** How long the device table must stay unchanged before the deploy folder counts as applied. */
    private static final long SETTLE_MILLIS = 300;
    /** How long start-up waits, at most, for the components of deploy-folder configurations to be active. */
    private static final long ACTIVE_WAIT_MILLIS = 2_000;
    /** The web page's line, in a host that stays up (RUN mode), once "ready" is printed; else {@code null}. */
    private volatile WebPageLine webPage;
    /** Whether "ready" has been printed; device lines before it are left out (the ready line counts them). */
    private volatile boolean ready;

    /**
     * Waits, bounded, until File Install has taken what the deploy folder held at start: every jar
     * installed, every {@code .cfg} in Configuration Admin and taken by its component (a saved route
     * exists before the first command), and then the device table unchanged for
     * a moment (drivers started, configurations applied). So the drivers already in the folder are
     * in the "ready" line and the first device table, and commands find their devices.
     */
    private void awaitDeployFolder(Path deploy) throws InterruptedException {
        List<String> jars = new java.util.ArrayList<>();
        List<String> cfgs = new java.util.ArrayList<>();
        try (java.util.stream.Stream<Path> files = Files.list(deploy)) {
            files.forEach(f -> {
                String name = f.getFileName().toString();
                if (name.endsWith(".jar")) {
                    jars.add(name);
                } else if (name.endsWith(".cfg") || name.endsWith(".config")) {
                    cfgs.add(name);
                }
            });
        } catch (IOException e) {
            return; // File Install reports a folder it cannot read
        }
        if (jars.isEmpty() && cfgs.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEPLOY_WAIT_MILLIS);
        while (!(installed(jars) && configured(cfgs)) && System.nanoTime() < deadline) {
            Thread.sleep(20); // polling File Install, which announces nothing, within the bound
        }
        while (!configurationsReachedComponents(false) && System.nanoTime() < deadline) {
            Thread.sleep(20); // polling SCR, which announces nothing either, within the same bound
        }
        // then until they are active (a route's component made, not only known), within a shorter
        // bound: a configuration whose component lacks a reference for good must not hold start-up
        long activeDeadline = Math.min(deadline, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ACTIVE_WAIT_MILLIS));
        while (!configurationsReachedComponents(true) && System.nanoTime() < activeDeadline) {
            Thread.sleep(20);
        }
        long generation = host.outDevices().generation() + host.inDevices().generation();
        long stableSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            Thread.sleep(20);
            long now = host.outDevices().generation() + host.inDevices().generation();
            if (now != generation) {
                generation = now;
                stableSince = System.nanoTime();
            } else if (System.nanoTime() - stableSince >= TimeUnit.MILLISECONDS.toNanos(SETTLE_MILLIS)) {
                return;
            }
        }
    }

    /** @return whether a bundle was installed from each of these jar files */
    private boolean installed(List<String> jars) {
        for (String jar : jars) {
            boolean found = false;
            for (Bundle b : context.getBundles()) {
                String location = b.getLocation();
                if (location != null && (location.endsWith("/" + jar) || location.endsWith(java.io.File.separator + jar))) {
                    found = true;
                    break;
                }
            }
            if (!found) {
                return false;
            }
        }
        return true;
    }

    /** @return whether Configuration Admin holds a configuration File Install made from each of these files */
    private boolean configured(List<String> cfgs) {
        if (cfgs.isEmpty()) {
            return true;
        }
        ServiceReference<ConfigurationAdmin> ref = context.getServiceReference(ConfigurationAdmin.class);
        if (ref == null) {
            return false;
        }
        ConfigurationAdmin admin = context.getService(ref);
        try {
            Configuration[] all = admin == null ? null : admin.listConfigurations("(felix.fileinstall.filename=*)");
            List<String> have = new java.util.ArrayList<>();
            if (all != null) {
                for (Configuration c : all) {
                    have.add(String.valueOf(c.getProperties().get("felix.fileinstall.filename")));
                }
            }
            for (String cfg : cfgs) {
                if (have.stream().noneMatch(f -> f.endsWith("/" + cfg))) {
                    return false;
                }
            }
            return true;
        } catch (IOException | org.osgi.framework.InvalidSyntaxException e) {
            return true; // cannot tell: do not hold up start-up
        } finally {
            context.ungetService(ref);
        }
    }

    /**
     * Whether Declarative Services has taken every configuration File Install made: for each one
     * whose (factory) PID a component names, SCR holds a component configuration with that
     * configuration's {@code service.pid}, whatever its state (active, unsatisfied, failed). So a
     * route or a driver instance saved in a {@code .cfg} exists before the first command runs.
     *
     * @param active whether each such component configuration must also be past activation
     *        (active, or satisfied and registered, or failed), not only known to SCR
     */
    private boolean configurationsReachedComponents(boolean active) {
        ServiceReference<ConfigurationAdmin> cmRef = context.getServiceReference(ConfigurationAdmin.class);
        ServiceReference<ServiceComponentRuntime> scrRef = context.getServiceReference(ServiceComponentRuntime.class);
        if (cmRef == null || scrRef == null) {
            return true; // nothing to wait for in a framework without them
        }
        ConfigurationAdmin admin = context.getService(cmRef);
        ServiceComponentRuntime scr = context.getService(scrRef);
        try {
            if (admin == null || scr == null) {
                return true;
            }
            Configuration[] all = admin.listConfigurations("(felix.fileinstall.filename=*)");
            if (all == null) {
                return true;
            }
            for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
                if ("ignore".equals(d.configurationPolicy) || !scr.isComponentEnabled(d)) {
                    continue;
                }
                List<String> names = List.of(d.configurationPid);
                java.util.Collection<ComponentConfigurationDTO> made = null;
                for (Configuration c : all) {
                    String named = c.getFactoryPid() != null ? c.getFactoryPid() : c.getPid();
                    if (!names.contains(named)) {
                        continue;
                    }
                    if (made == null) {
                        made = scr.getComponentConfigurationDTOs(d);
                    }
                    if (made.stream().noneMatch(cc -> hasPid(cc.properties.get(Constants.SERVICE_PID), c.getPid())
                            && (!active || cc.state == ComponentConfigurationDTO.ACTIVE
                                    || cc.state == ComponentConfigurationDTO.SATISFIED
                                    || cc.state == ComponentConfigurationDTO.FAILED_ACTIVATION))) {
                        return false;
                    }
                }
            }
            return true;
        } catch (IOException | org.osgi.framework.InvalidSyntaxException | RuntimeException e) {
            return true; // cannot tell: do not hold up start-up
        } finally {
            context.ungetService(scrRef);
            context.ungetService(cmRef);
        }
    }

    /** @return whether a component configuration's service.pid (one or several PIDs) holds this PID */
    private static boolean hasPid(Object servicePid, String pid) {
        if (servicePid instanceof String[] pids) {
            return List.of(pids).contains(pid);
        }
        if (servicePid instanceof java.util.Collection<?> pids) {
            return pids.contains(pid);
        }
        return pid.equals(servicePid);
    }

    /**
     * Points File Install at the deploy folder and starts it: it sits at a start level above the
     * framework's beginning one, so it starts only now that the folder is known.
     *
     * @return why that failed, or {@code null}
     */
    private String startDeployFolder(Path deploy) throws InterruptedException {
        try {
            Files.createDirectories(deploy);
        } catch (IOException e) {
            return "cannot create the deploy folder " + deploy + ": " + e;
        }
        // File Install reads it through BundleContext.getProperty, which falls back to system properties
        System.setProperty(FILEINSTALL_DIR, deploy.toString());
        String levelText = context.getProperty(DEPLOY_START_LEVEL);
        if (levelText == null) {
            return null; // a framework without the level split: File Install runs already
        }
        return raiseStartLevel(Integer.parseInt(levelText.strip()));
    }

    /**
     * Raises the framework's start level to {@code level} (never lowers it) and waits until the
     * bundles up to it have started.
     *
     * @return null, or why the level was not reached in time
     */
    private String raiseStartLevel(int level) throws InterruptedException {
        FrameworkStartLevel fsl = context.getBundle(0).adapt(FrameworkStartLevel.class);
        CountDownLatch reached = new CountDownLatch(1);
        // queued behind the launcher's own move to the beginning level: when it is reached, every
        // bundle below it has started too
        fsl.setStartLevel(Math.max(level, fsl.getStartLevel()), event -> reached.countDown());
        if (!reached.await(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            return "the framework did not reach start level " + level + " in " + START_TIMEOUT.toSeconds() + " s";
        }
        return null;
    }

    /**
     * Runs Gogo commands, statement by statement as the console runs lines, printing each
     * statement's result (so that {@code lb; midi:devices} shows both). Output on stdout; the
     * first failure stops the run and is printed as one line on stderr.
     *
     * @return 0, or 1 after a failure
     */
    private int execute(String commands) {
        try (CommandSession session = processor.createSession(Streams.IN, Streams.OUT, Streams.ERR)) {
            List<Parser.Executable> statements = new Parser(commands).program().tokens();
            for (Parser.Executable statement : statements) {
                Object result = session.execute(statement.toString());
                if (result != null) {
                    Streams.OUT.println(session.format(result, Converter.INSPECT));
                }
            }
            Streams.OUT.flush();
            return 0;
        } catch (Exception e) {
            Streams.OUT.flush();
            Streams.ERR.println(oneLine(e));
            return 1;
        }
    }

    private int script(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            Streams.ERR.println("midihost: cannot read script " + file + ": " + e.getMessage());
            return 1;
        }
        return execute(text);
    }

    /** The console while it runs, else {@code null}: device lines are printed above its prompt. */
    private volatile Console console;

    /** Console in a terminal ({@link Console}), else headless until the framework stops. */
    private int runUntilStopped() throws InterruptedException {
        if (System.console() != null) {
            try (Console c = new Console(context, processor)) {
                console = c;
                // the console returns on exit or end of input; the launcher then stops the framework
                c.run(processor, host);
                return 0;
            } catch (Exception e) {
                if (stopped.getCount() == 0) {
                    return 0; // the framework stopped (SIGTERM), which closed the console under it
                }
                Streams.ERR.println(oneLine(e));
                return 1;
            } finally {
                console = null;
            }
        }
        stopped.await();
        return 0;
    }

    /**
     * The last device id seen for each device ("out:loopback/0"), so that a removed device's line
     * can name the id it had (the event carries -1). Guarded by this object's monitor
     * (rememberIds, printDevice).
     */
    private final Map<String, Integer> lastIds = new java.util.HashMap<>();

    /** Remembers the current id of every device, renumbered ones included. */
    private synchronized void rememberIds() {
        List<? extends org.midihost.api.DeviceCaps> outs = host.outDevices().devices();
        for (int i = 0; i < outs.size(); i++) {
            lastIds.put("out:" + outs.get(i).endpointId(), i);
        }
        List<? extends org.midihost.api.DeviceCaps> ins = host.inDevices().devices();
        for (int i = 0; i < ins.size(); i++) {
            lastIds.put("in:" + ins.get(i).endpointId(), i);
        }
    }

    private synchronized void printDevice(DeviceEvent e) {
        if (!ready) {
            return; // start-up: the ready line counts what is there once the deploy folder settled
        }
        String dir = e.isOutput() ? "out" : "in";
        String key = dir + ":" + e.caps().endpointId();
        Integer had = lastIds.remove(key);
        String what = switch (e.type()) {
            case ADDED -> "device added: " + dir + " " + e.deviceId();
            case REMOVED -> "device removed: " + dir + " " + (had == null ? "-" : had);
            case CHANGED -> "device changed: " + dir + " " + e.deviceId();
        };
        rememberIds();
        printEvent(what + " " + e.caps().endpointId() + " \"" + e.caps().productName() + "\"");
    }

    /** Prints a status line: above the prompt in the console, else on the events stream. */
    private void printEvent(String line) {
        Console c = console;
        if (c != null) {
            c.printAbove(line);
        } else {
            events.println(line);
            events.flush();
        }
    }

    private void printFrameworkError(FrameworkEvent e) {
        if (e.getType() != FrameworkEvent.ERROR) {
            return;
        }
        Bundle b = e.getBundle();
        String who = b == null ? "framework" : b.getSymbolicName() + " (bundle " + b.getBundleId() + ")";
        OneLineLogger.print("error", who, oneLine(e.getThrowable()), null); // once, follow-ups left out
    }

    /** @return the exception as one line: its message (a MidiException's is "cause — NAME") */
    static String oneLine(Throwable t) {
        if (t == null) {
            return "unknown error";
        }
        Throwable shown = t;
        // Gogo wraps a command's exception when it is thrown from a closure or a pipe
        while (shown.getMessage() == null && shown.getCause() != null) {
            shown = shown.getCause();
        }
        String message = shown.getMessage();
        String line = message == null ? shown.getClass().getSimpleName() : message;
        if (shown instanceof BundleException && shown.getCause() != null && shown.getCause().getMessage() != null) {
            line = line + ": " + shown.getCause().getMessage();
        }
        return line.lines().findFirst().orElse(line);
    }

    private static void stopFramework(Bundle framework) {
        try {
            framework.stop();
            if (framework instanceof org.osgi.framework.launch.Framework f) {
                f.waitForStop(STOP_MILLIS);
            }
        } catch (BundleException | InterruptedException e) {
            Streams.ERR.println("midihost: stopping the framework failed: " + oneLine(e));
        }
    }
}
