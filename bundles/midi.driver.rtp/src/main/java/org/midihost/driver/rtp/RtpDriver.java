package org.midihost.driver.rtp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

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

/**
 * RTP-MIDI network sessions (RFC 6295, AppleMIDI) as midihost devices: each participant of an
 * established session is an output and an input, endpoint id {@code rtp/<slug of its name>}, listed
 * while the session is up.
 *
 * <p>Configuration: factory PID {@value #PID}, one instance per configuration (each with its own
 * driver id and port); required, because an instance binds UDP ports. Why the component registers
 * its service itself: as the javasound driver, so that it can change its service property
 * ({@value #DEVICES}) when sessions come and go, which makes the host list the devices again.
 *
 * <p>It also registers its sessions as a service of the internal interface {@link RtpSessions}
 * (service property {@code midihost.driver.id}), for the shell commands of this same bundle
 * ({@link SessionCommands}): the interface is in a private package, so only this bundle can use
 * the service, and no API is exported for it.
 */
@Component(service = {}, immediate = true, configurationPid = RtpDriver.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = RtpDriver.Config.class, factory = true)
@MidiDriverProperties(id = RtpDriver.DEFAULT_ID)
public final class RtpDriver {
    /** The factory PID. */
    public static final String PID = "org.midihost.driver.rtp";
    /** The driver id of an instance whose configuration gives none. */
    public static final String DEFAULT_ID = "rtp";
    /** Service property: the device pairs present now (String[], {@code "rtp <id>"}). */
    public static final String DEVICES = "midihost.rtp.devices";

    /** The configuration of one RTP-MIDI driver instance (metatype). */
    @ObjectClassDefinition(id = RtpDriver.PID, name = "midihost RTP-MIDI driver",
            description = "RTP-MIDI (AppleMIDI) network sessions as midihost devices.")
    public @interface Config {
        /** @return our session name */
        @AttributeDefinition(name = "Session name", description = "The name we give in invitations and answers.")
        String name() default "midihost";

        /** @return the control port; the data port is one above */
        @AttributeDefinition(name = "Port", description = "UDP control port; the data port is port + 1.",
                min = "1", max = "65534")
        int port() default 5004;

        /** @return the local address to bind */
        @AttributeDefinition(name = "Bind address", description = "Local address of both sockets. On a "
                + "non-loopback address only the hosts in 'accept' may invite us.")
        String bind() default "127.0.0.1";

        /** @return participants to invite, host:port (their control port) */
        @AttributeDefinition(name = "Peers", required = false, description = "host:port of participants to "
                + "invite at start (their control port).")
        String[] peers() default {};

        /** @return hosts whose invitations are accepted when not bound to loopback */
        @AttributeDefinition(name = "Accept", required = false, description = "Hosts allowed to invite us when "
                + "the bind address is not a loopback address.")
        String[] accept() default {};

        /** @return milliseconds of silence after which a session ends */
        @AttributeDefinition(name = "Timeout", description = "Milliseconds without a packet after which a "
                + "session ends.", min = "100")
        long timeout() default 30_000;

        /** @return whether our session is announced over mDNS/DNS-SD */
        @AttributeDefinition(name = "Announce", description = "Announce our session name on our control port over "
                + "mDNS/DNS-SD (_apple-midi._udp, Bonjour), on the interface of the bind address (bound to a "
                + "loopback address: on the loopback interface only, which other machines do not see).")
        boolean announce() default false;

        /** @return glob patterns of session names to invite when discovered */
        @AttributeDefinition(name = "Discover", required = false, description = "Glob patterns (* any run of "
                + "characters, ? one; case ignored) of session names to invite when they are discovered over "
                + "mDNS/DNS-SD (_apple-midi._udp) on the interface of the bind address; * invites every one. "
                + "Empty: nothing is browsed. Invitations from them still need 'accept'.")
        String[] discover() default {};

        /** @return the driver id, service property {@value MidiDriver#ID}; unique per instance */
        @AttributeDefinition(name = "Driver id", description = "First half of the endpoint ids; unique per instance.")
        String midihost_driver_id() default DEFAULT_ID;

        /** @return the driver's place in the numbering, service property {@value MidiDriver#ORDER} */
        @AttributeDefinition(name = "Driver order", description = "Place in the device numbering; lower first.")
        int midihost_driver_order() default MidiDriver.DEFAULT_ORDER;
    }

    private final RtpDevices devices;
    private final Hashtable<String, Object> baseProperties;
    /*
     * Guards `registration`. Taken by devicesChanged on the endpoint thread (held across
     * setProperties so that two updates never pass each other; no host call into the driver takes
     * it) and by deactivate.
     */
    private final Object registrationLock = new Object();
    private ServiceRegistration<MidiDriver> registration;
    /** The {@link RtpSessions} service for {@link SessionCommands} (same bundle; internal class). */
    private final ServiceRegistration<RtpSessions> sessionsRegistration;

    /**
     * Binds the ports, starts the endpoint (which invites the configured peers) and registers the
     * {@link MidiDriver} service with no device.
     *
     * @throws IllegalArgumentException for a bad configuration (the message names the property)
     * @throws UncheckedIOException when the ports cannot be bound
     */
    @Activate
    public RtpDriver(Config config, BundleContext context, Map<String, Object> properties) {
        Settings settings = Settings.of(config);
        baseProperties = new Hashtable<>();
        for (Map.Entry<String, Object> e : properties.entrySet()) {
            if (!e.getKey().startsWith(".") && !e.getKey().equals(Constants.OBJECTCLASS)) {
                baseProperties.put(e.getKey(), e.getValue());
            }
        }
        baseProperties.put(MidiDriver.ID, settings.driverId());
        try {
            devices = new RtpDevices(settings, this::devicesChanged);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        synchronized (registrationLock) {
            registration = context.registerService(MidiDriver.class, devices, properties(devices.property()));
        }
        Hashtable<String, Object> p = new Hashtable<>();
        p.put(MidiDriver.ID, settings.driverId());
        sessionsRegistration = context.registerService(RtpSessions.class, devices, p);
    }

    /** The sessions, for the shell (internal). */
    RtpSessions sessions() {
        return devices;
    }

    private Hashtable<String, Object> properties(List<String> list) {
        Hashtable<String, Object> p = new Hashtable<>(baseProperties);
        p.put(DEVICES, list.toArray(new String[0]));
        return p;
    }

    private void devicesChanged(List<String> list) {
        synchronized (registrationLock) {
            if (registration == null) {
                return;
            }
            try {
                registration.setProperties(properties(list));
            } catch (IllegalStateException e) {
                // unregistered meanwhile (the bundle is stopping)
            }
        }
    }

    /** Unregisters the services (the host's unbind closes every handle), then ends the sessions (BY). */
    @Deactivate
    void deactivate() {
        try {
            sessionsRegistration.unregister();
        } catch (IllegalStateException e) {
            // the framework already unregistered it
        }
        ServiceRegistration<MidiDriver> r;
        synchronized (registrationLock) {
            r = registration;
            registration = null;
        }
        try {
            r.unregister();
        } catch (IllegalStateException e) {
            // the framework already unregistered it
        }
        devices.close();
    }
}
