package org.midihost.driver.rtp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.midihost.api.MidiException;
import org.midihost.api.MmResult;
import org.midihost.spi.InClient;
import org.midihost.spi.InDevice;
import org.midihost.spi.InInstance;
import org.midihost.spi.MidiDriver;
import org.midihost.spi.OutClient;
import org.midihost.spi.OutDevice;
import org.midihost.spi.OutInstance;

/**
 * The driver as the host sees it: every session that is up is an output and an input device, id
 * the slug of the participant's name (its address and port when it gave none), {@code #2}, … for a
 * second session of the same name. Devices appear when a session comes up and go when it ends; the
 * change listener (the component's service properties) tells the host. Also the shell's
 * {@link RtpSessions}.
 */
final class RtpDevices implements MidiDriver, RtpSessions, SessionEndpoint.Listener, AutoCloseable {

    /** One device pair, as listed. */
    private record Entry(String id, Session session) {
    }

    private final Settings settings;
    private final Consumer<List<String>> changed;
    private final SessionEndpoint endpoint;
    /** mDNS/DNS-SD, when {@code announce} or {@code discover} is configured; else {@code null}. */
    private final Bonjour bonjour;
    /*
     * Guards building the next `table` (id choice) and calling `changed` in order. Taken only on the
     * endpoint thread (up, down) and never by a host call into the driver (those read the volatile
     * snapshot), so holding it across `changed` (which makes the host relist, and close handles, on
     * this thread) adds no cycle.
     */
    private final Object tableLock = new Object();
    private volatile List<Entry> table = List.of();

    /**
     * Binds the sockets and starts the endpoint.
     *
     * @param changed called with the new device list (the service property) whenever it changes
     * @throws IOException when the ports cannot be bound
     */
    RtpDevices(Settings settings, Consumer<List<String>> changed) throws IOException {
        this.settings = settings;
        this.changed = changed;
        this.endpoint = new SessionEndpoint(settings, this);
        this.bonjour = settings.bonjour() ? new Bonjour(settings, endpoint.controlPort(), endpoint::invite) : null;
    }

    SessionEndpoint endpoint() {
        return endpoint;
    }

    /** @return {@code "rtp <id>"} per device pair: changes exactly when the device set does */
    List<String> property() {
        List<String> p = new ArrayList<>();
        for (Entry e : table) {
            p.add("rtp " + e.id());
        }
        return p;
    }

    // ---- SessionEndpoint.Listener (endpoint thread)

    @Override
    public void up(Session session) {
        synchronized (tableLock) {
            String slug = slug(session.label());
            String id = slug;
            for (int n = 2; taken(id); n++) {
                id = slug + "#" + n;
            }
            session.deviceId = id;
            List<Entry> next = new ArrayList<>(table);
            next.add(new Entry(id, session));
            next.sort((a, b) -> a.id().compareTo(b.id()));
            table = List.copyOf(next);
            changed.accept(property());
        }
    }

    private boolean taken(String id) {
        for (Entry e : table) {
            if (e.id().equals(id)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void down(Session session) {
        synchronized (tableLock) {
            List<Entry> next = new ArrayList<>(table);
            next.removeIf(e -> e.session() == session);
            table = List.copyOf(next);
            changed.accept(property());
        }
        for (SessionInput in : session.inputs) {
            in.close(); // the host closes them too (CLOSE); this covers a host that is gone
        }
    }

    @Override
    public void message(Session session, int message, long nanos) {
        for (SessionInput in : session.inputs) {
            in.message(message, nanos);
        }
    }

    @Override
    public void sysex(Session session, byte[] b, int off, int len, long nanos) {
        for (SessionInput in : session.inputs) {
            in.sysex(b, off, len, nanos);
        }
    }

    // ---- MidiDriver (host threads; the snapshot only)

    @Override
    public List<OutDevice> outDevices() {
        List<OutDevice> out = new ArrayList<>();
        for (Entry e : table) {
            out.add(OutDevice.port(e.id(), "RTP " + e.session().label()).withMultiClient(true));
        }
        return out;
    }

    @Override
    public List<InDevice> inDevices() {
        List<InDevice> in = new ArrayList<>();
        for (Entry e : table) {
            in.add(InDevice.port(e.id(), "RTP " + e.session().label()).withMultiClient(true));
        }
        return in;
    }

    @Override
    public OutInstance openOut(String deviceId, OutClient client) throws MidiException {
        return new SessionOutput(session(deviceId), client);
    }

    @Override
    public InInstance openIn(String deviceId, InClient client) throws MidiException {
        Session s = session(deviceId);
        SessionInput in = new SessionInput(s, client);
        s.inputs.add(in);
        if (s.state != Session.State.UP) { // ended between the look-up and now
            s.inputs.remove(in);
            throw new MidiException(MmResult.MMSYSERR_BADDEVICEID, "rtp session '" + deviceId + "' has ended");
        }
        return in;
    }

    private Session session(String deviceId) throws MidiException {
        for (Entry e : table) {
            if (e.id().equals(deviceId)) {
                return e.session();
            }
        }
        throw new MidiException(MmResult.MMSYSERR_BADDEVICEID, "no rtp session '" + deviceId + "'");
    }

    // ---- RtpSessions

    @Override
    public List<SessionInfo> sessions() {
        List<SessionInfo> out = new ArrayList<>();
        for (Session s : endpoint.sessions()) {
            out.add(s.info());
        }
        return out;
    }

    @Override
    public String driverId() {
        return settings.driverId();
    }

    @Override
    public InetSocketAddress local() {
        return new InetSocketAddress(settings.bind(), settings.port());
    }

    @Override
    public long malformed() {
        return endpoint.malformed();
    }

    @Override
    public long unexpected() {
        return endpoint.unexpected();
    }

    @Override
    public long refused() {
        return endpoint.refused();
    }

    @Override
    public List<Bonjour.Discovered> discovered() {
        return bonjour == null ? List.of() : bonjour.discovered();
    }

    @Override
    public List<String> discoverPatterns() {
        return settings.discover();
    }

    @Override
    public String announcedAs() {
        return bonjour == null ? null : bonjour.announcedAs();
    }

    @Override
    public void invite(String host, int port) {
        if (port < 1 || port > 65534) {
            throw new IllegalArgumentException("port " + port + ": must be 1..65534");
        }
        try {
            endpoint.invite(new InetSocketAddress(InetAddress.getByName(host), port));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown host '" + host + "'");
        }
    }

    @Override
    public boolean end(String name) {
        return endpoint.end(name);
    }

    /** Stops mDNS (goodbye, its threads end), then sends BY to every participant, closes the sockets and stops the thread. */
    @Override
    public void close() {
        if (bonjour != null) {
            bonjour.close();
        }
        endpoint.close();
    }

    /** Lower-case ASCII letters and digits, every other run of characters one '-'. */
    static String slug(String text) {
        String plain = Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
        StringBuilder slug = new StringBuilder();
        boolean dash = false;
        for (int i = 0; i < plain.length() && slug.length() < 64; i++) {
            char ch = Character.toLowerCase(plain.charAt(i));
            if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) {
                if (dash && slug.length() > 0) {
                    slug.append('-');
                }
                slug.append(ch);
                dash = false;
            } else {
                dash = true;
            }
        }
        return slug.length() == 0 ? "session-" + Integer.toHexString(text.hashCode()) : slug.toString();
    }
}
