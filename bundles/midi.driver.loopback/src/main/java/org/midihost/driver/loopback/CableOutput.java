package org.midihost.driver.loopback;

import org.midihost.api.MidiException;
import org.midihost.api.MidiHeader;
import org.midihost.api.MmResult;
import org.midihost.spi.OutClient;
import org.midihost.spi.OutInstance;

/**
 * One client's open output of a {@link Cable}. It holds no buffers: a system-exclusive message is
 * delivered and handed back before {@link #longMsg} returns.
 */
final class CableOutput implements OutInstance {
    /** Control Change 123, All Notes Off, value 0, channel in the low nibble of the status. */
    static final int ALL_NOTES_OFF = 0xB0 | (123 << 8);

    private final Cable cable;
    private final OutClient client;
    private volatile boolean closed;

    CableOutput(Cable cable, OutClient client) {
        this.cable = cable;
        this.client = client;
    }

    @Override
    public void shortMsg(int message) throws MidiException {
        checkOpen();
        cable.send(message);
    }

    /** Delivers the message whole to every started input, then calls {@link OutClient#done}. */
    @Override
    public void longMsg(MidiHeader header) throws MidiException {
        checkOpen();
        cable.sysex(header.data(), header.bufferLength());
        client.done(header);
    }

    /**
     * A cable has no notes of its own to silence; what sounds is whatever listens at the inputs. So
     * reset sends All Notes Off (Control Change 123, value 0) on each of the 16 channels through
     * the cable, which silences a synthesizer listening there. No header is ever held.
     */
    @Override
    public void reset() throws MidiException {
        checkOpen();
        for (int channel = 0; channel < 16; channel++) {
            cable.send(ALL_NOTES_OFF | channel);
        }
    }

    /** Idempotent. */
    @Override
    public void close() {
        // Only the first close gives back the cable's open slot.
        boolean first;
        synchronized (this) {
            first = !closed;
            closed = true;
        }
        if (first) {
            cable.closeOutput();
        }
    }

    private void checkOpen() throws MidiException {
        if (closed) {
            throw new MidiException(MmResult.MMSYSERR_INVALHANDLE, "loopback output " + cable.index() + " is closed");
        }
    }
}
