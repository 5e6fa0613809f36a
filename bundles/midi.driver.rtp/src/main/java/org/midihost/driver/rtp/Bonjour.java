package org.midihost.driver.rtp;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import javax.jmdns.JmDNS;
import javax.jmdns.ServiceEvent;
import javax.jmdns.ServiceInfo;
import javax.jmdns.ServiceListener;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * mDNS / DNS-SD (Bonjour) for one driver instance, with jmDNS: announces our session
 * ({@code _apple-midi._udp}, our session name, our control port) when {@code announce} is set, and
 * browses for others when {@code discover} has patterns, inviting those whose names match. Both on
 * the interface of the bind address (the loopback interface when bound to a loopback address; the
 * first multicast interface when bound to the wildcard address).
 *
 * <p>jmDNS starts on a thread of its own ({@code midihost-rtp-ID-mdns}): it probes and announces,
 * which takes seconds, and activation does not wait for it. {@link #close} stops it and waits for
 * that thread; jmDNS's own threads end with its {@code close()}.
 */
final class Bonjour implements AutoCloseable {

    /** The DNS-SD service type of AppleMIDI sessions. */
    static final String TYPE = "_apple-midi._udp.local.";
    private static final Logger LOG = LoggerFactory.getLogger(Bonjour.class);
    /** How long {@link #close} waits for the start thread after closing jmDNS. */
    private static final long JOIN_MILLIS = 10_000;

    /**
     * A session found on the network.
     *
     * @param name its DNS-SD instance name (the session name it announces)
     * @param address its control address
     * @param invited whether we invited it (its name matched {@code discover})
     */
    record Discovered(String name, InetSocketAddress address, boolean invited) {
    }

    private final Settings settings;
    private final int controlPort;
    private final Consumer<InetSocketAddress> inviter;
    private final Thread starter;
    /** Resolved services by instance name; written on jmDNS's threads. */
    private final Map<String, Discovered> discovered = new ConcurrentHashMap<>();
    private volatile String announcedAs;
    private volatile InetAddress on;

    /* Guards `jmdns` and `closed`: the start thread publishes the instance, close takes it. No jmDNS call under it. */
    private final Object lock = new Object();
    private JmDNS jmdns;
    private boolean closed;

    /**
     * Starts jmDNS in the background; returns at once.
     *
     * @param controlPort our control port (announced)
     * @param inviter invites a discovered participant (its control address); called on jmDNS's threads
     */
    Bonjour(Settings settings, int controlPort, Consumer<InetSocketAddress> inviter) {
        this.settings = settings;
        this.controlPort = controlPort;
        this.inviter = inviter;
        this.starter = new Thread(this::start, "midihost-rtp-" + settings.driverId() + "-mdns");
        starter.setDaemon(true);
        starter.start();
    }

    /** @return the name we are announced under (jmDNS may add " (2)" on a conflict), {@code null} when not (yet) */
    String announcedAs() {
        return announcedAs;
    }

    /** @return the address mDNS runs on, {@code null} before it started or when it could not */
    InetAddress on() {
        return on;
    }

    /** @return the sessions discovered and resolved now (not ourselves), by name */
    List<Discovered> discovered() {
        List<Discovered> list = new ArrayList<>(discovered.values());
        list.sort((a, b) -> a.name().compareToIgnoreCase(b.name()));
        return Collections.unmodifiableList(list);
    }

    private void start() {
        InetAddress address = address();
        if (address == null) {
            return;
        }
        JmDNS created;
        try {
            created = JmDNS.create(address, hostName(address));
        } catch (IOException e) {
            LOG.warn("rtp {}: mDNS does not start on {}: {}; not announcing or discovering", settings.driverId(),
                    address.getHostAddress(), e.toString());
            return;
        }
        boolean kept;
        synchronized (lock) {
            kept = !closed;
            if (kept) {
                jmdns = created;
            }
        }
        if (!kept) {
            closeQuietly(created); // closed while it started
            return;
        }
        on = address;
        try {
            if (!settings.discover().isEmpty()) {
                created.addServiceListener(TYPE, new Listener(created));
            }
            if (settings.announce()) {
                ServiceInfo info = ServiceInfo.create(TYPE, settings.name(), controlPort, "");
                created.registerService(info);
                announcedAs = info.getName();
                LOG.info("rtp {}: announced \"{}\" ({}) on {}:{}", settings.driverId(), info.getName(), TYPE,
                        address.getHostAddress(), controlPort);
            }
        } catch (IOException | RuntimeException e) {
            if (jmdns(created) != null) {
                LOG.warn("rtp {}: mDNS on {}: {}", settings.driverId(), address.getHostAddress(), e.toString());
            } // else closed meanwhile: nothing to say
        }
    }

    /** @return {@code created} while it is the running instance, else {@code null} */
    private JmDNS jmdns(JmDNS created) {
        synchronized (lock) {
            return jmdns == created && !closed ? created : null;
        }
    }

    /** The address to run mDNS on, with one log line saying which and why; {@code null} when there is none. */
    private InetAddress address() {
        InetAddress bind = settings.bind();
        String what = (settings.announce() ? "announcing \"" + settings.name() + "\"" : "")
                + (settings.announce() && !settings.discover().isEmpty() ? " and " : "")
                + (settings.discover().isEmpty() ? "" : "discovering " + settings.discover());
        if (bind.isLoopbackAddress()) {
            LOG.info("rtp {}: bind is {}, so mDNS runs on the loopback interface only ({}): programs on this machine "
                    + "see it; other machines neither see it nor could reach {}:{}. Set bind to an interface address "
                    + "(and accept) to announce and discover on the network", settings.driverId(),
                    bind.getHostAddress(), what, bind.getHostAddress(), controlPort);
            return bind;
        }
        if (bind.isAnyLocalAddress()) {
            InetAddress first = firstMulticastAddress();
            if (first == null) {
                LOG.warn("rtp {}: bind is {} and no network interface does multicast; not {}", settings.driverId(),
                        bind.getHostAddress(), what);
            } else {
                LOG.info("rtp {}: bind is {}: mDNS runs on {}, the first interface that does multicast ({})",
                        settings.driverId(), bind.getHostAddress(), first.getHostAddress(), what);
            }
            return first;
        }
        LOG.info("rtp {}: mDNS on {} ({})", settings.driverId(), bind.getHostAddress(), what);
        return bind;
    }

    /** @return the first IPv4 address of an interface that is up, not loopback, and does multicast; {@code null} when none */
    static InetAddress firstMulticastAddress() {
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (ni.isUp() && !ni.isLoopback() && ni.supportsMulticast()) {
                    for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                        if (a instanceof Inet4Address) {
                            return a;
                        }
                    }
                }
            }
        } catch (SocketException e) {
            LOG.warn("rtp: cannot list the network interfaces: {}", e.toString());
        }
        return null;
    }

    /** The host name jmDNS announces ({@code NAME.local.}): the machine's, else one made from the session name. */
    private String hostName(InetAddress address) {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "";
        }
        if (host.isBlank() || host.equals("localhost") || address.isLoopbackAddress()) {
            host = "midihost-" + RtpDevices.slug(settings.name());
        }
        int dot = host.indexOf('.');
        return dot > 0 ? host.substring(0, dot) : host;
    }

    /** Whether a resolved service is this instance itself (our port on one of our addresses). */
    private boolean self(InetSocketAddress a) {
        if (a.getPort() != controlPort) {
            return false;
        }
        InetAddress ip = a.getAddress();
        if (ip.equals(on) || ip.equals(settings.bind()) || ip.isLoopbackAddress()) {
            return true;
        }
        try {
            return NetworkInterface.getByInetAddress(ip) != null;
        } catch (SocketException e) {
            return false;
        }
    }

    /** The address to invite a resolved service at: IPv4, loopback only when we are bound to loopback. */
    private InetSocketAddress target(ServiceInfo info) {
        for (Inet4Address a : info.getInet4Addresses()) {
            if (a.isLoopbackAddress() == settings.bind().isLoopbackAddress()) {
                return new InetSocketAddress(a, info.getPort());
            }
        }
        return null;
    }

    /** jmDNS's callbacks, on its threads; no lock of ours is held while they run or while they call us. */
    private final class Listener implements ServiceListener {
        private final JmDNS owner;

        Listener(JmDNS owner) {
            this.owner = owner;
        }

        @Override
        public void serviceAdded(ServiceEvent event) {
            if (jmdns(owner) != null) {
                // waits 1 ms at most (this is JmDNS's thread); serviceResolved follows when it resolves
                owner.requestServiceInfo(event.getType(), event.getName(), 1);
            }
        }

        @Override
        public void serviceRemoved(ServiceEvent event) {
            if (discovered.remove(event.getName()) != null) {
                LOG.info("rtp {}: \"{}\" is no longer announced", settings.driverId(), event.getName());
            }
        }

        @Override
        public void serviceResolved(ServiceEvent event) {
            ServiceInfo info = event.getInfo();
            InetSocketAddress a = info == null ? null : target(info);
            if (a == null || self(a) || a.getPort() < 1 || a.getPort() > 65534 || jmdns(owner) == null) {
                return;
            }
            String name = info.getName();
            boolean invite = settings.discovers(name);
            Discovered before = discovered.put(name, new Discovered(name, a, invite));
            if (before == null || !before.address().equals(a)) {
                LOG.info("rtp {}: discovered \"{}\" at {}{}", settings.driverId(), name, a,
                        invite ? "; inviting it" : " (not in 'discover')");
            }
            if (invite) {
                inviter.accept(a); // no-op when a session with it is already inviting or up
            }
        }
    }

    /**
     * Stops announcing (goodbye packets) and browsing; jmDNS's threads and ours end before it returns.
     * Takes about 2 s when jmDNS runs: its {@code close()} waits for its goodbyes to go out.
     */
    @Override
    public void close() {
        JmDNS running;
        synchronized (lock) {
            closed = true;
            running = jmdns;
            jmdns = null;
        }
        if (running != null) {
            closeQuietly(running);
        }
        try {
            starter.join(JOIN_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (starter.isAlive()) {
            LOG.warn("rtp {}: the mDNS start thread did not end within {} ms", settings.driverId(), JOIN_MILLIS);
        }
        discovered.clear();
        announcedAs = null;
    }

    private void closeQuietly(JmDNS j) {
        try {
            j.close(); // sends the goodbyes (unregisters) itself and waits for them: about 2 s
        } catch (IOException | RuntimeException e) {
            LOG.warn("rtp {}: closing mDNS: {}", settings.driverId(), e.toString());
        }
    }
}
