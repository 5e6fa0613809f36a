package org.midihost.driver.rtp;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.midihost.api.MidiException;
import org.midihost.api.MidiHeader;
import org.midihost.api.MmResult;
import org.midihost.driver.rtp.wire.WireException;
import org.midihost.spi.OutClient;
import org.midihost.spi.OutInstance;

/**
 * One client's output on a session: each short message goes at once in an RTP-MIDI packet of its
 * own (with the recovery journal), a system-exclusive message in as many packets as it needs, on
 * the client's thread. The session's send lock orders the packets of concurrent clients.
 */
final class SessionOutput implements OutInstance {
    private final Session session;
    private final OutClient client;
    private final AtomicBoolean closed = new AtomicBoolean();

    SessionOutput(Session session, OutClient client) {
        this.session = session;
        this.client = client;
    }

    @Override
    public void shortMsg(int message) throws MidiException {
        check();
        try {
            session.send(message);
        } catch (WireException e) {
            throw new MidiException(MmResult.MMSYSERR_INVALPARAM, session.deviceId + ": " + e.getMessage());
        } catch (IOException e) {
            throw failed(e);
        }
    }

    /** Sends the whole message, then returns the header (DONE) before returning. */
    @Override
    public void longMsg(MidiHeader header) throws MidiException {
        check();
        try {
            session.sendSysex(header.data(), 0, header.bufferLength());
        } catch (WireException e) {
            throw new MidiException(MmResult.MMSYSERR_INVALPARAM, session.deviceId + ": " + e.getMessage());
        } catch (IOException e) {
            throw failed(e);
        }
        client.done(header);
    }

    /** Sustain off and All Notes Off (CC 64 = 0, CC 123) on all 16 channels. */
    @Override
    public void reset() throws MidiException {
        for (int channel = 0; channel < 16; channel++) {
            shortMsg(0xB0 | channel | 64 << 8);
            shortMsg(0xB0 | channel | 123 << 8);
        }
    }

    private void check() throws MidiException {
        if (closed.get()) {
            throw new MidiException(MmResult.MMSYSERR_INVALHANDLE, session.deviceId + ": closed");
        }
        if (session.state != Session.State.UP) {
            throw new MidiException(MmResult.MMSYSERR_NODRIVER, session.deviceId + ": the session has ended");
        }
    }

    private MidiException failed(IOException e) {
        return new MidiException(session.state == Session.State.UP ? MmResult.MMSYSERR_ERROR : MmResult.MMSYSERR_NODRIVER,
                session.deviceId + ": " + e.getMessage());
    }

    @Override
    public void close() {
        closed.set(true);
    }
}
