package org.midihost.driver.rtp;

import java.util.List;

/**
 * What the shell's {@code midi:sessions}, {@code midi:invite} and {@code midi:end} will call: the
 * sessions of one driver instance. Internal (not exported, not a service yet). Thread-safe.
 */
interface RtpSessions {

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
