package org.midihost.javasound;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiDevice;
import javax.sound.midi.MidiDeviceReceiver;
import javax.sound.midi.MidiMessage;
import javax.sound.midi.MidiUnavailableException;
import javax.sound.midi.Receiver;
import javax.sound.midi.Transmitter;
import org.midihost.api.MidiException;
import org.midihost.api.MidiHeader;
import org.midihost.api.MidiHost;
import org.midihost.api.MidiOut;
import org.midihost.api.MidiOutCallback;
import org.midihost.api.OpenOptions;

/**
 * A midihost output as a Java Sound device: any number of receivers
 * ({@link #getMaxReceivers()} -1), no transmitters. Messages go out at once on the sender's
 * thread; their time stamps are not used for scheduling (as with the JDK's own MIDI ports). A
 * message sent while the device is closed is dropped, as Java Sound's ports do.
 */
final class OutputDevice extends HostMidiDevice<MidiOut> {
    /** Whether a failed send has been logged: one line per device, not one per message. */
    private volatile boolean sendFailureLogged;

    OutputDevice(MidihostInfo info) {
        super(info);
    }

    @Override
    MidiOut openHandle(MidiHost host, long t0) throws MidiException {
        return host.openOut(info.endpointId(), new MidiOutCallback() {
            @Override
            public void onDone(MidiOut out, MidiHeader header) {
                try {
                    out.unprepareHeader(header);
                } catch (MidiException e) {
                    // the handle is closing; the header is garbage either way
                }
            }

            @Override
            public void onClose(MidiOut out) {
                closedByHost(out);
            }
        }, OpenOptions.defaults());
    }

    @Override
    void closeHandle(MidiOut h) {
        try {
            h.close();
        } catch (MidiException e) {
            if (e.result() == org.midihost.api.MmResult.MIDIERR_STILLPLAYING) {
                try {
                    h.reset(); // system-exclusive messages still queued come back done
                    h.close();
                } catch (MidiException again) {
                    // gone meanwhile
                }
            } // else gone already
        }
    }

    @Override
    public int getMaxReceivers() {
        return -1;
    }

    @Override
    public int getMaxTransmitters() {
        return 0;
    }

    /** @return a new receiver; the device is not opened by this (open it to send) */
    @Override
    public Receiver getReceiver() {
        OutReceiver r = new OutReceiver();
        ends.add(r);
        return r;
    }

    @Override
    public List<Receiver> getReceivers() {
        List<Receiver> list = new ArrayList<>();
        ends.forEach(e -> list.add((Receiver) e));
        return Collections.unmodifiableList(list);
    }

    /** @throws MidiUnavailableException always: an output has no transmitters */
    @Override
    public Transmitter getTransmitter() throws MidiUnavailableException {
        throw new MidiUnavailableException(info.getDescription() + " is an output: it has no transmitters");
    }

    @Override
    public List<Transmitter> getTransmitters() {
        return List.of();
    }

    void send(MidiMessage message) {
        MidiOut out = handle;
        if (out == null || message instanceof MetaMessage) {
            return; // closed: dropped, as Java Sound's ports do; meta events are no MIDI wire data
        }
        byte[] b = message.getMessage();
        int length = message.getLength();
        if (length == 0) {
            return;
        }
        int status = b[0] & 0xFF;
        try {
            if (status == 0xF0 || status == 0xF7) {
                byte[] data;
                if (status == 0xF7) { // a continuation or escape: the bytes after F7 go out as they are
                    data = java.util.Arrays.copyOfRange(b, 1, length);
                } else {
                    data = java.util.Arrays.copyOf(b, length);
                }
                if (data.length == 0) {
                    return;
                }
                MidiHeader h = new MidiHeader(data);
                out.prepareHeader(h);
                out.longMsg(h); // DONE unprepares it
            } else {
                int packed = status | (length > 1 ? (b[1] & 0x7F) << 8 : 0) | (length > 2 ? (b[2] & 0x7F) << 16 : 0);
                out.shortMsg(packed);
            }
        } catch (MidiException e) {
            if (!sendFailureLogged) {
                sendFailureLogged = true;
                HostDevices.LOG.log(Level.WARNING, "midihost: " + this + ": a message was not sent: " + e.getMessage());
            }
        }
    }

    /** A receiver of this device. Sending on a closed receiver is an {@link IllegalStateException}. */
    private final class OutReceiver implements MidiDeviceReceiver {
        private volatile boolean open = true;

        @Override
        public void send(MidiMessage message, long timeStamp) {
            if (!open) {
                throw new IllegalStateException("this receiver of " + OutputDevice.this + " is closed");
            }
            OutputDevice.this.send(message);
        }

        @Override
        public void close() {
            open = false;
            removeEnd(this);
        }

        @Override
        public MidiDevice getMidiDevice() {
            return OutputDevice.this;
        }
    }
}
