package org.midihost.driver.rtp;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.Arrays;

import org.midihost.driver.rtp.wire.AppleMidiPacket;
import org.midihost.driver.rtp.wire.AppleMidiPacket.Command;
import org.midihost.driver.rtp.wire.WireException;

/**
 * A participant played by the test with the codec and two plain sockets, to drive the endpoint's
 * state machine step by step. Receives skip RTP packets and the AppleMIDI commands not asked for.
 */
final class RawPeer implements AutoCloseable {
    final int ssrc = 0x5EED0001;
    final DatagramSocket control;
    final DatagramSocket data;
    final AppleMidiPacket packet = new AppleMidiPacket();
    private final byte[] buffer = new byte[2048];

    RawPeer() throws IOException {
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        int port = Participant.freePair(lo);
        control = new DatagramSocket(new InetSocketAddress(lo, port));
        data = new DatagramSocket(new InetSocketAddress(lo, port + 1));
        control.setSoTimeout((int) Participant.DEADLINE_MILLIS);
        data.setSoTimeout((int) Participant.DEADLINE_MILLIS);
    }

    int port() {
        return control.getLocalPort();
    }

    void send(DatagramSocket socket, InetSocketAddress to, AppleMidiPacket p) throws IOException, WireException {
        byte[] b = new byte[AppleMidiPacket.MAX_PACKET_BYTES];
        int n = p.write(b, 0);
        socket.send(new DatagramPacket(b, n, to));
    }

    void send(DatagramSocket socket, InetSocketAddress to, byte[] b, int n) throws IOException {
        socket.send(new DatagramPacket(b, n, to));
    }

    /** The next AppleMIDI packet with that command on {@code socket}, into {@link #packet}; fails after the deadline. */
    InetSocketAddress await(DatagramSocket socket, Command command) throws IOException, WireException {
        long deadline = System.nanoTime() + Participant.DEADLINE_MILLIS * 1_000_000L;
        while (System.nanoTime() - deadline < 0) {
            DatagramPacket d = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(d);
            } catch (SocketTimeoutException e) {
                break;
            }
            if (AppleMidiPacket.isAppleMidi(buffer, 0, d.getLength())) {
                packet.parse(buffer, 0, d.getLength());
                if (packet.command() == command) {
                    return (InetSocketAddress) d.getSocketAddress();
                }
            }
        }
        throw new AssertionError("no " + command + " before the deadline");
    }

    /** The next RTP packet on the data socket; fails after the deadline. */
    byte[] awaitRtp() throws IOException {
        while (true) {
            DatagramPacket d = new DatagramPacket(buffer, buffer.length);
            data.receive(d); // SocketTimeoutException after the deadline
            if (!AppleMidiPacket.isAppleMidi(buffer, 0, d.getLength())) {
                return Arrays.copyOf(buffer, d.getLength());
            }
        }
    }

    @Override
    public void close() {
        control.close();
        data.close();
    }
}
