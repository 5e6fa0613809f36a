package org.midihost.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import javax.inject.Inject;
import org.midihost.api.DeviceCaps;
import org.midihost.api.MidiException;
import org.midihost.api.MidiHost;
import org.midihost.api.MmResult;
import org.midihost.itests.probe.ProbeRecorder;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * What every midihost integration test shares: the framework's bundles, and helpers that wait for
 * a condition against a deadline (polling, never a fixed sleep).
 *
 * <p>The framework holds SCR, ConfigAdmin, slf4j and the reactor's packaged bundles: api, spi,
 * host, the loopback driver (one cable by default) and the probe driver (see
 * {@link ProbeRecorder}). So the host's devices are, in order: outputs {@code loopback/0},
 * {@code probe/rec}, {@code probe/excl}; input {@code loopback/0}.
 */
public abstract class MidihostTestBase {
    /** How long any wait lasts before the test fails. */
    protected static final Duration TIMEOUT = Duration.ofSeconds(10);

    protected static final String LOOPBACK_BSN = "org.midihost.driver.loopback";
    protected static final String PROBE_BSN = "org.midihost.itests.probe";

    protected static final String LOOPBACK_0 = "loopback/0";
    protected static final String PROBE_REC = ProbeRecorder.DRIVER_ID + "/" + ProbeRecorder.RECORDER;
    protected static final String PROBE_EXCL = ProbeRecorder.DRIVER_ID + "/" + ProbeRecorder.EXCLUSIVE;

    /** The host's outputs with the bundles of {@link #config()} and no configuration. */
    protected static final List<String> DEFAULT_OUTPUTS = List.of(LOOPBACK_0, PROBE_REC, PROBE_EXCL);
    /** The host's inputs with the bundles of {@link #config()} and no configuration. */
    protected static final List<String> DEFAULT_INPUTS = List.of(LOOPBACK_0);

    @Inject
    protected BundleContext context;

    /** @return the framework's bundles, for every test class */
    @Configuration
    public Option[] config() {
        return options(
                systemProperty("pax.exam.osgi.unresolved.fail").value("true"),
                systemProperty("org.ops4j.pax.logging.DefaultServiceLog.level").value("WARN"),
                systemProperty("org.slf4j.simpleLogger.defaultLogLevel").value("warn"),
                mavenBundle("org.slf4j", "slf4j-api").versionAsInProject(),
                // a fragment of slf4j-api: installed, never started
                mavenBundle("org.slf4j", "slf4j-simple").versionAsInProject().noStart(),
                mavenBundle("org.osgi", "org.osgi.util.function").versionAsInProject(),
                mavenBundle("org.osgi", "org.osgi.util.promise").versionAsInProject(),
                mavenBundle("org.osgi", "org.osgi.service.component").versionAsInProject(),
                mavenBundle("org.apache.felix", "org.apache.felix.scr").versionAsInProject(),
                mavenBundle("org.apache.felix", "org.apache.felix.configadmin").versionAsInProject(),
                reactorBundle("midihost.api.jar"),
                reactorBundle("midihost.spi.jar"),
                reactorBundle("midihost.host.jar"),
                reactorBundle("midihost.stream.jar"),
                reactorBundle("midihost.route.jar"),
                reactorBundle("midihost.loopback.jar"),
                reactorBundle("midihost.probe.jar"),
                junitBundles());
    }

    /**
     * @param property the system property (set by failsafe) holding a reactor bundle's jar
     * @return the option that installs that jar
     */
    protected static Option reactorBundle(String property) {
        return bundle(reactorBundleLocation(property));
    }

    /**
     * @param property the system property (set by failsafe) holding a reactor bundle's jar
     * @return the jar's {@code file:} location
     */
    protected static String reactorBundleLocation(String property) {
        String path = System.getProperty(property);
        if (path == null) {
            throw new IllegalStateException("system property " + property + " is not set: run the tests with mvn verify");
        }
        File jar = new File(path);
        if (!jar.isFile()) {
            throw new IllegalStateException(property + ": no bundle at " + jar + ": build the reactor first");
        }
        return "file:" + jar.getAbsolutePath();
    }

    // ---- services and bundles -------------------------------------------------------------

    /** @return the {@link MidiHost} service, waiting for it up to {@link #TIMEOUT} */
    protected MidiHost host() {
        return service(MidiHost.class);
    }

    /** @return the probe driver's {@link ProbeRecorder} service, waiting for it */
    protected ProbeRecorder probe() {
        return service(ProbeRecorder.class);
    }

