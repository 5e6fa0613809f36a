package org.midihost.driver.loopback;

import org.midihost.api.MidiException;
import org.midihost.api.MmResult;
import org.midihost.spi.InClient;
import org.midihost.spi.InInstance;

/**
 * One client's open input of a {@link Cable}: receives what the cable's outputs send while
 * started.
 *
 * <p>A client that throws a {@link RuntimeException} loses that message only: the others on the
 * cable still get it, and the sender does not see the failure. The host's {@link InClient} never
 * throws; the first failure of a client is logged through {@link System.Logger}, so that a direct
 * user of the driver learns of it without the bundle depending on a logging API.
 */
final class CableInput implements InInstance {
    private static final System.Logger LOG = System.getLogger(CableInput.class.getName());

    private final Cable cable;
    private final InClient client;

    /*
     * Guards `started`, `closed` and `failureLogged`, and is held for every call into the client.
     * So when stop() has set `started` to false under it, a call in progress has finished and none
     * starts after: the SPI's promise. It also keeps calls for this client from overlapping.
     * Taken by: data/sysex (the senders, through Cable.send/sysex), start, stop, close, halt
     * (Cable.remove). Never held while taking the cable's lock; held while the client runs, so a
     * stop() waits for a callback in progress.
     */
    private final Object delivery = new Object();
    private boolean started;
    private boolean closed;
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
        synchronized (delivery) {
            if (closed) {
                throw new MidiException(MmResult.MMSYSERR_INVALHANDLE, "loopback input " + cable.index() + " is closed");
            }
            if (started) {
                return;
            }
            started = true;
        }
        if (!cable.attach(this)) {
            synchronized (delivery) {
                started = false;
            }
            throw new MidiException(MmResult.MMSYSERR_NODRIVER, "loopback cable " + cable.index() + " was removed");
        }
    }

    /** Waits for a delivery in progress to this client; none starts after this returns. Idempotent. */
    @Override
    public void stop() {
        synchronized (delivery) {
            started = false;
        }
        cable.detach(this, false);
    }

    /** Stops, then gives back the cable's open slot. Idempotent. */
    @Override
    public void close() {
        boolean first;
        synchronized (delivery) {
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
        synchronized (delivery) {
            started = false;
        }
    }

    void data(int message, long nanos) {
        synchronized (delivery) {
            if (!started) {
                return;
            }
            try {
                client.data(message, nanos);
            } catch (RuntimeException e) {
                failed(e);
            }
        }
    }

    void sysex(byte[] bytes, int length, long nanos) {
        synchronized (delivery) {
            if (!started) {
                return;
            }
            try {
                client.sysex(bytes, 0, length, true, nanos);
            } catch (RuntimeException e) {
                failed(e);
            }
        }
    }

    private void failed(RuntimeException e) {
        if (!failureLogged) {
            failureLogged = true;
            LOG.log(System.Logger.Level.WARNING, "loopback input " + cable.index()
                    + ": client threw; further failures of this client are not logged", e);
        }
    }
}
