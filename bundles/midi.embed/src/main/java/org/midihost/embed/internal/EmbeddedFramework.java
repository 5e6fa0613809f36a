package org.midihost.embed.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.midihost.api.DriverState;
import org.midihost.api.MidiHost;
import org.midihost.embed.EmbeddedOptions;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

/**
 * One embedded framework: starts Felix with the carried bundles in a fixed order and waits, within
 * a bound, until the host and every driver are up; stops it and removes its storage.
 *
 * <p>Start order: the framework with every bundle installed but none started; the libraries
 * (promise, function, the DS API, slf4j) and Configuration Admin; the given configurations,
 * written into ConfigAdmin; SCR; the midihost bundles (SPI, host, stream, route, the drivers, the
 * extra drivers); then, with a deploy folder, File Install, and start-up waits until what the
 * folder holds has been taken. So no driver is ever activated without its configuration.
 */
public final class EmbeddedFramework {
    /** The synth driver's bundle, left out of a JVM that does not export Gervill's package. */
    static final String SYNTH = "org.midihost.driver.synth";
    static final String FILE_INSTALL = "org.apache.felix.fileinstall";
    static final String CONFIG_ADMIN = "org.apache.felix.configadmin";
    static final String SCR = "org.apache.felix.scr";
    /** The JVM flag the synth needs, as a user types it. */
    public static final String SYNTH_FLAG = "--add-exports java.desktop/com.sun.media.sound=ALL-UNNAMED";
    private static final String SOUND_PACKAGE = "com.sun.media.sound";
    /** How long the device table must stay unchanged before the deploy folder counts as applied. */
    private static final long SETTLE_MILLIS = 300;

    private final Framework framework;
    private final Path storage;
    private final MidiHost host;
    private final ServiceReference<MidiHost> hostRef;
    private final List<String> leftOut;

    private EmbeddedFramework(Framework framework, Path storage, MidiHost host, ServiceReference<MidiHost> hostRef,
            List<String> leftOut) {
        this.framework = framework;
        this.storage = storage;
        this.host = host;
        this.hostRef = hostRef;
        this.leftOut = leftOut;
    }

    /** @return the host service, typed with the class path's API */
    public MidiHost host() {
        return host;
    }

    /** @return the carried bundles left out in this JVM (the synth without its flag) */
    public List<String> leftOut() {
        return leftOut;
    }

    /** @return whether {@code java.desktop} exports Gervill's package to unnamed modules (bundles) */
    public static boolean synthExported() {
        Module desktop = javax.sound.midi.MidiSystem.class.getModule();
        return desktop.isExported(SOUND_PACKAGE, EmbeddedFramework.class.getClassLoader().getUnnamedModule());
    }

