package org.midihost.spi;

import org.midihost.api.MidiException;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * One client's open input device in a driver ({@code MIDM_*}). Input goes to the
 * {@link InClient} given at open, only while started.
 */
@ConsumerType
public interface InInstance {
    /**
     * {@code MIDM_START}: begin delivering input to the client.
     *
     * @throws MidiException on failure
     */
    void start() throws MidiException;

    /**
     * {@code MIDM_STOP}: stop delivering input. The driver starts no call to the client after this
     * returns; a call already under way on another thread may still finish, and the driver must
     * not wait for it here (see the lock rule in {@link MidiDriver}): the host discards it.
     *
     * @throws MidiException on failure
     */
    void stop() throws MidiException;

    /**
     * {@code MIDM_CLOSE}: the client is gone; the instance is stopped first. No call on this
     * instance follows, and the driver starts no call to the client after this returns (a call
     * already under way on another thread may finish; the host discards it).
     */
    void close();
}
