package org.midihost.driver.loopback;

import org.midihost.api.MidiException;
import org.midihost.api.MmResult;
import org.midihost.spi.InClient;
import org.midihost.spi.InInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's open input of a {@link Cable}: receives what the cable's outputs send while
 * started.
 *
 * <p>The SPI's lock rule: {@link #start}, {@link #stop} and {@link #close} take no lock that is held
 * while the client runs, and do not wait for a delivery in progress on another thread; they only
 * flip {@code started} (volatile) and update the cable's list of started inputs. A sender that read
 * {@code started} as true just before a stop may still finish its one call (the SPI allows it; the
 * host discards it); none starts after stop has returned. Calls for this client never overlap:
 * the cable's {@code sending} lock serialises every delivery on the cable.
 *
 * <p>A client that throws a {@link RuntimeException} loses that message only: the others on the
 * cable still get it, and the sender does not see the failure. The host's {@link InClient} never
 * throws; the first failure of a client is logged, so that a direct user of the driver learns of it.
 */
final class CableInput implements InInstance {
    private static final Logger LOG = LoggerFactory.getLogger(CableInput.class);

    private final Cable cable;
    private final InClient client;

    /*
     * Guards the changes of `started` and `closed`, so that concurrent start/stop/close leave one
     * consistent state. Taken by start, stop, close and halt (Cable.remove); held only for those
     * field updates, never while calling the client or taking the cable's locks. The senders
     * (data/sysex, under the cable's `sending` lock) never take it: they read the volatile `started`.
     */
    private final Object state = new Object();
    private volatile boolean started;
    private boolean closed;
    // Only the senders touch it, one at a time (the cable's `sending` lock).
    private boolean failureLogged;

    CableInput(Cable cable, InClient client) {
        this.cable = cable;
        this.client = client;
    }

    /**
     * @throws MidiException {@link MmResult#MMSYSERR_INVALHANDLE} if closed,
     *         {@link MmResult#MMSYSERR_NODRIVER} if the cable has been removed
     */
    @Override
    public void start() throws MidiException {
        synchronized (state) {
            if (closed) {
                throw new MidiException(MmResult.MMSYSERR_INVALHANDLE, "loopback input " + cable.index() + " is closed");
            }
            if (started) {
                return;
            }
            started = true;
        }
        if (!cable.attach(this)) {
            synchronized (state) {
                started = false;
            }
            throw new MidiException(MmResult.MMSYSERR_NODRIVER, "loopback cable " + cable.index() + " was removed");
        }
    }

    /**
     * No delivery to this client starts after this returns; one already under way on another
     * thread may finish (this does not wait for it: the lock rule). Idempotent.
     */
    @Override
    public void stop() {
        synchronized (state) {
            started = false;
        }
        cable.detach(this, false);
    }

    /** Stops, then gives back the cable's open slot. Idempotent. */
    @Override
    public void close() {
        boolean first;
        synchronized (state) {
            first = !closed;
            closed = true;
            started = false;
        }
        if (first) {
            cable.detach(this, true);
        }
    }

    /** The cable was removed: stop without touching it. */
    void halt() {
        synchronized (state) {
            started = false;
        }
    }

    /** A sender's delivery, under the cable's {@code sending} lock. */
    void data(int message, long nanos) {
        if (!started) {
            return;
        }
        try {
            client.data(message, nanos);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    /** A sender's delivery, under the cable's {@code sending} lock. */
    void sysex(byte[] bytes, int length, long nanos) {
        if (!started) {
            return;
        }
        try {
            client.sysex(bytes, 0, length, true, nanos);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    private void failed(RuntimeException e) {
        if (!failureLogged) {
            failureLogged = true;
            LOG.warn("loopback input {}: client threw; further failures of this client are not logged",
                    cable.index(), e);
        }
    }
}
