package org.midihost.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.apache.felix.framework.FrameworkFactory;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;

/**
 * An embedded Apache Felix with Declarative Services, Configuration Admin, SLF4J and the
 * project's host, loopback and probe bundles, installed from their build folders.
 *
 * <p>The client API and the driver SPI ({@code org.midihost.api}, {@code org.midihost.spi}) come
 * from the system bundle, that is from this program's class path, instead of their bundles (with
 * the exports, versions included, that those bundles declare): so
 * the benchmark can hold the {@code MidiHost} service and its handles with its own classes. The
 * host and the drivers are the packaged bundles, as in a real deployment.
 */
final class Felix implements AutoCloseable {
    /** How long any wait for the framework lasts before the run fails. */
    static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(20);

    private final Framework framework;
    private final Path storage;
    private final Map<String, Bundle> bySymbolicName = new HashMap<>();

    /**
     * Starts the framework and every bundle.
     *
     * @param root the project's root folder (bundles/, itests/, bench/)
     * @throws IllegalStateException if a bundle's jar is missing (build first) or a bundle fails to start
     */
    Felix(Path root) throws IOException, BundleException {
        Path thirdParty = root.resolve("bench/target/felix-bundles");
        List<Path> jars = new ArrayList<>();
        for (String prefix : List.of("slf4j-api-", "slf4j-simple-", "org.osgi.util.function-", "org.osgi.util.promise-",
                "org.osgi.service.component-", "org.apache.felix.scr-", "org.apache.felix.configadmin-")) {
            jars.add(jar(thirdParty, prefix));
        }
        jars.add(jar(root.resolve("bundles/midi.host/target"), "org.midihost.host-"));
        jars.add(jar(root.resolve("bundles/midi.driver.loopback/target"), "org.midihost.driver.loopback-"));
        jars.add(jar(root.resolve("itests/probe/target"), "org.midihost.itests.probe-"));

        storage = Files.createTempDirectory("midihost-bench-felix");
        Map<String, String> config = new HashMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, storage.toString());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        // The packages' versions as the reactor's api and spi bundles export them, so the host's
        // import ranges match whatever version the API and SPI are at.
        config.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA,
                exports(jar(root.resolve("bundles/midi.api/target"), "org.midihost.api-")) + ","
                        + exports(jar(root.resolve("bundles/midi.spi/target"), "org.midihost.spi-")));
        framework = new FrameworkFactory().newFramework(config);
        framework.init();
        framework.start();
        BundleContext ctx = framework.getBundleContext();
        List<Bundle> installed = new ArrayList<>();
        for (Path jar : jars) {
            Bundle b = ctx.installBundle(jar.toUri().toString());
            bySymbolicName.put(b.getSymbolicName(), b);
            installed.add(b);
        }
        for (Bundle b : installed) {
            if (b.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                b.start();
            }
        }
    }

    /** @return the bundle's Export-Package header */
    private static String exports(Path jar) throws IOException {
        try (JarFile f = new JarFile(jar.toFile())) {
            String e = f.getManifest().getMainAttributes().getValue(Constants.EXPORT_PACKAGE);
            if (e == null || e.isBlank()) {
                throw new IllegalStateException(jar + " exports nothing");
            }
            return e;
        }
    }

    private static Path jar(Path dir, String prefix) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("no folder " + dir + ": build the project first (mvn -B verify)");
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> {
                String n = p.getFileName().toString();
                return n.startsWith(prefix) && n.endsWith(".jar") && !n.endsWith("-sources.jar")
                        && !n.endsWith("-javadoc.jar") && Character.isDigit(n.charAt(prefix.length()));
            }).max(Comparator.comparingLong(p -> p.toFile().lastModified()))
                    .orElseThrow(() -> new IllegalStateException("no " + prefix + "*.jar in " + dir
                            + ": build the project first (mvn -B verify)"));
        }
    }

    BundleContext context() {
        return framework.getBundleContext();
    }

    /** @return the installed bundle with this symbolic name */
    Bundle bundle(String symbolicName) {
        Bundle b = bySymbolicName.get(symbolicName);
        if (b == null) {
            throw new IllegalArgumentException("no bundle " + symbolicName);
        }
        return b;
    }

    /**
     * Polls for a service against the deadline.
     *
     * @param type the service's class as this program sees it
     * @return the service
     */
    <T> T service(Class<T> type) {
        return type.cast(service(type.getName()));
    }

    /** Polls for a service by class name against the deadline. */
    Object service(String className) {
        long deadline = System.nanoTime() + TIMEOUT_NANOS;
        BundleContext ctx = context();
        while (true) {
            ServiceReference<?> ref = ctx.getServiceReference(className);
            if (ref != null) {
                Object s = ctx.getService(ref);
                if (s != null) {
                    return s;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no " + className + " service within 20 s");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    @Override
    public void close() throws Exception {
        framework.stop();
        framework.waitForStop(TimeUnit.NANOSECONDS.toMillis(TIMEOUT_NANOS));
        deleteTree(storage.toFile());
    }

    private static void deleteTree(File f) {
        File[] children = f.listFiles();
        if (children != null) {
            for (File c : children) {
                deleteTree(c);
            }
        }
        f.delete();
    }
}
