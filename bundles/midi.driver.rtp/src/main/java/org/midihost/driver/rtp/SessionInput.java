package org.midihost.driver.rtp;

import java.util.concurrent.atomic.AtomicBoolean;

import org.midihost.api.MidiException;
import org.midihost.api.MmResult;
import org.midihost.spi.InClient;
import org.midihost.spi.InInstance;

/**
 * One client's input on a session. The endpoint thread hands it what the participant sends; while
 * started it passes it on. No lock: {@code stop()} and {@code close()} clear a flag and leave the
 * session's list, and never wait for a delivery under way (the lock rule in
 * {@link org.midihost.spi.MidiDriver}).
 */
final class SessionInput implements InInstance {
    private final Session session;
    private final InClient client;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean started;

    SessionInput(Session session, InClient client) {
        this.session = session;
        this.client = client;
    }

    @Override
    public void start() throws MidiException {
        if (closed.get()) {
            throw new MidiException(MmResult.MMSYSERR_INVALHANDLE, session.deviceId + ": closed");
        }
        if (session.state != Session.State.UP) {
            throw new MidiException(MmResult.MMSYSERR_NODRIVER, session.deviceId + ": the session has ended");
        }
        started = true;
    }

    @Override
    public void stop() {
        started = false;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            started = false;
            session.inputs.remove(this);
        }
    }

    /** On the endpoint thread. */
    void message(int message, long nanos) {
        if (started) {
            try {
                client.data(message, nanos);
            } catch (RuntimeException e) {
                // the host's side does not throw; if it did, the endpoint thread must live on
            }
        }
    }

    /** On the endpoint thread: a whole message. */
    void sysex(byte[] b, int off, int len, long nanos) {
        if (started) {
            try {
                client.sysex(b, off, len, true, nanos);
            } catch (RuntimeException e) {
                // as in message()
            }
        }
    }
}
