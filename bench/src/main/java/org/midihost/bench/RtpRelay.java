package org.midihost.bench;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.midihost.driver.rtp.BenchRtp;

/**
 * A UDP relay on 127.0.0.1 between an RTP-MIDI initiator and a responder that drops a share of the
 * RTP-MIDI data packets (not the AppleMIDI ones: IN/OK/CK/RS/BY start with 0xFFFF) in both directions,
 * with a seeded {@link Random}. The initiator invites {@link #port()}; the relay passes everything on to
 * the responder's ports from sockets of its own, and the answers back. (After the rtp bundle's test
 * {@code LossyRelay}.)
 */
final class RtpRelay implements AutoCloseable {
    private final DatagramSocket[] front = new DatagramSocket[2]; // facing the initiator: control, data
    private final DatagramSocket[] back = new DatagramSocket[2]; // facing the responder
    private final InetSocketAddress[] responder = new InetSocketAddress[2];
    private final SocketAddress[] initiator = new SocketAddress[2]; // learned from the first packets
    private final Random random;
    private final double loss;
    /** RTP packets passed on, initiator → responder. */
    final AtomicLong forwarded = new AtomicLong();
    /** RTP packets dropped, initiator → responder. */
    final AtomicLong dropped = new AtomicLong();
    /** RTP packets dropped, responder → initiator. */
    final AtomicLong droppedBack = new AtomicLong();

    RtpRelay(int responderPort, double loss, long seed) throws IOException {
        this.loss = loss;
        this.random = new Random(seed);
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        int port = BenchRtp.freePair();
        for (int i = 0; i < 2; i++) {
            front[i] = new DatagramSocket(new InetSocketAddress(lo, port + i));
            back[i] = new DatagramSocket(new InetSocketAddress(lo, 0));
            front[i].setReceiveBufferSize(1 << 20);
            back[i].setReceiveBufferSize(1 << 20);
            responder[i] = new InetSocketAddress(lo, responderPort + i);
        }
        for (int i = 0; i < 2; i++) {
            int k = i;
            start(new Thread(() -> pump(front[k], back[k], k, true), "relay-front-" + k));
            start(new Thread(() -> pump(back[k], front[k], k, false), "relay-back-" + k));
        }
    }

    private static void start(Thread t) {
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return front[0].getLocalPort();
    }

    private void pump(DatagramSocket from, DatagramSocket to, int k, boolean forward) {
        byte[] b = new byte[65_536];
        DatagramPacket p = new DatagramPacket(b, b.length);
        while (!from.isClosed()) {
            try {
                p.setData(b);
                from.receive(p);
                SocketAddress target;
                synchronized (initiator) { // written by the front pumps, read by the back ones
                    if (forward) {
                        initiator[k] = p.getSocketAddress();
                    }
                    target = forward ? responder[k] : initiator[k];
                }
                if (target == null) {
                    continue;
                }
                boolean rtp = !(p.getLength() >= 2 && b[0] == (byte) 0xFF && b[1] == (byte) 0xFF);
                if (rtp && drop()) {
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