    /**
     * @param type a service interface
     * @return a service of that type, waiting for it up to {@link #TIMEOUT}
     */
    protected <T> T service(Class<T> type) {
        ServiceReference<T> ref;
        try {
            ref = awaitValue("a " + type.getName() + " service", () -> context.getServiceReference(type), Objects::nonNull);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; bundles: " + bundleStates(), e);
        }
        // never ungot: for a service factory (ConfigAdmin) that would end this bundle's instance;
        // the framework releases it when the test bundle stops
        T service = context.getService(ref);
        if (service == null) {
            fail(type.getName() + " service went away; bundles: " + bundleStates());
        }
        return service;
    }

    /**
     * @param symbolicName a bundle symbolic name
     * @return the installed bundle with that name
     */
    protected Bundle installedBundle(String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("no bundle " + symbolicName + "; bundles: " + bundleStates());
    }

    /** @return every bundle with its state, for failure messages */
    protected String bundleStates() {
        List<String> states = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            states.add(b.getSymbolicName() + "=" + stateName(b.getState()));
        }
        return states.toString();
    }

    private static String stateName(int state) {
        return switch (state) {
            case Bundle.ACTIVE -> "ACTIVE";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            default -> "UNINSTALLED";
        };
    }

    // ---- devices --------------------------------------------------------------------------

    /** @return the endpoint ids of the host's outputs, in device id order (one snapshot) */
    protected static List<String> outEndpoints(MidiHost host) {
        return endpoints(host.outDevices().devices());
    }

    /** @return the endpoint ids of the host's inputs, in device id order (one snapshot) */
    protected static List<String> inEndpoints(MidiHost host) {
        return endpoints(host.inDevices().devices());
    }

    private static List<String> endpoints(List<? extends DeviceCaps> caps) {
        List<String> ids = new ArrayList<>(caps.size());
        for (DeviceCaps c : caps) {
            ids.add(c.endpointId());
        }
        return ids;
    }

    /** Waits until the host shows exactly these outputs and inputs, in this order. */
    protected static void awaitDevices(MidiHost host, List<String> outputs, List<String> inputs) {
        awaitValue("outputs " + outputs, () -> outEndpoints(host), outputs::equals);
        awaitValue("inputs " + inputs, () -> inEndpoints(host), inputs::equals);
    }

    // ---- waiting --------------------------------------------------------------------------

    /**
     * Waits until a condition holds, polling it against a deadline of {@link #TIMEOUT}.
     *
     * @param what what is awaited, for the failure message
     * @param condition the condition
     */
    protected static void await(String what, BooleanSupplier condition) {
        awaitValue(what, condition::getAsBoolean, Boolean.TRUE::equals);
    }

    /**
     * Waits until a value is acceptable, polling it against a deadline of {@link #TIMEOUT}.
     *
     * @param what what is awaited, for the failure message
     * @param value gives the current value
     * @param ok whether a value is acceptable
     * @return the first acceptable value
     * @throws AssertionError with the last value seen, if none was acceptable in time
     */
    protected static <T> T awaitValue(String what, Supplier<T> value, Predicate<? super T> ok) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        T last = value.get();
        while (!ok.test(last)) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("waited " + TIMEOUT.toMillis() + " ms for " + what + "; last seen: " + last);
            }
            // a short pause between polls: polling a deadline, not waiting a fixed time
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            last = value.get();
        }
        return last;
    }

    // ---- results --------------------------------------------------------------------------

    /** A MIDI call that may fail. */
    @FunctionalInterface
    protected interface MidiCall {
        void run() throws MidiException;
    }

    /**
     * Asserts that a call fails with a result code.
     *
     * @param expected the result code
     * @param call the call
     * @return the exception
     */
    protected static MidiException assertFails(MmResult expected, MidiCall call) {
        try {
            call.run();
        } catch (MidiException e) {
            assertEquals("result of a failing call (" + e.getMessage() + ")", expected, e.result());
            return e;
        } catch (RuntimeException e) {
            throw new AssertionError("expected MidiException " + expected + ", got " + e, e);
        }
        throw new AssertionError("expected MidiException " + expected + ", but the call succeeded");
    }

    // ---- messages -------------------------------------------------------------------------

    /**
     * @return a note-on in WinMM packing: status in bits 0–7, key in 8–15, velocity in 16–23
     */
    protected static int noteOn(int channel, int key, int velocity) {
        return (0x90 | channel) | key << 8 | velocity << 16;
    }

    /** @return the first {@code length} bytes in hex, for messages */
    protected static String hex(byte[] bytes, int length) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < length; i++) {
            sb.append(String.format(i == 0 ? "%02X" : " %02X", bytes[i] & 0xFF));
        }
        return sb.toString();
    }

    /** @return the message in hex, low byte (status) first as it goes on the wire */
    protected static String shortHex(int message) {
        return String.format("%02X %02X %02X", message & 0xFF, message >>> 8 & 0xFF, message >>> 16 & 0xFF);
    }
}
