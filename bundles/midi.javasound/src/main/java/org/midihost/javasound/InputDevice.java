package org.midihost.javasound;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MidiDevice;
import javax.sound.midi.MidiDeviceTransmitter;
import javax.sound.midi.MidiMessage;
import javax.sound.midi.MidiUnavailableException;
import javax.sound.midi.Receiver;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.SysexMessage;
import javax.sound.midi.Transmitter;
import org.midihost.api.MidiException;
import org.midihost.api.MidiHeader;
import org.midihost.api.MidiHost;
import org.midihost.api.MidiIn;
import org.midihost.api.MidiInCallback;
import org.midihost.api.OpenOptions;

/**
 * A midihost input as a Java Sound device: any number of transmitters
 * ({@link #getMaxTransmitters()} -1), no receivers. While the device is open its midihost input
 * is started; every message it receives goes, in order, to the receiver of every transmitter (a
 * copy each when there are several), time-stamped in microseconds since the device was opened —
 * the time base of {@link #getMicrosecondPosition()}. The receivers are called on a host thread
 * of this device's own; a receiver that throws does not keep the others from their message.
 * System-exclusive messages arrive whole, however long.
 */
final class InputDevice extends HostMidiDevice<MidiIn> {
    private static final int BUFFERS = 4;
    private static final int BUFFER_BYTES = 64 * 1024;

    /** The handle being closed: its buffers, coming back, are not added again. */
    private volatile MidiIn closing;

    InputDevice(MidihostInfo info) {
        super(info);
    }

    @Override
    MidiIn openHandle(MidiHost host, long t0) throws MidiException {
        MidiIn in = host.openIn(info.endpointId(), new Delivery(t0), OpenOptions.defaults());
        try {
            for (int i = 0; i < BUFFERS; i++) {
                MidiHeader h = new MidiHeader(new byte[BUFFER_BYTES]);
                in.prepareHeader(h);
                in.addBuffer(h);
            }
            in.start();
            return in;
        } catch (MidiException e) {
            closeHandle(in);
            throw e;
        }
    }

    @Override
    void closeHandle(MidiIn h) {
        closing = h;
        try {
            h.reset(); // stops it and returns the buffers, so that close does not fail with STILLPLAYING
            h.close();
        } catch (MidiException e) {
            // gone already
        }
    }

    @Override
    public int getMaxReceivers() {
        return 0;
    }

    @Override
    public int getMaxTransmitters() {
        return -1;
    }

    /** @throws MidiUnavailableException always: an input has no receivers */
    @Override
    public Receiver getReceiver() throws MidiUnavailableException {
        throw new MidiUnavailableException(info.getDescription() + " is an input: it has no receivers");
    }

    @Override
    public List<Receiver> getReceivers() {
        return List.of();
    }

    /** @return a new transmitter, with no receiver yet; the device is not opened by this */
    @Override
    public Transmitter getTransmitter() {
        InTransmitter t = new InTransmitter();
        ends.add(t);
        return t;
    }

    @Override
    public List<Transmitter> getTransmitters() {
        List<Transmitter> list = new ArrayList<>();
        ends.forEach(e -> list.add((Transmitter) e));
        return Collections.unmodifiableList(list);
    }

    private void deliver(MidiMessage message, long timeStamp) {
        List<AutoCloseable> now = ends;
        int n = now.size();
        for (AutoCloseable end : now) {
            Receiver r = ((InTransmitter) end).receiver;
            if (r == null) {
                continue;
            }
            try {
                r.send(n > 1 ? (MidiMessage) message.clone() : message, timeStamp);
            } catch (RuntimeException e) {
                // one receiver's failure is its own: the others still get the message
            }
        }
    }

    /**
     * The midihost callbacks of one open: on a host thread, one at a time and in order (so the
     * sysex assembly needs no lock).
     */
    private final class Delivery implements MidiInCallback {
        private final long t0;
        private final ByteArrayOutputStream sysex = new ByteArrayOutputStream();

        Delivery(long t0) {
            this.t0 = t0;
        }

        private long stamp(long nanos) {
            return Math.max(0, (nanos - t0) / 1000);
        }

        @Override
        public void onData(MidiIn in, int message, long millis, long nanos) {
            ShortMessage m;
            try {
                m = new ShortMessage(message & 0xFF, message >> 8 & 0x7F, message >> 16 & 0x7F);
            } catch (InvalidMidiDataException e) {
                return; // the host delivers whole MIDI 1.0 messages only
            }
            deliver(m, stamp(nanos));
        }

        @Override
        public void onLongData(MidiIn in, MidiHeader header, long millis, long nanos) {
            int n = header.bytesRecorded();
            byte[] data = header.data();
            sysex.write(data, 0, n);
            if (n > 0 && (data[n - 1] & 0xFF) == 0xF7) {
                byte[] whole = sysex.toByteArray();
                sysex.reset();
                try {
                    deliver(new SysexMessage(whole, whole.length), stamp(nanos));
                } catch (InvalidMidiDataException e) {
                    // not starting with F0: a fragment the driver reported as an error already
                }
            }
            if (closing != in) {
                try {
                    in.addBuffer(header); // recycled at once, so a long dump arrives whole
                } catch (MidiException e) {
                    // closing
                }
            }
        }

        @Override
        public void onClose(MidiIn in) {
            closedByHost(in);
        }
    }

    /** A transmitter of this device. */
    private final class InTransmitter implements MidiDeviceTransmitter {
        private volatile Receiver receiver;

        @Override
        public void setReceiver(Receiver r) {
            receiver = r;
        }

        @Override
        public Receiver getReceiver() {
            return receiver;
        }

        @Override
        public void close() {
            receiver = null;
            removeEnd(this);
        }

        @Override
        public MidiDevice getMidiDevice() {
            return InputDevice.this;
        }
    }
}
