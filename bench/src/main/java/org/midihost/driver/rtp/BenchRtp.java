package org.midihost.driver.rtp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.midihost.host.Host;
import org.midihost.spi.MidiDriver;
import org.osgi.util.converter.Converters;

/**
 * Benchmark-only access to the RTP-MIDI driver's package-private classes (as {@code BenchRoutes} for the
 * router): one {@link RtpDevices} added to a real {@link Host} as the component adds it (the device-set
 * listener calls {@code Host.modifiedDriver}, as DS does when the component changes its service
 * properties), configured as ConfigAdmin would through the OSGi Converter. Not part of the driver.
 */
public final class BenchRtp implements AutoCloseable {
    private final Host host;
    private final String driverId;
    private final RtpDevices devices;
    private final int port;

    private BenchRtp(Host host, String driverId, int port, String name, String[] peers) throws IOException {
        this.host = host;
        this.driverId = driverId;
        this.port = port;
        Map<String, Object> c = new HashMap<>();
        c.put("midihost.driver.id", driverId);
        c.put("port", port);
        c.put("bind", "127.0.0.1");
        c.put("name", name);
        c.put("peers", peers);
        RtpDriver.Config config = Converters.standardConverter().convert(c).to(RtpDriver.Config.class);
        RtpDevices[] self = new RtpDevices[1];
        RtpDevices d = new RtpDevices(Settings.of(config), list -> {
            synchronized (self) {
                if (self[0] != null) {
                    host.modifiedDriver(self[0], properties(list));
                }
            }
        });
        synchronized (self) {
            self[0] = d;
            host.addDriver(d, properties(d.property()));
        }
        this.devices = d;
    }

    /**
     * A driver instance on a free even port pair of 127.0.0.1, added to {@code host}.
     *
     * @param host the host it is added to
     * @param driverId its driver id
     * @param name its session name
     * @param peers {@code host:port} to invite at start (may be empty)
     * @return the instance
     * @throws IOException when no free pair could be bound
     */
    public static BenchRtp start(Host host, String driverId, String name, String... peers) throws IOException {
        IOException last = null;
        for (int attempt = 0; attempt < 20; attempt++) {
            int port = freePair();
            try {
                return new BenchRtp(host, driverId, port, name, peers);
            } catch (IOException e) {
                last = e; // taken between the probe and the bind
            }
        }
        throw last;
    }

    /** @return a free even port pair's first port on 127.0.0.1 */
    public static int freePair() throws IOException {
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        for (int attempt = 0; attempt < 100; attempt++) {
            int p = 20_000 + 2 * ThreadLocalRandom.current().nextInt(20_000);
            try (DatagramChannel a = DatagramChannel.open(); DatagramChannel b = DatagramChannel.open()) {
                a.bind(new InetSocketAddress(lo, p));
                b.bind(new InetSocketAddress(lo, p + 1));
                return p;
            } catch (IOException e) {
                // in use
            }
        }
        throw new IOException("no free port pair");
    }

    private Map<String, Object> properties(List<String> list) {
        Map<String, Object> p = new HashMap<>();
        p.put(MidiDriver.ID, driverId);
        p.put(MidiDriver.ORDER, MidiDriver.DEFAULT_ORDER);
        p.put(RtpDriver.DEVICES, list.toArray(new String[0]));
        return p;
    }

    /** @return the control port (data: + 1) */
    public int port() {
        return port;
    }

    /** Invites 127.0.0.1:{@code peerPort}. */
    public void invite(int peerPort) {
        devices.invite("127.0.0.1", peerPort);
    }

    /** The counters of the first session, or null when there is none. */
    public record Counters(boolean up, long packetsIn, long packetsOut, long journalRepairs, long losses,
            long unacknowledged, long latencyMicros) {
    }

    /** @return the first session's counters, or null */
    public Counters session() {
        List<SessionInfo> s = devices.sessions();
        List<Session> raw = devices.endpoint().sessions();
        if (s.isEmpty() || raw.isEmpty()) {
            return null;
        }
        SessionInfo i = s.get(0);
        return new Counters(i.state() == Session.State.UP, i.packetsIn(), i.packetsOut(), i.journalRepairs(),
                i.losses(), raw.get(0).unacknowledged(), i.latencyMicros());
    }

    @Override
    public void close() {
        host.removeDriver(devices);
        devices.close();
    }
}
