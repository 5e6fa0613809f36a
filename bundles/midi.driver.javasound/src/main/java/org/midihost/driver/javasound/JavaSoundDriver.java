package org.midihost.driver.javasound;

import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.midihost.spi.MidiDriver;
import org.midihost.spi.MidiDriverProperties;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MIDI ports of the JVM's Java Sound ({@link javax.sound.midi.MidiSystem}) as midihost devices:
 * the operating system's ports as the JDK lists them (Windows, macOS, Linux/ALSA) and the ports of
 * any other {@link javax.sound.midi.spi.MidiDeviceProvider} on the class path. A port that takes
 * messages is an output, one that sends them an input (a port can be both), device id the slug of
 * its name, vendor, description and version ({@link EndpointIds}), e.g.
 * {@code javasound/um-one-roland-…}. Java Sound's synthesizer and sequencer and midihost's own
 * devices ({@link OwnDevices}) are never listed.
 *
 * <p>Configuration: PID {@value #PID}, optional; each factory configuration is an instance of its
 * own (give each its own driver id). {@link Config#include()} and {@link Config#exclude()} are
 * globs over the device name and id; {@link Config#rescan()} is how often Java Sound's list is
 * looked at again for ports plugged in or out. A bad value fails the activation with a one-line
 * message naming the property.
 *
 * <p>Why the component registers its service itself: as the rawmidi driver, so that it can change
 * its service properties ({@value #DEVICES}) when ports come and go, which makes the host list the
 * devices again; Declarative Services has no standard way for that. Activation starts the scan
 * thread and waits (at most {@value #FIRST_SCAN_MILLIS} ms) for its first scan, then registers the
 * driver with the ports found; activation itself never calls Java Sound.
 */
@Component(service = {}, immediate = true, configurationPid = JavaSoundDriver.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = JavaSoundDriver.Config.class, factory = true)
@MidiDriverProperties(id = JavaSoundDriver.DEFAULT_ID)
public final class JavaSoundDriver {
    /** The configuration PID, also the factory PID. */
    public static final String PID = "org.midihost.driver.javasound";
    /** The driver id of an instance whose configuration gives none. */
    public static final String DEFAULT_ID = "javasound";
    /**
     * Service property: the devices present now (String[], {@code "out <id>"} and {@code "in <id>"}).
     * It changes exactly when the device set changes, which makes the host list the devices again.
     */
    public static final String DEVICES = "midihost.javasound.devices";
    /** How long activation waits for the first scan before registering the driver without its ports. */
    static final long FIRST_SCAN_MILLIS = 2000;
    private static final Logger LOG = LoggerFactory.getLogger(JavaSoundDriver.class);

    /** The configuration of one javasound driver instance (metatype). */
    @ObjectClassDefinition(id = JavaSoundDriver.PID, name = "midihost Java Sound driver",
            description = "The MIDI ports Java Sound lists (the operating system's devices) as midihost devices.")
    public @interface Config {
        /** @return globs of the devices to list (name, device id or endpoint id); empty = all */
        @AttributeDefinition(name = "Include", required = false, description = "Globs (* and ?, case-insensitive) "
                + "matched against the device name, its device id and its endpoint id; only matching devices are "
                + "listed. Empty: every device.")
        String[] include() default {};

        /** @return globs of the devices to leave out, applied after {@link #include()} */
        @AttributeDefinition(name = "Exclude", required = false, description = "Globs (* and ?, case-insensitive) "
                + "of devices to leave out (name, device id or endpoint id).")
        String[] exclude() default {};

        /** @return milliseconds between looks at Java Sound's list, for hot plug */
        @AttributeDefinition(name = "Rescan", description = "Milliseconds between looks at Java Sound's device "
                + "list for ports plugged in or out (10..3600000).", min = "10", max = "3600000")
        int rescan() default 2000;

        /** @return the driver id, service property {@value MidiDriver#ID}; unique per instance */
        @AttributeDefinition(name = "Driver id", description = "First half of the endpoint ids; unique per instance.")
        String midihost_driver_id() default DEFAULT_ID;

        /** @return the driver's place in the numbering, service property {@value MidiDriver#ORDER} */
        @AttributeDefinition(name = "Driver order", description = "Place in the device numbering; lower first.")
        int midihost_driver_order() default MidiDriver.DEFAULT_ORDER;
    }

    private final JavaSoundPorts ports;
    private final Hashtable<String, Object> baseProperties;
    /*
     * Guards `registration`. Taken by the scanner's devicesChanged (held across setProperties, so
     * that two updates never pass each other; the host's modifiedDriver then runs on the scanner
     * thread, and no host call into the driver takes this lock) and by deactivate.
     */
    private final Object registrationLock = new Object();
    private ServiceRegistration<MidiDriver> registration;

    /**
     * Checks the configuration, registers the {@link MidiDriver} service with no device and starts
     * the scan thread. Asks nothing of Java Sound.
     *
     * @param config the configuration
     * @param context this bundle's context, to register the service
     * @param properties the component properties, copied to the service (except private ones)
     * @throws IllegalArgumentException if the configuration is bad (the message names the property);
     *         DS then does not activate the instance
     */
    @Activate
    public JavaSoundDriver(Config config, BundleContext context, Map<String, Object> properties) {
        Settings settings = Settings.of(config);
        baseProperties = new Hashtable<>();
        for (Map.Entry<String, Object> e : properties.entrySet()) {
            if (!e.getKey().startsWith(".") && !e.getKey().equals(Constants.OBJECTCLASS)) {
                baseProperties.put(e.getKey(), e.getValue());
            }
        }
        baseProperties.put(MidiDriver.ID, settings.driverId());
        ports = new JavaSoundPorts(settings, this::devicesChanged);
        // The first scan (on the scan thread) before the service is registered, so that the ports
        // are in the host's first device table: the launcher's ready line, a `-c` command and an
        // EmbeddedMidiHost that waits for every driver see them. Bounded: a provider that does not
        // return delays nobody for more than FIRST_SCAN_MILLIS; its ports come with a later scan.
        Future<?> firstScan = ports.startScanning();
        try {
            firstScan.get(FIRST_SCAN_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warn("javasound {}: Java Sound took more than {} ms to list its devices; registering without them",
                    settings.driverId(), FIRST_SCAN_MILLIS);
        } catch (ExecutionException e) {
            // rescanLogged catches what a scan throws: nothing comes here
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (registrationLock) {
            // A scan that changed the ports before this saw no registration; property() has them.
            registration = context.registerService(MidiDriver.class, ports, properties(ports.property()));
        }
    }

    private Hashtable<String, Object> properties(List<String> devices) {
        Hashtable<String, Object> p = new Hashtable<>(baseProperties);
        p.put(DEVICES, devices.toArray(new String[0]));
        return p;
    }

    private void devicesChanged(List<String> devices) {
        synchronized (registrationLock) {
            if (registration == null) {
                return;
            }
            try {
                registration.setProperties(properties(devices));
            } catch (IllegalStateException e) {
                // Unregistered meanwhile (the bundle is stopping): nobody to tell.
            }
        }
    }

    /**
     * Stops scanning, unregisters the service (the host's unbind returns only when no call is in the
     * driver any more), then closes every Java Sound device still open.
     */
    @Deactivate
    void deactivate() {
        ports.stopScanning();
        ServiceRegistration<MidiDriver> r;
        synchronized (registrationLock) {
            r = registration;
            registration = null;
        }
        try {
            r.unregister();
        } catch (IllegalStateException e) {
            // The framework already unregistered it (the bundle stopped first).
        }
        ports.close();
    }
}
