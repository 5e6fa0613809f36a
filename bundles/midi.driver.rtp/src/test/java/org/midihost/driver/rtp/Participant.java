package org.midihost.driver.rtp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import org.midihost.host.Host;
import org.midihost.spi.MidiDriver;
import org.midihost.testkit.Configs;

/**
 * One driver instance bound to the host as the component binds it: the device-set listener calls the
 * host's {@code modifiedDriver} as DS would when the component changes its service properties.
 */
final class Participant implements AutoCloseable {
    static final long DEADLINE_MILLIS = 10_000;

    final Host host;
    final String driverId;
    final int port;
    final RtpDevices devices;

    private Participant(Host host, String driverId, int port, Object... config) throws IOException {
        this.host = host;
        this.driverId = driverId;
        this.port = port;
        Object[] all = new Object[config.length + 4];
        all[0] = "midihost.driver.id";
        all[1] = driverId;
        all[2] = "port";
        all[3] = port;
        System.arraycopy(config, 0, all, 4, config.length);
        RtpDevices[] self = new RtpDevices[1];
        // the endpoint announces nothing before it has a session, and no peer is configured here
        // before the driver is added, so `self` is set before the first change
        devices = new RtpDevices(Settings.of(Configs.of(RtpDriver.Config.class, all)),
                list -> host.modifiedDriver(self[0], properties(list)));
        self[0] = devices;
        host.addDriver(devices, properties(devices.property()));
    }

    /** A driver on a free pair of ports at {@code bind}, added to {@code host}. */
    static Participant start(Host host, String driverId, String bind, Object... config) throws IOException {
        IOException last = null;
        for (int attempt = 0; attempt < 20; attempt++) {
            int port = freePair(InetAddress.getByName(bind));
            try {
                Object[] all = new Object[config.length + 2];
                all[0] = "bind";
                all[1] = bind;
                System.arraycopy(config, 0, all, 2, config.length);
                return new Participant(host, driverId, port, all);
            } catch (IOException e) {
                last = e; // taken between the probe and the bind: another pair
            }
        }
        throw last;
    }

    static int freePair(InetAddress bind) throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = 20_000 + 2 * ThreadLocalRandom.current().nextInt(20_000);
            try (DatagramChannel a = DatagramChannel.open(); DatagramChannel b = DatagramChannel.open()) {
                a.bind(new InetSocketAddress(bind, port));
                b.bind(new InetSocketAddress(bind, port + 1));
                return port;
            } catch (IOException e) {
                // in use: try another
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

    SessionInfo session() {
        List<SessionInfo> s = devices.sessions();
        return s.isEmpty() ? null : s.get(0);
    }

    /** Polls {@code condition} until it holds or the deadline passes. */
    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + DEADLINE_MILLIS * 1_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not before the deadline: " + what);
            }
            LockSupport.parkNanos(1_000_000); // a poll interval, not a synchronisation
        }
    }

    @Override
    public void close() {
        host.removeDriver(devices);
        devices.close();
    }
}
