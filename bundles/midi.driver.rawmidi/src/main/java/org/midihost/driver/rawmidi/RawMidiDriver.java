package org.midihost.driver.rawmidi;

import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import org.midihost.spi.MidiDriver;
import org.midihost.spi.MidiDriverProperties;
import org.midihost.spi.Miniport;
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

/**
 * Byte-stream MIDI ports as a {@link Miniport}: every device is a file that carries raw MIDI
 * bytes, an ALSA rawmidi file ({@code /dev/snd/midiC1D0}), a tty or pseudo-terminal, or a named
 * pipe. The host's port driver does the MIDI parsing; this driver only moves bytes.
 *
 * <p>Configuration: PID {@value #PID}, optional. Without configuration the instance scans
 * {@code /dev/snd} for {@code midiC*D*} every second: each file found is a render and a capture
 * device with the file name as device id ({@code rawmidi/midiC1D0}). Each factory configuration is
 * an instance of its own: with {@link Config#path() path}, {@link Config#output() output} or
 * {@link Config#input() input} it is one configured port (device id {@code 0}), present while its
 * file exists; with none of them it scans the configured directory.
 *
 * <p>Why the component registers its service itself: when files appear or vanish the host must
 * list the devices again, and the host does that when the driver's service properties change.
 * Declarative Services gives a component no standard way to change its own service properties
 * ({@code ComponentContext} has no setter in DS 1.5; Felix SCR's {@code ExtComponentContext} has
 * one, but ties the bundle to one DS implementation; and the unconfigured instance has no
 * configuration to update). So the component is an immediate component with no DS service, and
 * registers the {@link Miniport} with {@link BundleContext#registerService}, which gives it the
 * {@link ServiceRegistration} whose {@link ServiceRegistration#setProperties setProperties} is
 * the framework's own way to change them. The registration carries the component properties
 * (driver id and order, the configuration) plus {@value #DEVICES}.
 */
@Component(service = {}, immediate = true, configurationPid = RawMidiDriver.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = RawMidiDriver.Config.class, factory = true)
@MidiDriverProperties(id = RawMidiDriver.DEFAULT_ID)
public final class RawMidiDriver {
    /** The configuration PID, also the factory PID. */
    public static final String PID = "org.midihost.driver.rawmidi";
    /** The driver id of an instance whose configuration gives none. */
    public static final String DEFAULT_ID = "rawmidi";
    /**
     * Service property: the files of the devices present now (String[], sorted). It changes
     * exactly when the device set changes, which makes the host list the devices again.
     */
    public static final String DEVICES = "midihost.rawmidi.devices";

    /** The configuration of one rawmidi driver instance (metatype). */
    @ObjectClassDefinition(id = RawMidiDriver.PID, name = "midihost rawmidi driver",
            description = "Byte-stream MIDI ports: ALSA rawmidi files, ttys, pseudo-terminals, named pipes.")
    public @interface Config {
        /** @return one file for both directions (a pty, an ALSA rawmidi file), or empty */
        @AttributeDefinition(name = "Path", description = "One read-write device file; excludes output and input.",
                required = false)
        String path() default "";

        /** @return the file the render (output) device writes to, or empty */
        @AttributeDefinition(name = "Output", description = "File the output device writes to.", required = false)
        String output() default "";

        /** @return the file the capture (input) device reads from, or empty */
        @AttributeDefinition(name = "Input", description = "File the input device reads from.", required = false)
        String input() default "";

        /**
         * @return the device name; empty = the file name. In scan mode a prefix to each file name.
         */
        @AttributeDefinition(name = "Name", description = "Device name (default: the file name).", required = false)
        String name() default "";

        /** @return whether the host may leave out repeated status bytes on the outputs */
        @AttributeDefinition(name = "Running status", description = "Compress output with MIDI running status.")
        boolean runningStatus() default false;

        /** @return the directory scanned when no path, output or input is given */
        @AttributeDefinition(name = "Scan directory", description = "Directory scanned for device files.")
        String scanDirectory() default "/dev/snd";

        /** @return the file-name pattern (glob) of scanned devices */
        @AttributeDefinition(name = "Scan pattern", description = "File-name glob of scanned device files.")
        String scanGlob() default "midiC*D*";

        /** @return how often to look at the files again, in milliseconds */
        @AttributeDefinition(name = "Scan interval", description = "Milliseconds between looks for files "
                + "appearing or vanishing (10..3600000).", min = "10", max = "3600000")
        int scanInterval() default 1000;

        /** @return the driver id, service property {@value MidiDriver#ID}; unique per instance */
        @AttributeDefinition(name = "Driver id", description = "First half of the endpoint ids; unique per instance.")
        String midihost_driver_id() default DEFAULT_ID;

        /** @return the driver's place in the numbering, service property {@value MidiDriver#ORDER} */
        @AttributeDefinition(name = "Driver order", description = "Place in the device numbering; lower first.")
        int midihost_driver_order() default MidiDriver.DEFAULT_ORDER;
    }

    private final RawMidiMiniport miniport;
    private final Hashtable<String, Object> baseProperties;
    /*
     * Guards `registration`. Taken by the scanner's devicesChanged (held across setProperties, so
     * that two updates never pass each other) and by deactivate.
     */
    private final Object registrationLock = new Object();
    private ServiceRegistration<Miniport> registration;

    /**
     * Checks the configuration, looks at the files once, registers the {@link Miniport} service
     * and starts scanning.
     *
     * @param config the configuration
     * @param context this bundle's context, to register the service
     * @param properties the component properties, copied to the service (except private ones,
     *        whose names start with '.')
     * @throws IllegalArgumentException if the configuration is bad (the message names the value);
     *         DS then does not activate the instance
     */
    @Activate
    public RawMidiDriver(Config config, BundleContext context, Map<String, Object> properties) {
        Settings settings = Settings.of(config);
        baseProperties = new Hashtable<>();
        for (Map.Entry<String, Object> e : properties.entrySet()) {
            if (!e.getKey().startsWith(".") && !e.getKey().equals(Constants.OBJECTCLASS)) {
                baseProperties.put(e.getKey(), e.getValue());
            }
        }
        // The checked id: the configuration's value, stripped, overrides the annotation's.
        baseProperties.put(MidiDriver.ID, settings.driverId());
        miniport = new RawMidiMiniport(settings, this::devicesChanged);
        synchronized (registrationLock) {
            registration = context.registerService(Miniport.class, miniport, properties(miniport.paths()));
        }
        miniport.startScanning();
    }

    private Hashtable<String, Object> properties(List<String> paths) {
        Hashtable<String, Object> p = new Hashtable<>(baseProperties);
        p.put(DEVICES, paths.toArray(new String[0]));
        return p;
    }

    private void devicesChanged(List<String> paths) {
        synchronized (registrationLock) {
            if (registration == null) {
                return;
            }
            try {
                registration.setProperties(properties(paths));
            } catch (IllegalStateException e) {
                // Unregistered meanwhile (the bundle is stopping): nobody to tell.
            }
        }
    }

    /**
     * Stops scanning, unregisters the service (the host's unbind returns only when no call is in
     * the driver any more), then closes every stream.
     */
    @Deactivate
    void deactivate() {
        miniport.stopScanning();
        ServiceRegistration<Miniport> r;
        synchronized (registrationLock) {
            r = registration;
            registration = null;
        }
        try {
            r.unregister();
        } catch (IllegalStateException e) {
            // The framework already unregistered it (the bundle stopped first).
        }
        miniport.close();
    }
}
