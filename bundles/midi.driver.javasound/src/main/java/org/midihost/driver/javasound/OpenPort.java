package org.midihost.driver.javasound;

import java.util.concurrent.CopyOnWriteArrayList;
import javax.sound.midi.MidiDevice;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiMessage;
import javax.sound.midi.MidiUnavailableException;
import javax.sound.midi.Receiver;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Transmitter;
import org.midihost.api.MidiException;
import org.midihost.api.MmResult;

/**
 * One Java Sound port while midihost clients have it open: the device is opened by the first
 * client (output or input) and closed by the last, so clients share it. Outputs send to one
 * {@link Receiver} of the device, taken with the first output; inputs hear one {@link Transmitter},
 * taken with the first input, whose receiver ({@link #send}) hands every message to the started
 * inputs, on Java Sound's thread.
 *
 * <p>When the scan finds the port gone, {@link #gone()} closes the device; the instances then fail
 * with {@link MmResult#MMSYSERR_NODRIVER} until the host, which lists the devices again right after,
 * closes them.
 */
final class OpenPort implements Receiver {
    /** A device time stamp further back than this is not believed: the message is stamped now. */
    static final long MAX_STAMP_AGE_NANOS = 1_000_000_000L;

    private final JavaSoundPort port;
    private final String endpoint;
    private final JavaSoundScan scan;

    /*
     * Guards users, gone, receiver, transmitter and the device's open state. Taken by acquire and
     * release (the host opening and closing an instance of this port, output or input) and by gone
     * (the scanner, or the driver closing). Held across Java Sound's open and close of this one
     * device (and, after a failed open, the look at Java Sound's list that tells gone from busy), never
     * while calling a client: delivery (send) takes no lock, it reads `inputs`.
     */
    private final Object lock = new Object();
    private int users;
    private boolean gone;
    private Receiver receiver;
    private Transmitter transmitter;

    // The started inputs; send() reads it without a lock (copy on write).
    private final CopyOnWriteArrayList<PortInput> inputs = new CopyOnWriteArrayList<>();
    // The device clock at the moment of a System.nanoTime() reading, set when the transmitter is
    // taken (or with the first stamped message if the device had no clock then). Java Sound's thread
    // reads them; written under `lock` before the transmitter delivers, or on that thread.
    private volatile boolean anchored;
    private volatile long anchorNanos;
    private volatile long anchorMicros;

    OpenPort(JavaSoundPort port, String driverId, JavaSoundScan scan) {
        this.port = port;
        this.endpoint = driverId + "/" + port.id();
        this.scan = scan;
    }

    JavaSoundPort port() {
        return port;
    }

    String endpoint() {
        return endpoint;
    }

    /**
     * Counts one more client, opening the device for the first, and takes a receiver or
     * transmitter if this direction has none yet.
     *
     * @param output whether the client is an output (else an input)
     * @return the receiver for an output, {@code null} for an input
     * @throws MidiException {@link MmResult#MMSYSERR_ALLOCATED} naming the device if Java Sound
     *         says it is unavailable (another program holds it) while it is still listed;
     *         {@link MmResult#MMSYSERR_BADDEVICEID} if it has gone; {@link MmResult#MMSYSERR_ERROR}
     *         if Java Sound fails otherwise
     */
    Receiver acquire(boolean output) throws MidiException {
        synchronized (lock) {
            if (gone) {
                throw new MidiException(MmResult.MMSYSERR_BADDEVICEID, endpoint + " '" + port.name() + "' has gone");
            }
            boolean opened = false;
            try {
                if (users == 0) {
                    port.device().open();
                    opened = true;
                }
                if (output && receiver == null) {
                    receiver = port.device().getReceiver();
                } else if (!output && transmitter == null) {
                    Transmitter t = port.device().getTransmitter();
                    long micros = safePosition();
                    anchorNanos = System.nanoTime();
                    anchorMicros = micros;
                    anchored = micros >= 0;
                    t.setReceiver(this);
                    transmitter = t;
                }
                users++;
                return output ? receiver : null;
            } catch (MidiUnavailableException e) {
                undo(opened);
                if (!scan.isListed(port.info())) {
                    throw new MidiException(MmResult.MMSYSERR_BADDEVICEID, endpoint + " '" + port.name()
                            + "' has gone");
                }
                throw new MidiException(MmResult.MMSYSERR_ALLOCATED, endpoint + " '" + port.name()
                        + "' is unavailable, in use by another program? (" + e.getMessage() + ")");
            } catch (RuntimeException | LinkageError e) {
                undo(opened);
                throw new MidiException(MmResult.MMSYSERR_ERROR, endpoint + " '" + port.name()
                        + "': Java Sound failed to open it: " + e);
            }
        }
    }