    /**
     * Starts a framework and waits for the host.
     *
     * @param options the options
     * @param log where the one-line notices go
     * @return the running framework
     * @throws IllegalArgumentException if an extra driver bundle cannot be installed (naming it)
     * @throws IllegalStateException if something does not come up within the bound, naming it
     */
    public static EmbeddedFramework start(EmbeddedOptions options, System.Logger log) {
        long deadline = System.nanoTime() + options.startTimeout().toNanos();
        String apiVersion = RuntimeBundles.exportedVersion(MidiHost.class);
        List<String> names = new ArrayList<>(RuntimeBundles.names());
        List<String> leftOut = new ArrayList<>();
        if (!synthExported() && names.removeIf(n -> n.startsWith(SYNTH))) {
            leftOut.add(SYNTH);
            log.log(Level.WARNING, "midihost: the synth driver (Gervill) is left out: this JVM does not export "
                    + "java.desktop/" + SOUND_PACKAGE + "; run java with " + SYNTH_FLAG + " to have it");
        }
        Path storage;
        try {
            storage = Files.createTempDirectory("midihost-embed-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the framework's storage folder", e);
        }
        Map<String, String> config = new HashMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, storage.toString());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        // the one copy of the client API: the program's, on the class path
        config.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, MidiHost.class.getPackageName() + ";version=" + apiVersion);
        config.put("felix.log.level", "0"); // framework errors come as FrameworkEvents, logged in one line
        config.put("ds.loglevel", "warn");
        // resolve on the calling thread: no resolver thread pool that outlives close()
        config.put("felix.resolver.parallelism", "1");
        options.deploy().ifPresent(d -> {
            config.put("felix.fileinstall.dir", d.toString());
            config.put("felix.fileinstall.noInitialDelay", "true");
            config.put("felix.fileinstall.poll", "500");
            config.put("felix.fileinstall.enableConfigSave", "false");
            config.put("felix.fileinstall.log.level", "1");
        });

        Thread me = Thread.currentThread();
        ClassLoader previous = me.getContextClassLoader();
        // the framework's threads are made below and inherit this loader (see LoggingDefaults)
        me.setContextClassLoader(new LoggingDefaults(previous != null ? previous : EmbeddedFramework.class.getClassLoader()));
        Framework framework = null;
        boolean started = false;
        try {
            framework = newFramework(config);
            framework.init();
            BundleContext context = framework.getBundleContext();
            FrameworkListener errors = e -> {
                if (e.getType() == FrameworkEvent.ERROR) {
                    Bundle b = e.getBundle();
                    Throwable t = e.getThrowable();
                    log.log(Level.WARNING, "midihost: " + (b == null ? "framework" : b.getSymbolicName()) + ": "
                            + (t == null ? "error" : oneLine(t)));
                }
            };
            context.addFrameworkListener(errors);
            Map<String, Bundle> bundles = new LinkedHashMap<>();
            for (String name : names) {
                try (InputStream in = RuntimeBundles.open(name)) {
                    Bundle b = context.installBundle(RuntimeBundles.locationOf(name), in);
                    bundles.put(b.getSymbolicName(), b);
                } catch (IOException | BundleException e) {
                    throw new IllegalStateException("cannot install the embedded bundle " + name + ": " + oneLine(e), e);
                }
            }
            List<Bundle> extra = new ArrayList<>();
            for (Path driver : options.drivers()) {
                try {
                    extra.add(context.installBundle(driver.toUri().toString()));
                } catch (BundleException e) {
                    throw new IllegalArgumentException("driver: cannot install " + driver + ": " + oneLine(e), e);
                }
            }
            framework.start();

            // libraries and ConfigAdmin; then the configurations; then SCR; then midihost
            for (Bundle b : bundles.values()) {
                String bsn = b.getSymbolicName();
                if (!bsn.startsWith("org.midihost.") && !bsn.equals(SCR) && !bsn.equals(FILE_INSTALL)) {
                    startBundle(b);
                }
            }
            ConfigAdminCalls admin = new ConfigAdminCalls(context);
            if (!options.configurations().isEmpty()) {
                awaitOrFail(admin::present, deadline, () -> "no Configuration Admin service (bundle " + CONFIG_ADMIN
                        + " " + stateOf(bundles.get(CONFIG_ADMIN)) + ")", options);
                options.configurations().forEach(admin::update);
            }
            startBundle(bundles.get(SCR));
            List<Bundle> drivers = new ArrayList<>();
            for (Bundle b : bundles.values()) {
                if (b.getSymbolicName().startsWith("org.midihost.")) {
                    startBundle(b);
                    if (b.getSymbolicName().startsWith("org.midihost.driver.")) {
                        drivers.add(b);
                    }
                }
            }
            for (Bundle b : extra) {
                try {
                    b.start();
                } catch (BundleException e) {
                    throw new IllegalArgumentException("driver: cannot start " + b.getLocation() + ": " + oneLine(e), e);
                }
                drivers.add(b);
            }

            ReadyCheck ready = new ReadyCheck(context, bundles.values(), drivers);
            awaitOrFail(ready::isReady, deadline, ready::missing, options);
            ServiceReference<MidiHost> ref = context.getServiceReference(MidiHost.class);
            MidiHost host = ref == null ? null : context.getService(ref);
            if (host == null) {
                throw new IllegalStateException("midihost did not come up: the MidiHost service went away");
            }
            if (options.deploy().isPresent()) {
                Path deploy = options.deploy().get();
                try {
                    Files.createDirectories(deploy);
                } catch (IOException e) {
                    throw new IllegalArgumentException("deploy: cannot create " + deploy + ": " + e, e);
                }
                Bundle fileInstall = bundles.get(FILE_INSTALL);
                if (fileInstall == null) {
                    throw new IllegalStateException("the embed jar carries no " + FILE_INSTALL);
                }
                startBundle(fileInstall);
                awaitDeployFolder(context, admin, host, deploy, deadline, options);
            }
            started = true;
            return new EmbeddedFramework(framework, storage, host, ref, List.copyOf(leftOut));
        } catch (BundleException e) {
            throw new IllegalStateException("the embedded framework did not start: " + oneLine(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the embedded framework started", e);
        } finally {
            me.setContextClassLoader(previous);
            if (!started) {
                stop(framework, storage, Duration.ofSeconds(10), log);
            }
        }
    }

    private static Framework newFramework(Map<String, String> config) {
        Iterator<FrameworkFactory> factories = ServiceLoader
                .load(FrameworkFactory.class, EmbeddedFramework.class.getClassLoader()).iterator();
        if (!factories.hasNext()) {
            throw new IllegalStateException("no OSGi framework on the class path "
                    + "(org.apache.felix:org.apache.felix.framework, a dependency of org.midihost.embed)");
        }
        return factories.next().newFramework(config);
    }

    private static void startBundle(Bundle b) {
        if (b == null) {
            return;
        }
        try {
            if (b.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                b.start();
            }
        } catch (BundleException e) {
            throw new IllegalStateException("the embedded bundle " + b.getSymbolicName() + " did not start: "
                    + oneLine(e), e);
        }
    }

    interface Condition {
        boolean holds() throws InterruptedException;
    }

    interface Missing {
        String what();
    }

    /** Polls (every 20 ms, within the start-up bound: the framework announces none of this) */
    private static void awaitOrFail(Condition c, long deadline, Missing missing, EmbeddedOptions options)
            throws InterruptedException {
        while (!c.holds()) {
            if (System.nanoTime() - deadline >= 0) {
                throw new IllegalStateException("midihost did not come up within "
                        + options.startTimeout().toMillis() + " ms: " + missing.what());
            }
            Thread.sleep(20);
        }
    }

    /**
     * Waits until File Install has taken what the deploy folder held at start (every jar installed,
     * every {@code .cfg} in ConfigAdmin), and then until the device table has not changed for a
     * moment, as the distribution's launcher does.
     */
    private static void awaitDeployFolder(BundleContext context, ConfigAdminCalls admin, MidiHost host, Path deploy,
            long deadline, EmbeddedOptions options) throws InterruptedException {
        List<String> jars = new ArrayList<>();
        List<String> cfgs = new ArrayList<>();
        try (Stream<Path> files = Files.list(deploy)) {
            files.forEach(f -> {
                String name = f.getFileName().toString();
                if (name.endsWith(".jar")) {
                    jars.add(name);
                } else if (name.endsWith(".cfg") || name.endsWith(".config")) {
                    cfgs.add(name);
                }
            });
        } catch (IOException e) {
            throw new IllegalArgumentException("deploy: cannot list " + deploy + ": " + e, e);
        }
        if (jars.isEmpty() && cfgs.isEmpty()) {
            return;
        }
        awaitOrFail(() -> notTaken(context, admin, jars, cfgs).isEmpty(), deadline,
                () -> "File Install has not taken " + notTaken(context, admin, jars, cfgs) + " from " + deploy, options);
        long generation = host.outDevices().generation() + host.inDevices().generation();
        long stableSince = System.nanoTime();
        while (System.nanoTime() - deadline < 0) {
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

    private static List<String> notTaken(BundleContext context, ConfigAdminCalls admin, List<String> jars,
            List<String> cfgs) {
        List<String> missing = new ArrayList<>();
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
                missing.add(jar);
            }
        }
        if (!cfgs.isEmpty()) {
            List<String> have = admin.present() ? admin.valuesOf("felix.fileinstall.filename") : List.of();
            for (String cfg : cfgs) {
                if (have.stream().noneMatch(f -> f.endsWith("/" + cfg))) {
                    missing.add(cfg);
                }
            }
        }
        return missing;
    }

    /** What start-up waits for: every bundle active, the host service, and each driver bound by the host. */
    private static final class ReadyCheck {
        private final BundleContext context;
        private final List<Bundle> bundles;
        private final List<Bundle> drivers;

        ReadyCheck(BundleContext context, java.util.Collection<Bundle> bundles, List<Bundle> drivers) {
            this.context = context;
            this.bundles = new ArrayList<>(bundles);
            this.drivers = drivers;
        }

        boolean isReady() {
            return missing().isEmpty();
        }

        String missing() {
            List<String> missing = new ArrayList<>();
            for (Bundle b : bundles) {
                if (b.getHeaders().get(Constants.FRAGMENT_HOST) == null && !b.getSymbolicName().equals(FILE_INSTALL)
                        && b.getState() != Bundle.ACTIVE) {
                    missing.add("bundle " + b.getSymbolicName() + " is " + stateOf(b));
                }
            }
            ServiceReference<MidiHost> ref = context.getServiceReference(MidiHost.class);
            MidiHost host = ref == null ? null : context.getService(ref);
            if (host == null) {
                missing.add("no MidiHost service (bundle org.midihost.host)");
                return String.join("; ", missing);
            }
            try {
                List<DriverState> states = host.drivers();
                for (Bundle d : drivers) {
                    if (states.stream().noneMatch(s -> s.bundleId() == d.getBundleId())) {
                        missing.add("driver bundle " + (d.getSymbolicName() == null ? d.getLocation() : d.getSymbolicName())
                                + " (" + stateOf(d) + ") has registered no driver with the host");
                    }
                }
            } finally {
                context.ungetService(ref);
            }
            return String.join("; ", missing);
        }
    }

    static String stateOf(Bundle b) {
        if (b == null) {
            return "missing";
        }
        return switch (b.getState()) {
            case Bundle.INSTALLED -> "installed (not resolved)";
            case Bundle.RESOLVED -> "resolved (not started)";
            case Bundle.STARTING -> "starting";
            case Bundle.STOPPING -> "stopping";
            case Bundle.ACTIVE -> "active";
            default -> "uninstalled";
        };
    }

    static String oneLine(Throwable t) {
        String m = t.getMessage();
        String line = m == null ? t.getClass().getSimpleName() : m;
        if (t.getCause() != null && t.getCause().getMessage() != null && !line.contains(t.getCause().getMessage())) {
            line = line + ": " + t.getCause().getMessage();
        }
        return line.lines().findFirst().orElse(line);
    }

    /**
     * Stops the framework, waits for it within the bound, and removes its storage folder.
     *
     * @param bound how long to wait for the framework to stop
     * @param log where a framework that does not stop in time is reported
     * @return whether the framework stopped within the bound
     */
    public boolean stop(Duration bound, System.Logger log) {
        try {
            framework.getBundleContext().ungetService(hostRef);
        } catch (IllegalStateException e) {
            // the framework is already stopping
        }
        return stop(framework, storage, bound, log);
    }

    private static boolean stop(Framework framework, Path storage, Duration bound, System.Logger log) {
        boolean stopped = true;
        if (framework != null) {
            try {
                framework.stop();
                FrameworkEvent e = framework.waitForStop(bound.toMillis());
                if (e.getType() == FrameworkEvent.WAIT_TIMEDOUT) {
                    stopped = false;
                    log.log(Level.WARNING, "midihost: the embedded framework did not stop within " + bound.toMillis()
                            + " ms");
                }
            } catch (BundleException e) {
                log.log(Level.WARNING, "midihost: stopping the embedded framework failed: " + oneLine(e));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopped = false;
            }
        }
        deleteTree(storage, log);
        return stopped;
    }

    private static void deleteTree(Path root, System.Logger log) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            log.log(Level.WARNING, "midihost: cannot remove the framework's storage " + root + ": " + e);
        }
    }

    /** @return the storage folder, removed by {@link #stop} */
    public Path storage() {
        return storage;
    }
}
