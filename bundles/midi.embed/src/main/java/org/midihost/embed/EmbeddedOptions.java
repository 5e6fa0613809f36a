package org.midihost.embed;

import java.io.File;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How an {@link EmbeddedMidiHost} starts: a deploy folder, configurations, extra driver bundles
 * and a start-up bound. Immutable: every method returns new options; start from
 * {@link EmbeddedMidiHost#options()} (all defaults) or {@link #fromSystemProperties()}.
 *
 * <p>A bad value is refused where it is given, with an {@link IllegalArgumentException} whose
 * message names the option (and the PID and key of a configuration).
 */
public final class EmbeddedOptions {
    /** System property read by {@link #fromSystemProperties()}: the deploy folder ({@link #deploy(Path)}). */
    public static final String DEPLOY_PROPERTY = "midihost.deploy";
    /**
     * System property read by {@link #fromSystemProperties()}: extra driver bundles
     * ({@link #driver(Path)}), separated by {@link File#pathSeparator}.
     */
    public static final String DRIVERS_PROPERTY = "midihost.drivers";
    /** System property read by {@link #fromSystemProperties()}: the start-up bound in seconds ({@link #startTimeout(Duration)}). */
    public static final String TIMEOUT_PROPERTY = "midihost.startTimeout";
    /** The default start-up bound. */
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration MAX_START_TIMEOUT = Duration.ofMinutes(10);

    private static final Set<Class<?>> SCALARS = Set.of(String.class, Integer.class, Long.class, Float.class,
            Double.class, Byte.class, Short.class, Character.class, Boolean.class);

    static final EmbeddedOptions DEFAULTS = new EmbeddedOptions(null, Map.of(), List.of(), DEFAULT_START_TIMEOUT);

    private final Path deploy;
    private final Map<String, Map<String, Object>> configurations;
    private final List<Path> drivers;
    private final Duration startTimeout;

    private EmbeddedOptions(Path deploy, Map<String, Map<String, Object>> configurations, List<Path> drivers,
            Duration startTimeout) {
        this.deploy = deploy;
        this.configurations = configurations;
        this.drivers = drivers;
        this.startTimeout = startTimeout;
    }

    /**
     * Options from system properties, for a host that a program does not start itself (the Java
     * Sound provider's): {@value #DEPLOY_PROPERTY} (a folder), {@value #DRIVERS_PROPERTY} (bundle
     * files separated by the path separator), {@value #TIMEOUT_PROPERTY} (whole seconds). Unset
     * properties give the defaults.
     *
     * @return the options
     * @throws IllegalArgumentException naming the property whose value is bad
     */
    public static EmbeddedOptions fromSystemProperties() {
        EmbeddedOptions o = DEFAULTS;
        String deploy = System.getProperty(DEPLOY_PROPERTY);
        if (deploy != null && !deploy.isBlank()) {
            o = o.deploy(pathOf(DEPLOY_PROPERTY, deploy));
        }
        String drivers = System.getProperty(DRIVERS_PROPERTY);
        if (drivers != null) {
            for (String d : drivers.split(File.pathSeparator)) {
                if (!d.isBlank()) {
                    o = o.driver(pathOf(DRIVERS_PROPERTY, d.strip()));
                }
            }
        }
        String timeout = System.getProperty(TIMEOUT_PROPERTY);
        if (timeout != null && !timeout.isBlank()) {
            long seconds;
            try {
                seconds = Long.parseLong(timeout.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(TIMEOUT_PROPERTY + ": '" + timeout + "' is not a whole number of seconds");
            }
            if (seconds <= 0 || seconds > MAX_START_TIMEOUT.toSeconds()) {
                throw new IllegalArgumentException(TIMEOUT_PROPERTY + ": " + seconds + " s is outside 1.."
                        + MAX_START_TIMEOUT.toSeconds() + " s");
            }
            o = o.startTimeout(Duration.ofSeconds(seconds));
        }
        return o;
    }

    private static Path pathOf(String property, String value) {
        try {
            return Path.of(value.strip());
        } catch (java.nio.file.InvalidPathException e) {
            throw new IllegalArgumentException(property + ": '" + value + "' is not a path: " + e.getMessage());
        }
    }

    /**
     * A folder for File Install to watch, as the distribution's {@code deploy/}: driver bundles
     * copied in are installed and started, {@code PID.cfg} and {@code FACTORYPID-NAME.cfg} files
     * become configurations. What it holds at start is applied before {@link EmbeddedMidiHost#start}
     * returns. Created if missing.
     *
     * @param folder the folder, not {@code null}; relative to the working directory if relative
     * @return options with that folder
     * @throws IllegalArgumentException naming the option if {@code folder} is {@code null} or
     *         exists and is not a folder
     */
    public EmbeddedOptions deploy(Path folder) {
        if (folder == null) {
            throw new IllegalArgumentException("deploy: the folder is null");
        }
        Path f = folder.toAbsolutePath().normalize();
        if (Files.exists(f) && !Files.isDirectory(f)) {
            throw new IllegalArgumentException("deploy: " + f + " exists and is not a folder");
        }
        return new EmbeddedOptions(f, configurations, drivers, startTimeout);
    }

    /**
     * A configuration for Configuration Admin, applied before any driver starts. {@code pid} is a
     * PID ({@code "org.midihost.host"}), or {@code factoryPid~name} for a named factory
     * configuration ({@code "org.midihost.driver.loopback~studio"}: a loopback instance of its
     * own). Giving the same PID twice replaces the earlier properties.
     *
     * @param pid the PID, not blank
     * @param properties the properties: keys not blank, values of the types Configuration Admin
     *        takes ({@code String}, the boxed primitives, and arrays or collections of them); copied
     * @return options with that configuration
     * @throws IllegalArgumentException naming the PID (and the key) if either is bad
     */
    public EmbeddedOptions configuration(String pid, Map<String, ?> properties) {
        if (pid == null || pid.isBlank()) {
            throw new IllegalArgumentException("configuration: the PID is blank");
        }
        if (pid.startsWith("~") || pid.endsWith("~") || pid.indexOf('~') != pid.lastIndexOf('~')) {
            throw new IllegalArgumentException("configuration '" + pid + "': a factory PID is written factoryPid~name");
        }
        if (properties == null) {
            throw new IllegalArgumentException("configuration '" + pid + "': the properties are null");
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        for (Map.Entry<String, ?> e : properties.entrySet()) {
            String key = e.getKey();
            if (key == null || key.isBlank()) {
                throw new IllegalArgumentException("configuration '" + pid + "': a key is blank");
            }
            copy.put(key, checkValue(pid, key, e.getValue()));
        }
        Map<String, Map<String, Object>> all = new LinkedHashMap<>(configurations);
        all.put(pid, Collections.unmodifiableMap(copy));
        return new EmbeddedOptions(deploy, Collections.unmodifiableMap(all), drivers, startTimeout);
    }

    private static Object checkValue(String pid, String key, Object value) {
        String where = "configuration '" + pid + "', key '" + key + "': ";
        if (value == null) {
            throw new IllegalArgumentException(where + "the value is null");
        }
        if (SCALARS.contains(value.getClass())) {
            return value;
        }
        if (value.getClass().isArray()) {
            Class<?> c = value.getClass().getComponentType();
            if (!c.isPrimitive() && !SCALARS.contains(c)) {
                throw new IllegalArgumentException(where + "Configuration Admin takes no array of " + c.getName());
            }
            int n = Array.getLength(value);
            Object copy = Array.newInstance(c, n);
            System.arraycopy(value, 0, copy, 0, n);
            return copy;
        }
        if (value instanceof Collection<?> coll) {
            List<Object> copy = new ArrayList<>();
            for (Object v : coll) {
                if (v == null || !SCALARS.contains(v.getClass())) {
                    throw new IllegalArgumentException(where + "Configuration Admin takes no collection element "
                            + (v == null ? "null" : "of " + v.getClass().getName()));
                }
                copy.add(v);
            }
            return copy;
        }
        throw new IllegalArgumentException(where + "Configuration Admin takes no value of " + value.getClass().getName());
    }

    /**
     * One more driver bundle to install and start with the stock ones (a jar file; for
     * example the {@code org.midihost.driver.javasound} or {@code org.midihost.driver.rawmidi}
     * bundle, or a driver of your own). Start-up waits until it registered its driver with the host.
     *
     * @param bundleJar the bundle's jar file, which must exist
     * @return options with that driver too
     * @throws IllegalArgumentException naming the option if the file is {@code null} or not a readable file
     */
    public EmbeddedOptions driver(Path bundleJar) {
        if (bundleJar == null) {
            throw new IllegalArgumentException("driver: the bundle file is null");
        }
        Path f = bundleJar.toAbsolutePath().normalize();
        if (!Files.isRegularFile(f) || !Files.isReadable(f)) {
            throw new IllegalArgumentException("driver: " + f + " is not a readable file");
        }
        List<Path> all = new ArrayList<>(drivers);
        all.add(f);
        return new EmbeddedOptions(deploy, configurations, List.copyOf(all), startTimeout);
    }

    /**
     * How long {@link EmbeddedMidiHost#start(EmbeddedOptions)} waits for the host, its drivers and
     * the deploy folder before it gives up naming what is missing; default
     * {@link #DEFAULT_START_TIMEOUT}.
     *
     * @param timeout more than zero, at most 10 minutes
     * @return options with that bound
     * @throws IllegalArgumentException naming the option if out of range or {@code null}
     */
    public EmbeddedOptions startTimeout(Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_START_TIMEOUT) > 0) {
            throw new IllegalArgumentException("startTimeout: " + timeout + " is outside (0, 10 min]");
        }
        return new EmbeddedOptions(deploy, configurations, drivers, timeout);
    }

    /** @return the deploy folder (absolute), if one was given */
    public Optional<Path> deploy() {
        return Optional.ofNullable(deploy);
    }

    /** @return the configurations by PID, in the order given; unmodifiable */
    public Map<String, Map<String, Object>> configurations() {
        return configurations;
    }

    /** @return the extra driver bundles (absolute paths), in the order given; unmodifiable */
    public List<Path> drivers() {
        return drivers;
    }

    /** @return the start-up bound */
    public Duration startTimeout() {
        return startTimeout;
    }

    @Override
    public String toString() {
        return "EmbeddedOptions[deploy=" + deploy + ", configurations=" + configurations.keySet() + ", drivers="
                + drivers + ", startTimeout=" + startTimeout + "]";
    }
}