    // Under lock: a failed first open leaves the device closed.
    private void undo(boolean opened) {
        if (opened || users == 0) {
            closeDevice();
        }
    }

    private long safePosition() {
        try {
            return port.device().getMicrosecondPosition();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** Counts one client less; the last closes the device. */
    void release() {
        synchronized (lock) {
            if (users > 0) {
                users--;
            }
            if (users == 0 && !gone) {
                closeDevice();
            }
        }
    }

    /** The port has gone from Java Sound's list (or the driver is closing): closes the device now. */
    void gone() {
        inputs.clear();
        synchronized (lock) {
            gone = true;
            closeDevice();
        }
    }

    boolean isGone() {
        return gone; // a stale read only delays the NODRIVER answer to the next call
    }

    // Under lock. Every Java Sound call guarded: a device that is gone may throw anything.
    private void closeDevice() {
        Transmitter t = transmitter;
        Receiver r = receiver;
        transmitter = null;
        receiver = null;
        anchored = false;
        try {
            if (t != null) {
                t.close();
            }
        } catch (RuntimeException e) {
            // closing anyway
        }
        try {
            if (r != null) {
                r.close();
            }
        } catch (RuntimeException e) {
            // closing anyway
        }
        try {
            port.device().close();
        } catch (RuntimeException e) {
            // closing anyway
        }
    }

    void start(PortInput in) {
        inputs.addIfAbsent(in);
    }

    void stop(PortInput in) {
        inputs.remove(in);
    }

    /**
     * {@link System#nanoTime()} of a message's arrival: from the device's time stamp when it gives
     * one (microseconds on the device's clock, {@link MidiDevice#getMicrosecondPosition()}), mapped
     * through the clock reading taken when the transmitter was set up; else now. A stamp in the
     * future is now; one more than {@value #MAX_STAMP_AGE_NANOS} ns back is not believed (now).
     */
    long arrivalNanos(long deviceMicros) {
        long now = System.nanoTime();
        if (deviceMicros < 0) {
            return now;
        }
        if (!anchored) {
            anchorMicros = deviceMicros;
            anchorNanos = now;
            anchored = true;
            return now;
        }
        long nanos = anchorNanos + (deviceMicros - anchorMicros) * 1000L;
        return nanos > now || now - nanos > MAX_STAMP_AGE_NANOS ? now : nanos;
    }

    /** Java Sound's transmitter delivers here, on its own thread: to every started input. */
    @Override
    public void send(MidiMessage message, long timeStamp) {
        // A MetaMessage is a file event (FF type length data), never MIDI on a wire: not a System Reset.
        if (message == null || message instanceof MetaMessage || inputs.isEmpty()) {
            return;
        }
        long nanos = arrivalNanos(timeStamp);
        if (message instanceof ShortMessage m) {
            int packed = m.getStatus() | m.getData1() << 8 | m.getData2() << 16;
            for (PortInput in : inputs) {
                in.data(packed, nanos);
            }
            return;
        }
        byte[] bytes = message.getMessage();
        int length = Math.min(message.getLength(), bytes.length);
        if (length <= 0) {
            return;
        }
        for (PortInput in : inputs) {
            in.bytes(bytes, length, nanos);
        }
    }

    /** Not called by Java Sound's transmitters on a receiver they do not own; nothing to do. */
    @Override
    public void close() {
    }
}
