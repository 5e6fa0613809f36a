package org.midihost.driver.rtp;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * What the shell's {@code midi:sessions}, {@code midi:invite} and {@code midi:end}
 * ({@link SessionCommands}) call: the sessions of one driver instance. Internal: not exported;
 * {@link RtpDriver} registers it as a service of this bundle's own class (alongside its
 * {@code MidiDriver}), which only {@link SessionCommands} in this bundle looks up. Thread-safe.
 */
interface RtpSessions {

    /** @return the driver id of this instance */
    String driverId();

    /** @return the local control address, {@code bind:port} */
    InetSocketAddress local();

    /** @return datagrams that did not parse (counted and dropped) */
    long malformed();

    /** @return datagrams that parsed but belonged to no session, came at the wrong time or from the wrong place */
    long unexpected();

    /** @return invitations answered with NO */
    long refused();

    /** @return the sessions found over mDNS/DNS-SD now (empty when {@code discover} is not configured) */
    List<Bonjour.Discovered> discovered();

    /** @return the {@code discover} patterns (empty: nothing is browsed) */
    List<String> discoverPatterns();

    /** @return the name we are announced under over mDNS/DNS-SD, {@code null} when not announced (yet) */
    String announcedAs();

    /** @return every session known now (inviting, up; ended ones are gone), in no particular order */
    List<SessionInfo> sessions();

    /**
     * Invites a participant (its control port); the session comes up in the background, or gives
     * up after a few tries with one log line.
     *
     * @param host a host name or address
     * @param port its control port
     * @throws IllegalArgumentException for an unknown host or a bad port
     */
    void invite(String host, int port);

    /**
     * Ends the session with that name (the device id or the peer's name): BY, then its devices go.
     *
     * @return whether a session had that name
     */
    boolean end(String name);
}
