package org.midihost.driver.javasound;

import java.util.concurrent.atomic.AtomicBoolean;
import org.midihost.api.MidiException;
import org.midihost.api.MmResult;
import org.midihost.spi.InClient;
import org.midihost.spi.InInstance;

/**
 * One client's input on a Java Sound port. {@link OpenPort} hands it every message its transmitter
 * gets, on Java Sound's thread; while started it passes them on to the client: short messages as
 * {@code data}, system-exclusive ones as {@code sysex} (Java Sound's {@code F7} continuation
 * messages as further pieces of the same message), a stray data byte or {@code F7} as
 * {@code error}, and a system-exclusive message cut short by another status as {@code sysexError}.
 *
 * <p>No lock here: {@code stop()} and {@code close()} only clear a flag and leave the port's list,
 * so they never wait for a delivery under way (the lock rule in {@link org.midihost.spi.MidiDriver}).
 */
final class PortInput implements InInstance {
    private final OpenPort port;
    private final InClient client;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean started;
    // Java Sound's delivery thread only: whether this client is inside a system-exclusive message.
    private boolean inSysex;

    PortInput(OpenPort port, InClient client) {
        this.port = port;
        this.client = client;
    }

    @Override
    public void start() throws MidiException {
        if (closed.get()) {
            throw new MidiException(MmResult.MMSYSERR_INVALHANDLE, port.endpoint() + ": closed");
        }
        if (port.isGone()) {
            throw new MidiException(MmResult.MMSYSERR_NODRIVER, port.endpoint() + " '" + port.port().name()
                    + "' has gone");
        }
        started = true;
        port.start(this);
    }

    @Override
    public void stop() {
        started = false;
        port.stop(this);
    }

    /** Idempotent; the last client's close closes the Java Sound device. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            stop();
            port.release();
        }
    }

    /** A short message (WinMM packing) arrived. */
    void data(int message, long nanos) {
        if (!started) {
            return;
        }
        int status = message & 0xFF;
        try {
            if (status < 0xF8 && inSysex) {
                // Any status but a real-time one ends a system-exclusive message without its F7.
                inSysex = false;
                client.sysexError(nanos);
            }
            if (status < 0x80) {
                client.error(message, nanos);
            } else {
                client.data(message, nanos);
            }
        } catch (RuntimeException e) {
            // The host's side does not throw; if it did, Java Sound's thread must live on.
        }
    }

    /** A message that Java Sound gave as bytes (system exclusive, or a message of another class). */
    void bytes(byte[] b, int length, long nanos) {
        if (!started) {
            return;
        }
        int status = b[0] & 0xFF;
        try {
            if (status == 0xF0) {
                if (inSysex) {
                    inSysex = false;
                    client.sysexError(nanos);
                }
                boolean end = length > 1 && (b[length - 1] & 0xFF) == 0xF7;
                client.sysex(b, 0, length, end, nanos);
                inSysex = !end;
            } else if (status == 0xF7) {
                if (!inSysex) {
                    client.error(0xF7, nanos);
                } else if (length > 1) {
                    boolean end = (b[length - 1] & 0xFF) == 0xF7;
                    client.sysex(b, 1, length - 1, end, nanos);
                    inSysex = !end;
                }
            } else {
                int message = status | (length > 1 ? (b[1] & 0xFF) << 8 : 0) | (length > 2 ? (b[2] & 0xFF) << 16 : 0);
                data(message, nanos);
            }
        } catch (RuntimeException e) {
            // as in data()
        }
    }
}
