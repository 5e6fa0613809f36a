package org.midihost.driver.rtp;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import org.midihost.driver.rtp.wire.AppleMidiPacket;

/**
 * A UDP relay between an initiator and a responder on 127.0.0.1 that drops a share of the RTP-MIDI
 * packets (not AppleMIDI ones) in both directions. The initiator invites {@link #port()}; the
 * relay passes everything on to the responder's ports from sockets of its own, and the answers back.
 */
final class LossyRelay implements AutoCloseable {
    private final DatagramSocket[] front = new DatagramSocket[2]; // facing the initiator: control, data
    private final DatagramSocket[] back = new DatagramSocket[2]; // facing the responder
    private final InetSocketAddress[] responder = new InetSocketAddress[2];
    private final SocketAddress[] initiator = new SocketAddress[2]; // learned from the first packets
    private final Random random;
    private final double loss;
    final AtomicLong forwarded = new AtomicLong(); // RTP packets passed on, initiator → responder
    final AtomicLong dropped = new AtomicLong(); // RTP packets dropped, initiator → responder
    final AtomicLong droppedBack = new AtomicLong(); // and responder → initiator
    /** Drop the next RTP packet initiator → responder, whatever the dice say. */
    final java.util.concurrent.atomic.AtomicBoolean dropNext = new java.util.concurrent.atomic.AtomicBoolean();
    private final Thread[] threads = new Thread[4];

    LossyRelay(int responderPort, double loss, long seed) throws IOException {
        this.loss = loss;
        this.random = new Random(seed);
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        int port = Participant.freePair(lo);
        for (int i = 0; i < 2; i++) {
            front[i] = new DatagramSocket(new InetSocketAddress(lo, port + i));
            back[i] = new DatagramSocket(new InetSocketAddress(lo, 0));
            front[i].setReceiveBufferSize(1 << 20);
            back[i].setReceiveBufferSize(1 << 20);
            responder[i] = new InetSocketAddress(lo, responderPort + i);
        }
        for (int i = 0; i < 2; i++) {
            int k = i;
            threads[2 * i] = new Thread(() -> pump(front[k], back[k], k, true), "relay-front-" + k);
            threads[2 * i + 1] = new Thread(() -> pump(back[k], front[k], k, false), "relay-back-" + k);
        }
        for (Thread t : threads) {
            t.setDaemon(true);
            t.start();
        }
    }

    int port() {
        return front[0].getLocalPort();
    }

    private void pump(DatagramSocket from, DatagramSocket to, int k, boolean forward) {
        byte[] b = new byte[65_536];
        while (!from.isClosed()) {
            try {
                DatagramPacket p = new DatagramPacket(b, b.length);
                from.receive(p);
                SocketAddress target;
                if (forward) {
                    synchronized (initiator) { // guards initiator[]: written by the front pumps, read by the back ones
                        initiator[k] = p.getSocketAddress();
                    }
                    target = responder[k];
                } else {
                    synchronized (initiator) {
                        target = initiator[k];
                    }
                    if (target == null) {
                        continue;
                    }
                }
                boolean rtp = !AppleMidiPacket.isAppleMidi(b, 0, p.getLength());
                if (rtp && (drop() || (forward && dropNext.compareAndSet(true, false)))) {
                    (forward ? dropped : droppedBack).incrementAndGet();
                    continue;
                }
                to.send(new DatagramPacket(b, p.getLength(), target));
                if (rtp && forward) {
                    forwarded.incrementAndGet();
                }
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private boolean drop() {
        synchronized (random) {
            return random.nextDouble() < loss;
        }
    }

    @Override
    public void close() {
        for (int i = 0; i < 2; i++) {
            front[i].close();
            back[i].close();
        }
    }
}
