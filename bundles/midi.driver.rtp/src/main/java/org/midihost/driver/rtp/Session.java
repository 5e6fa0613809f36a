package org.midihost.driver.rtp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import org.midihost.driver.rtp.wire.RtpMidiPacketWriter;
import org.midihost.driver.rtp.wire.RtpMidiReceiver;
import org.midihost.driver.rtp.wire.SysexSegmenter;
import org.midihost.driver.rtp.wire.WireException;

/**
 * One participant of a session: where it is, how far the invitation got, its clock, and the two
 * RTP-MIDI streams (ours to it, its to us). The state machine fields are the endpoint thread's
 * alone ({@link SessionEndpoint}); the sending side is shared with the host's output calls under
 * {@link #sendLock}; what the shell reads is volatile or atomic.
 */
final class Session {

    /** Where a session is. */
    enum State {
        /** We sent IN on the control port and wait for OK. */
        INVITING_CONTROL,
        /** The control port said OK; we sent IN on the data port. */
        INVITING_DATA,
        /** We answered the participant's IN on the control port; its IN on the data port is next. */
        AWAITING_DATA,
        /** Both ports agreed: MIDI flows, the devices are listed. */
        UP,
        /** Ended (BY, timeout, refusal, given up, closed). */
        ENDED
    }

    /** The longest system-exclusive message put together from the participant's packets. */
    static final int MAX_SYSEX = 64 * 1024;
    /** The longest RTP-MIDI packet we send. */
    static final int MTU = 1400;
    /** Quiet time after which a guard packet (no commands, the journal) is sent. */
    static final long GUARD_NANOS = 250_000_000L;
    /** Guard packets after the last packet with commands, at most (for a participant that never sends RS). */
    static final int MAX_GUARDS = 8;

    final boolean initiator;
    /** Our token when initiator, the participant's when responder. */
    final int token;
    final InetSocketAddress peerControl;

    // ---- endpoint thread only
    InetSocketAddress peerData;
    int remoteSsrc;
    int tries;
    long nextActionNanos;
    long nextClockNanos;
    long nextFeedbackNanos;
    long clockSentNanos;
    int lastFeedback = -1;
    /** Whether a crossed invitation (ours standing) was logged for this session: once is enough. */
    boolean crossLogged;
    final RtpMidiReceiver receiver;

    // ---- read by other threads
    volatile State state;
    volatile String peerName;
    volatile String deviceId;
    volatile long lastHeardNanos;
    volatile long latencyMicros = -1;
    /** The participant's clock minus ours, in 100 µs units; valid when {@link #latencyMicros} is not -1. */
    volatile long offsetTicks;
    final AtomicLong packetsIn = new AtomicLong();
    final AtomicLong packetsOut = new AtomicLong();
    /** The clients with this session's input open; the endpoint thread delivers to the started ones. */
    final CopyOnWriteArrayList<SessionInput> inputs = new CopyOnWriteArrayList<>();

    /*
     * Guards writer, segmenter and sendBuffer: taken by the host's output calls (shortMsg, longMsg,
     * reset) and by the endpoint thread for RS feedback (writer.journal()). Nothing that calls a
     * client or the host runs under it, so no cycle with the host's device gate.
     */
    private final Object sendLock = new Object();
    private final RtpMidiPacketWriter writer;
    private final SysexSegmenter segmenter = new SysexSegmenter();
    private final ByteBuffer sendBuffer = ByteBuffer.allocate(MTU);
    private final SessionEndpoint endpoint;
    private long lastSentNanos; // under sendLock
    private int guards; // under sendLock: guard packets since the last packet with commands

    Session(SessionEndpoint endpoint, boolean initiator, int token, InetSocketAddress peerControl, State state,
            int firstSequence) {
        this.endpoint = endpoint;
        this.initiator = initiator;
        this.token = token;
        this.peerControl = peerControl;
        this.state = state;
        this.writer = new RtpMidiPacketWriter(endpoint.ssrc(), firstSequence, MTU, true);
        this.receiver = new RtpMidiReceiver(MAX_SYSEX, endpoint.input(this));
    }

    /** The name shown for the session: the participant's name, else its address. */
    String label() {
        String n = peerName;
        return n != null && !n.isBlank() ? n : peerControl.getAddress().getHostAddress() + "-" + peerControl.getPort();
    }

    /**
     * Sends one short message in a packet of its own (with the journal).
     *
     * @throws WireException BAD_MIDI for bytes that are no MIDI command
     * @throws IOException when the socket fails
     */
    void send(int message) throws WireException, IOException {
        synchronized (sendLock) {
            writer.begin();
            writer.add(0, message);
            flush();
            guards = 0;
        }
    }

    /**
     * A guard packet: when nothing was sent for {@link #GUARD_NANOS} and the participant has not
     * acknowledged everything, an empty command section with the journal, so that the loss of the
     * last packet (a NoteOff) is repaired without waiting for more music (RFC 6295 §4). Endpoint thread.
     */
    void guardIfDue(long now) throws WireException, IOException {
        synchronized (sendLock) {
            if (lastSentNanos == 0 || now - lastSentNanos < GUARD_NANOS || guards >= MAX_GUARDS
                    || writer.journal().checkpoint() >= writer.sequence()) {
                return;
            }
            writer.begin();
            flush();
            guards++;
        }
    }

    /**
     * Sends a system-exclusive message, split across as many packets as it needs.
     *
     * @throws WireException BAD_MIDI when it is not F0 … F7
     * @throws IOException when the socket fails
     */
    void sendSysex(byte[] b, int off, int len) throws WireException, IOException {
        synchronized (sendLock) {
            segmenter.start(b, off, len);
            while (segmenter.hasNext()) {
                writer.begin();
                if (writer.addSysex(0, segmenter) == 0) {
                    throw new IllegalStateException("no room for a sysex segment in an empty packet");
                }
                flush();
            }
            guards = 0;
        }
    }

    // under sendLock
    private void flush() throws WireException, IOException {
        int n = writer.finish((int) endpoint.ticks(), sendBuffer.array(), 0);
        sendBuffer.clear().limit(n);
        InetSocketAddress to = peerData;
        DatagramChannel data = endpoint.dataChannel();
        if (to == null || data == null) {
            throw new IOException("session not up");
        }
        data.send(sendBuffer, to);
        lastSentNanos = System.nanoTime();
        packetsOut.incrementAndGet();
    }

    /** RS from the participant: the journal may forget what it has received. */
    void acknowledged(int sequence) {
        synchronized (sendLock) {
            writer.journal().acknowledged(sequence);
        }
    }

    /** Packets sent that the participant has not acknowledged (RS): what the journal still covers. */
    long unacknowledged() {
        synchronized (sendLock) {
            return writer.sequence() - writer.journal().checkpoint();
        }
    }

    SessionInfo info() {
        return new SessionInfo(deviceId, peerName, peerControl, state, initiator, latencyMicros, offsetTicks,
                packetsIn.get(), packetsOut.get(), receiver.state().repairs(), receiver.state().losses());
    }
}
