package org.midihost.driver.rtp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.midihost.driver.rtp.wire.AppleMidiPacket;
import org.midihost.driver.rtp.wire.AppleMidiPacket.Command;
import org.midihost.driver.rtp.wire.RtpMidiReceiver;
import org.midihost.driver.rtp.wire.WireException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The network side of one driver instance: the control socket (port P) and the data socket (P + 1)
 * on the configured address, and one daemon thread that reads both through a selector, parses
 * every datagram with the codec and runs the AppleMIDI session state machine of every participant
 * (both roles): invitation with retries, acceptance by configuration, clock sync (CK 0/1/2, the
 * initiator starts it when the session comes up and every {@link #clockInterval} after), RS
 * feedback every second, BY, and the end of a silent session after the configured timeout. A
 * malformed or unexpected datagram is counted and dropped; the receive buffer is one, fixed.
 *
 * <p>All session state changes run on that thread: {@link #invite} and {@link #end} post a task to
 * it. The {@link Listener} is called on it, with no lock held.
 */
final class SessionEndpoint implements AutoCloseable {

    /** What the endpoint tells its owner, on the endpoint thread, no lock held. */
    interface Listener {
        /** A session is up: list its devices. */
        void up(Session session);

        /** A session that was up has ended (its notes already released): its devices go. */
        void down(Session session);

        /** A short message from a session's participant, time-stamped on {@link System#nanoTime()}. */
        void message(Session session, int message, long nanos);

        /** A whole system-exclusive message; read {@code b} during the call only. */
        void sysex(Session session, byte[] b, int off, int len, long nanos);
    }

    /** Invitations sent before giving up. */
    static final int INVITE_TRIES = 4;
    static final long INVITE_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(1000);
    static final long FEEDBACK_NANOS = TimeUnit.MILLISECONDS.toNanos(1000);
    /** The most sessions (in any state) at once: an invitation past it gets NO, so that a flood of INs cannot allocate without bound. */
    static final int MAX_SESSIONS = 32;
    /** How many refused addresses are remembered, so that each is logged once. */
    static final int REFUSALS_LOGGED = 64;
    private static final long TICK_NANOS = 100_000; // the CK and RTP clock: 100 µs
    private static final Logger LOG = LoggerFactory.getLogger(SessionEndpoint.class);

    private final Settings settings;
    private final Listener listener;
    private final int ssrc = ThreadLocalRandom.current().nextInt();
    private final long startNanos = System.nanoTime();
    private final long clockInterval;
    private final DatagramChannel control;
    private final DatagramChannel data;
    private final Selector selector;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private volatile boolean running = true;

    // ---- endpoint thread only
    private final ByteBuffer in = ByteBuffer.allocate(RtpMidiReceiver.MAX_DATAGRAM);
    private final ByteBuffer out = ByteBuffer.allocate(AppleMidiPacket.MAX_PACKET_BYTES);
    private final AppleMidiPacket parsed = new AppleMidiPacket();
    private final AppleMidiPacket reply = new AppleMidiPacket();
    private final List<Session> sessions = new ArrayList<>();
    private final Set<InetAddress> refusedLogged = new HashSet<>();
    private boolean full; // whether the refusal for MAX_SESSIONS has been logged since the last room
    /** A copy of {@link #sessions} for other threads, published after each change. */
    private volatile List<Session> published = List.of();

    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong unexpected = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong crossings = new AtomicLong();

    /**
     * Binds both sockets and starts the thread; invites the configured peers.
     *
     * @throws IOException when a port cannot be bound (the message names it)
     */
    SessionEndpoint(Settings settings, Listener listener) throws IOException {
        this.settings = settings;
        this.listener = listener;
        this.clockInterval = Math.min(TimeUnit.SECONDS.toNanos(10), TimeUnit.MILLISECONDS.toNanos(settings.timeoutMillis()) / 3);
        DatagramChannel c = null;
        DatagramChannel d = null;
        Selector s = null;
        try {
            c = bind(settings.port());
            d = bind(settings.port() + 1);
            s = Selector.open();
            c.register(s, SelectionKey.OP_READ, Boolean.TRUE);
            d.register(s, SelectionKey.OP_READ, Boolean.FALSE);
        } catch (IOException | RuntimeException e) {
            closeQuietly(c);
            closeQuietly(d);
            if (s != null) {
                s.close();
            }
            throw e;
        }
        control = c;
        data = d;
        selector = s;
        for (InetSocketAddress peer : settings.peers()) {
            tasks.add(() -> startInvite(peer));
        }
        thread = new Thread(this::run, "midihost-rtp-" + settings.driverId());
        thread.setDaemon(true);
        thread.start();
    }

    /** The receive buffer asked for on both ports (bytes); the kernel may give less. */
    static final int RECEIVE_BUFFER = 4 << 20;

    private DatagramChannel bind(int port) throws IOException {
        DatagramChannel ch = DatagramChannel.open();
        try {
            // A burst arrives faster than the selector thread takes it: ask for a receive buffer of
            // RECEIVE_BUFFER bytes (the kernel caps it at net.core.rmem_max) rather than its default.
            ch.setOption(java.net.StandardSocketOptions.SO_RCVBUF, RECEIVE_BUFFER);
            ch.bind(new InetSocketAddress(settings.bind(), port));
            ch.configureBlocking(false);
            return ch;
        } catch (IOException e) {
            ch.close();
            throw new IOException("rtp " + settings.driverId() + ": cannot bind " + settings.bind().getHostAddress()
                    + ":" + port + ": " + e.getMessage(), e);
        }
    }

    int ssrc() {
        return ssrc;
    }

    /** Our clock in 100 µs units (the CK timestamps and the RTP timestamps). */
    long ticks() {
        return (System.nanoTime() - startNanos) / TICK_NANOS;
    }

    DatagramChannel dataChannel() {
        return data;
    }

    /** The local control port (useful when tests bind ephemeral ones). */
    int controlPort() {
        return ((InetSocketAddress) localAddress(control)).getPort();
    }

    private static SocketAddress localAddress(DatagramChannel ch) {
        try {
            return ch.getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    List<Session> sessions() {
        return published;
    }

    /** Datagrams that did not parse. */
    long malformed() {
        return malformed.get();
    }

    /** Datagrams that parsed but belong to no session or came at the wrong time or from the wrong place. */
    long unexpected() {
        return unexpected.get();
    }

    /** Invitations answered with NO. */
    long refused() {
        return refused.get();
    }

    void invite(InetSocketAddress peer) {
        post(() -> startInvite(peer));
    }

    /** Ends the session with that device id or participant name; BY is sent. */
    boolean end(String name) {
        for (Session s : published) {
            if (name.equals(s.deviceId) || name.equals(s.peerName)) {
                post(() -> end(s, "ended here", true));
                return true;
            }
        }
        return false;
    }

    private void post(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    // ---- the endpoint thread

    private void run() {
        while (running) {
            try {
                selector.select(50);
                if (!running) {
                    break;
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    if (key.isValid() && key.isReadable()) {
                        drain((DatagramChannel) key.channel(), (Boolean) key.attachment());
                    }
                }
                selector.selectedKeys().clear();
                Runnable task;
                while ((task = tasks.poll()) != null) {
                    task.run();
                }
                tick(System.nanoTime());
            } catch (IOException e) {
                if (running) {
                    LOG.warn("rtp {}: socket error: {}", settings.driverId(), e.toString());
                }
            } catch (RuntimeException e) {
                // A bug must not end the thread: every session would go silent.
                LOG.error("rtp {}: unexpected", settings.driverId(), e);
            }
        }
        for (Session s : new ArrayList<>(sessions)) {
            end(s, "driver closing", true);
        }
    }

    private void drain(DatagramChannel ch, boolean isControl) throws IOException {
        for (int i = 0; i < 256; i++) { // bounded, so that a flood on one port cannot starve the other and the timers
            in.clear();
            SocketAddress from = ch.receive(in);
            if (from == null) {
                return;
            }
            in.flip();
            datagram((InetSocketAddress) from, isControl);
        }
    }

    private void datagram(InetSocketAddress from, boolean isControl) throws IOException {
        byte[] b = in.array();
        int len = in.limit();
        if (AppleMidiPacket.isAppleMidi(b, 0, len)) {
            try {
                parsed.parse(b, 0, len);
            } catch (WireException e) {
                malformed.incrementAndGet();
                return;
            }
            apple(from, isControl);
        } else if (!isControl && len >= 12) {
            rtp(from, b, len);
        } else {
            malformed.incrementAndGet();
        }
    }

    private void rtp(InetSocketAddress from, byte[] b, int len) {
        int packetSsrc = (b[8] & 0xFF) << 24 | (b[9] & 0xFF) << 16 | (b[10] & 0xFF) << 8 | (b[11] & 0xFF);
        Session s = find(packetSsrc);
        if (s == null || s.state != Session.State.UP || !from.equals(s.peerData)) {
            unexpected.incrementAndGet();
            return;
        }
        try {
            s.receiver.receive(b, 0, len);
            s.packetsIn.incrementAndGet();
            s.lastHeardNanos = System.nanoTime();
        } catch (WireException e) {
            malformed.incrementAndGet();
        }
    }

    private void apple(InetSocketAddress from, boolean isControl) throws IOException {
        switch (parsed.command()) {
            case IN -> invitation(from, isControl);
            case OK, NO -> answer(from, isControl);
            case BY -> {
                Session s = find(parsed.ssrc());
                if (s == null || !(from.equals(s.peerControl) || from.equals(s.peerData))) {
                    unexpected.incrementAndGet(); // the same SSRC from another socket is somebody else
                } else {
                    end(s, "BY from the participant", false);
                }
            }
            case CK -> clock(from);
            case RS -> {
                Session s = find(parsed.ssrc());
                if (s == null || s.state != Session.State.UP || !(from.equals(s.peerControl) || from.equals(s.peerData))) {
                    unexpected.incrementAndGet();
                } else {
                    s.acknowledged(parsed.sequence());
                    s.lastHeardNanos = System.nanoTime();
                }
            }
        }
    }

    private void invitation(InetSocketAddress from, boolean isControl) throws IOException {
        int theirSsrc = parsed.ssrc();
        int theirToken = parsed.token();
        if (!settings.accepts(from.getAddress())) {
            refused.incrementAndGet();
            send(isControl ? control : data, from, reply.session(Command.NO, theirToken, ssrc, settings.name()));
            if (refusedLogged.size() < REFUSALS_LOGGED && refusedLogged.add(from.getAddress())) {
                LOG.warn("rtp {}: refused the invitation of {} ({}): not in 'accept'", settings.driverId(),
                        from, parsed.name());
            }
            return;
        }
        Session s = find(theirSsrc);
        if (isControl && s == null && sessions.size() >= MAX_SESSIONS) {
            refused.incrementAndGet();
            send(control, from, reply.session(Command.NO, theirToken, ssrc, settings.name()));
            if (!full) {
                full = true;
                LOG.warn("rtp {}: {} sessions already; refusing further invitations (first: {})", settings.driverId(),
                        MAX_SESSIONS, from);
            }
            return;
        }
        full = false;
        if (isControl && s == null && crossed(from, theirSsrc)) {
            return; // our invitation stands; theirs is left unanswered (they withdraw it when ours arrives)
        }
        if (isControl) {
            if (s == null) {
                s = new Session(this, false, theirToken, from, Session.State.AWAITING_DATA, random16());
                s.remoteSsrc = theirSsrc;
                s.peerName = parsed.name();
                s.nextActionNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settings.timeoutMillis());
                sessions.add(s);
                publish();
            } else if (!from.equals(s.peerControl)) {
                unexpected.incrementAndGet();
                return;
            }
            // also a repeated IN (our OK was lost): answer again
            send(control, from, reply.session(Command.OK, theirToken, ssrc, settings.name()));
        } else {
            if (s == null || s.initiator || !from.getAddress().equals(s.peerControl.getAddress())) {
                unexpected.incrementAndGet();
                return;
            }
            send(data, from, reply.session(Command.OK, theirToken, ssrc, settings.name()));
            if (s.state == Session.State.AWAITING_DATA) {
                s.peerData = from;
                up(s);
            }
        }
    }

    /**
     * Simultaneous invitations: the participant at {@code from} invites us while our invitation to it
     * is still unanswered (both have the other in {@code peers}, or discovered each other). Both
     * sides apply one rule, so that exactly one session results: the invitation of the side with
     * the higher SSRC (unsigned; on a tie, the higher control address, then port) stands. When ours
     * stands, theirs is ignored (not answered: they withdraw it when ours reaches them, and their
     * retries stop); when theirs stands, ours is withdrawn here (no BY: it never came up) and theirs
     * is answered as any other.
     *
     * @return whether our invitation stands and theirs is to be ignored
     */
    private boolean crossed(InetSocketAddress from, int theirSsrc) {
        Session mine = null;
        for (Session c : sessions) {
            if (c.initiator && c.peerControl.equals(from)
                    && (c.state == Session.State.INVITING_CONTROL || c.state == Session.State.INVITING_DATA)) {
                mine = c;
            }
        }
        if (mine == null) {
            return false;
        }
        if (oursStands(theirSsrc, from)) {
            if (!mine.crossLogged) { // once per invitation of ours, not per repeat of theirs
                mine.crossLogged = true;
                crossings.incrementAndGet();
                LOG.info("rtp {}: invitations crossed with {}: ours stands (our SSRC {} > theirs {})", settings.driverId(),
                        from, Integer.toUnsignedString(ssrc, 16), Integer.toUnsignedString(theirSsrc, 16));
            }
            return true;
        }
        crossings.incrementAndGet();
        LOG.info("rtp {}: invitations crossed with {}: theirs stands (their SSRC {} > ours {}); withdrawing ours",
                settings.driverId(), from, Integer.toUnsignedString(theirSsrc, 16), Integer.toUnsignedString(ssrc, 16));
        mine.state = Session.State.ENDED;
        sessions.remove(mine);
        publish();
        return false;
    }

    /** The rule of {@link #crossed}: whether our invitation beats that of {@code theirSsrc} at {@code from}. */
    boolean oursStands(int theirSsrc, InetSocketAddress from) {
        int bySsrc = Integer.compareUnsigned(ssrc, theirSsrc);
        if (bySsrc != 0) {
            return bySsrc > 0;
        }
        int byAddress = java.util.Arrays.compare(settings.bind().getAddress(), from.getAddress().getAddress());
        return byAddress != 0 ? byAddress > 0 : controlPort() > from.getPort();
    }

    /** Invitations of ours that another crossed (see {@link #crossed}), each counted once. */
    long crossings() {
        return crossings.get();
    }

    private void answer(InetSocketAddress from, boolean isControl) throws IOException {
        Session s = null;
        for (Session c : sessions) {
            if (c.initiator && c.token == parsed.token() && from.getAddress().equals(c.peerControl.getAddress())) {
                s = c;
            }
        }
        Session.State expected = isControl ? Session.State.INVITING_CONTROL : Session.State.INVITING_DATA;
        if (s == null || s.state != expected) {
            unexpected.incrementAndGet(); // also a repeated OK after we moved on
            return;
        }
        if (parsed.command() == Command.NO) {
            LOG.warn("rtp {}: {} refused our invitation", settings.driverId(), from);
            end(s, "refused", false);
            return;
        }
        if (isControl) {
            s.remoteSsrc = parsed.ssrc();
            s.peerName = parsed.name();
            s.state = Session.State.INVITING_DATA;
            s.tries = 0;
            sendInvite(s, System.nanoTime());
        } else {
            up(s);
            startClock(s, System.nanoTime());
        }
    }

    private void clock(InetSocketAddress from) throws IOException {
        Session s = find(parsed.ssrc());
        if (s == null || s.state != Session.State.UP || !from.equals(s.peerData)) {
            unexpected.incrementAndGet();
            return;
        }
        long now = ticks();
        long nanos = System.nanoTime();
        s.lastHeardNanos = nanos;
        long t1 = parsed.timestamp(0);
        long t2 = parsed.timestamp(1);
        switch (parsed.count()) {
            case 0 -> send(data, from, reply.clock(ssrc, 1, t1, now, 0));
            case 1 -> {
                send(data, from, reply.clock(ssrc, 2, t1, t2, now));
                // our own round trip, measured in nanoseconds rather than in 100 µs ticks
                s.latencyMicros = (nanos - s.clockSentNanos) / 2_000;
                s.offsetTicks = t2 - (t1 + now) / 2;
            }
            default -> {
                long t3 = parsed.timestamp(2);
                s.offsetTicks = (t1 + t3) / 2 - t2;
                s.latencyMicros = (t3 - t1) * 100 / 2;
            }
        }
    }

    private void tick(long now) throws IOException {
        for (Session s : new ArrayList<>(sessions)) {
            switch (s.state) {
                case INVITING_CONTROL, INVITING_DATA -> {
                    if (now - s.nextActionNanos >= 0) {
                        if (s.tries >= INVITE_TRIES) {
                            LOG.warn("rtp {}: no answer from {} after {} invitations; giving up", settings.driverId(),
                                    s.state == Session.State.INVITING_CONTROL ? s.peerControl : s.peerData, s.tries);
                            end(s, "no answer", false);
                        } else {
                            sendInvite(s, now);
                        }
                    }
                }
                case AWAITING_DATA -> {
                    if (now - s.nextActionNanos >= 0) {
                        end(s, "no IN on the data port", false);
                    }
                }
                case UP -> {
                    if (now - s.lastHeardNanos > TimeUnit.MILLISECONDS.toNanos(settings.timeoutMillis())) {
                        LOG.warn("rtp {}: {} silent for {} ms; ending the session", settings.driverId(), s.label(),
                                settings.timeoutMillis());
                        end(s, "timeout", true);
                        continue;
                    }
                    try {
                        s.guardIfDue(now);
                    } catch (WireException e) {
                        throw new IllegalStateException(e); // an empty packet always fits
                    }
                    if (s.initiator && now - s.nextClockNanos >= 0) {
                        startClock(s, now);
                    }
                    if (now - s.nextFeedbackNanos >= 0) {
                        s.nextFeedbackNanos = now + FEEDBACK_NANOS;
                        if (s.packetsIn.get() > 0) {
                            int highest = s.receiver.state().highest();
                            if (highest != s.lastFeedback) {
                                s.lastFeedback = highest;
                                send(control, s.peerControl, reply.feedback(ssrc, highest));
                            }
                        }
                    }
                }
                case ENDED -> {
                }
            }
        }
    }

    private void startInvite(InetSocketAddress peer) {
        for (Session s : sessions) {
            if (s.peerControl.equals(peer)) {
                return; // already inviting or up
            }
        }
        Session s = new Session(this, true, ThreadLocalRandom.current().nextInt(), peer, Session.State.INVITING_CONTROL,
                random16());
        s.peerData = new InetSocketAddress(peer.getAddress(), peer.getPort() + 1);
        sessions.add(s);
        publish();
        try {
            sendInvite(s, System.nanoTime());
        } catch (IOException e) {
            LOG.warn("rtp {}: cannot invite {}: {}", settings.driverId(), peer, e.toString());
            end(s, "cannot send", false);
        }
    }

    private void sendInvite(Session s, long now) throws IOException {
        boolean onControl = s.state == Session.State.INVITING_CONTROL;
        s.tries++;
        s.nextActionNanos = now + INVITE_RETRY_NANOS;
        send(onControl ? control : data, onControl ? s.peerControl : s.peerData,
                reply.session(Command.IN, s.token, ssrc, settings.name()));
    }

    private void startClock(Session s, long now) throws IOException {
        s.clockSentNanos = now;
        s.nextClockNanos = now + clockInterval;
        send(data, s.peerData, reply.clock(ssrc, 0, ticks(), 0, 0));
    }

    private void up(Session s) {
        long now = System.nanoTime();
        s.state = Session.State.UP;
        s.lastHeardNanos = now;
        s.nextFeedbackNanos = now + FEEDBACK_NANOS;
        publish();
        LOG.info("rtp {}: session with {} ({}) up", settings.driverId(), s.label(), s.peerControl);
        listener.up(s);
    }

    private void end(Session s, String why, boolean sendBye) {
        if (s.state == Session.State.ENDED) {
            return;
        }
        boolean wasUp = s.state == Session.State.UP;
        if (sendBye && wasUp) {
            try {
                send(control, s.peerControl, reply.session(Command.BY, s.token, ssrc, null));
            } catch (IOException e) {
                // the session ends anyway
            }
        }
        s.state = Session.State.ENDED;
        sessions.remove(s);
        publish();
        if (wasUp) {
            LOG.info("rtp {}: session with {} ended: {}", settings.driverId(), s.label(), why);
            releaseNotes(s);
            listener.down(s);
        }
    }

    /** NoteOff for every note the participant left on, as if it had sent them. */
    private void releaseNotes(Session s) {
        long nanos = System.nanoTime();
        for (int channel = 0; channel < 16; channel++) {
            for (int note = 0; note < 128; note++) {
                if (s.receiver.state().velocity(channel, note) != 0) {
                    s.receiver.state().played(0x80 | channel | note << 8);
                    listener.message(s, 0x80 | channel | note << 8, nanos);
                }
            }
        }
    }

    private Session find(int remoteSsrc) {
        for (Session s : sessions) {
            if (s.remoteSsrc == remoteSsrc && s.state != Session.State.INVITING_CONTROL) {
                return s;
            }
        }
        return null;
    }

    private void publish() {
        published = List.copyOf(sessions);
    }

    private void send(DatagramChannel ch, InetSocketAddress to, AppleMidiPacket p) throws IOException {
        out.clear();
        try {
            p.write(out);
        } catch (WireException e) {
            throw new IllegalStateException(e); // the buffer takes the longest packet
        }
        out.flip();
        ch.send(out, to);
    }

    private static int random16() {
        return ThreadLocalRandom.current().nextInt(0x10000);
    }

    /** Where a session's received stream goes: the listener, time-stamped. */
    RtpMidiReceiver.Output input(Session s) {
        return new RtpMidiReceiver.Output() {
            @Override
            public void message(int message, boolean repair) {
                listener.message(s, message, stamp(s));
            }

            @Override
            public void sysex(byte[] b, int off, int len) {
                listener.sysex(s, b, off, len, stamp(s));
            }
        };
    }

    /**
     * The arrival time of what the current packet carries: the packet's RTP timestamp mapped to our
     * clock through the clock sync (never later than now), or now when no clock sync has been done.
     */
    private long stamp(Session s) {
        long now = System.nanoTime();
        if (s == null || s.latencyMicros < 0) {
            return now;
        }
        int remote = s.receiver.header().timestamp();
        long local = remote - s.offsetTicks; // our ticks when it was sent
        int age = (int) (ticks() - local); // 32-bit RTP arithmetic
        if (age < 0 || age > 10_000) {
            return now; // ahead of us, or more than a second old: the sync is off, arrival time is better
        }
        long nanos = now - (long) age * TICK_NANOS;
        return Math.min(now, nanos);
    }

    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeQuietly(control);
        closeQuietly(data);
        try {
            selector.close();
        } catch (IOException e) {
            // nothing more to do
        }
    }

    private static void closeQuietly(DatagramChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
