package org.midihost.driver.rtp;

import java.net.InetSocketAddress;

/**
 * One session as the shell shows it.
 *
 * @param deviceId the device id of its output and input ({@code null} until it is up)
 * @param peerName the participant's name ({@code null} until it gave one)
 * @param peer the participant's control address
 * @param state where it is
 * @param initiator whether we invited
 * @param latencyMicros the one-way latency from the last clock sync, -1 before the first
 * @param offsetTicks the participant's clock minus ours, in 100 µs units (valid when {@code latencyMicros >= 0})
 * @param packetsIn RTP-MIDI packets received
 * @param packetsOut RTP-MIDI packets sent
 * @param journalRepairs commands played from recovery journals after a loss
 * @param losses packet losses seen
 */
record SessionInfo(String deviceId, String peerName, InetSocketAddress peer, Session.State state, boolean initiator,
        long latencyMicros, long offsetTicks, long packetsIn, long packetsOut, long journalRepairs, long losses) {
}
