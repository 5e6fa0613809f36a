package org.midihost.driver.javasound;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MidiMessage;
import javax.sound.midi.Receiver;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.SysexMessage;
import org.midihost.api.MidiException;
import org.midihost.api.MidiHeader;
import org.midihost.api.MmResult;
import org.midihost.spi.OutClient;
import org.midihost.spi.OutInstance;

/**
 * One client's output on a Java Sound port: short messages and system-exclusive messages go to the
 * port's {@link Receiver} on the client's thread, with no time stamp (-1: at once). The host calls
 * one device's instances one call at a time, so messages of different clients never interleave.
 */
final class PortOutput implements OutInstance {
    private final OpenPort port;
    private final Receiver receiver;
    private final OutClient client;
    private final AtomicBoolean closed = new AtomicBoolean();

    PortOutput(OpenPort port, Receiver receiver, OutClient client) {
        this.port = port;
        this.receiver = receiver;
        this.client = client;
    }

    @Override
    public void shortMsg(int message) throws MidiException {
        ShortMessage m;
        try {
            m = new ShortMessage(message & 0xFF, message >>> 8 & 0xFF, message >>> 16 & 0xFF);
        } catch (InvalidMidiDataException e) {
            throw new MidiException(MmResult.MMSYSERR_INVALPARAM, port.endpoint() + ": " + e.getMessage());
        }
        send(m);
    }

    /** Sends the message in one piece, then returns the header (DONE) before returning. */
    @Override
    public void longMsg(MidiHeader header) throws MidiException {
        int length = header.bufferLength();
        SysexMessage m;
        try {
            m = new SysexMessage(Arrays.copyOf(header.data(), length), length);
        } catch (InvalidMidiDataException e) {
            throw new MidiException(MmResult.MMSYSERR_INVALPARAM, port.endpoint() + ": " + e.getMessage());
        }
        send(m);
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

    private void send(MidiMessage m) throws MidiException {
        if (closed.get()) {
            throw new MidiException(MmResult.MMSYSERR_INVALHANDLE, port.endpoint() + ": closed");
        }
        if (port.isGone()) {
            throw new MidiException(MmResult.MMSYSERR_NODRIVER, port.endpoint() + " '" + port.port().name()
                    + "' has gone");
        }
        try {
            receiver.send(m, -1);
        } catch (IllegalStateException e) {
            // Java Sound's answer for a closed receiver or device: unplugged under us.
            throw new MidiException(port.isGone() ? MmResult.MMSYSERR_NODRIVER : MmResult.MMSYSERR_ERROR,
                    port.endpoint() + " '" + port.port().name() + "': " + e.getMessage());
        } catch (RuntimeException | LinkageError e) {
            throw new MidiException(MmResult.MMSYSERR_ERROR, port.endpoint() + " '" + port.port().name()
                    + "': Java Sound failed to send: " + e);
        }
    }

    /** Idempotent; the last client's close closes the Java Sound device. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            port.release();
        }
    }
}
