package org.midihost.driver.loopback;

import org.midihost.api.MidiException;
import org.midihost.api.MmResult;
import org.midihost.spi.InClient;
import org.midihost.spi.OutClient;

/**
 * One virtual cable: what its outputs send reaches every started input, on the sender's thread.
 *
 * <p>The started inputs are a volatile array, replaced whole (copy-on-write) when an input starts
 * or stops, so that a send reads one snapshot and walks it without allocating, and starting or
 * stopping an input never waits for a send.
 * A cable that a configuration change removed delivers nothing more and answers
 * {@link MmResult#MMSYSERR_NODRIVER}.
 */
final class Cable {
    private static final CableInput[] NONE = new CableInput[0];

    private final int index;

    /*
     * Two locks; neither is ever held while taking the other.
     *
     * `lock` guards the replacement of `inputs`, `removed` being set, and the open counts. Taken by:
     * openOutput/openInput (LoopbackDriver.openOut/openIn), closeOutput (CableOutput.close),
     * attach (CableInput.start), detach (CableInput.stop/close), remove (LoopbackDriver @Modified
     * and @Deactivate). Held only for those few field updates: never while calling a client.
     *
     * `sending` serialises the deliveries of this cable: held by send and sysex across the walk
     * over the started inputs, so the calls for one client never overlap and a sysex reaches each
     * input whole, whichever output sent it. It is held while calling clients, so the SPI's lock
     * rule decides who else may take it: not start, stop or close (a DIRECT callback that stops its
     * own input while another thread stops it under the host's device gate would deadlock), only
     * the send paths and remove. The send paths run under the host's gate of this cable's output
     * device, and take `sending` right after it and nothing after it but client code, so it adds
     * no lock cycle the gate does not already have; remove is not a call from the host (DS calls
     * it) and takes `sending` only to wait for a delivery in progress.
     */
    private final Object lock = new Object();
    private final Object sending = new Object();
    private volatile CableInput[] inputs = NONE;
    private volatile boolean removed;
    private int outputsOpen;
    private int inputsOpen;

    Cable(int index) {
        this.index = index;
    }

    CableOutput openOutput(OutClient client, boolean exclusive) throws MidiException {
        synchronized (lock) {
            checkOpenable(exclusive, outputsOpen, "output");
            outputsOpen++;
        }
        return new CableOutput(this, client);
    }

    CableInput openInput(InClient client, boolean exclusive) throws MidiException {
        synchronized (lock) {
            checkOpenable(exclusive, inputsOpen, "input");
            inputsOpen++;
        }
        return new CableInput(this, client);
    }

    private void checkOpenable(boolean exclusive, int open, String what) throws MidiException {
        if (removed) {
            // The caller's table snapshot still had the cable; a configuration change took it away.
            throw new MidiException(MmResult.MMSYSERR_BADDEVICEID, "loopback cable " + index + " was removed");
        }
        if (exclusive && open > 0) {
            throw new MidiException(MmResult.MMSYSERR_ALLOCATED, "loopback " + what + " " + index + " is open");
        }
    }

    void closeOutput() {
        synchronized (lock) {
            outputsOpen--;
        }
    }

    /**
     * Adds a started input.
     *
     * @return false if the cable has been removed
     */
    boolean attach(CableInput in) {
        synchronized (lock) {
            if (removed) {
                return false;
            }
            CableInput[] old = inputs;
            for (CableInput i : old) {
                if (i == in) {
                    return true;
                }
            }
            CableInput[] next = new CableInput[old.length + 1];
            System.arraycopy(old, 0, next, 0, old.length);
            next[old.length] = in;
            inputs = next;
            return true;
        }
    }

    /**
     * Removes an input from the started ones, if it is there.
     *
     * @param closing whether the input is closing, so that it no longer counts as open
     */
    void detach(CableInput in, boolean closing) {
        synchronized (lock) {
            if (closing) {
                inputsOpen--;
            }
            CableInput[] old = inputs;
            int at = -1;
            for (int i = 0; i < old.length; i++) {
                if (old[i] == in) {
                    at = i;
                    break;
                }
            }
            if (at < 0) {
                return;
            }
            if (old.length == 1) {
                inputs = NONE;
                return;
            }
            CableInput[] next = new CableInput[old.length - 1];
            System.arraycopy(old, 0, next, 0, at);
            System.arraycopy(old, at + 1, next, at, old.length - at - 1);
            inputs = next;
        }
    }

    /**
     * Takes the cable out of service: nothing more is delivered, and once this returns no call
     * into a client of this cable is under way or starts. Not a call from the host (DS calls it
     * from {@code @Modified} and {@code @Deactivate}), so it may wait for a delivery in progress.
     */
    void remove() {
        CableInput[] halted;
        synchronized (lock) {
            removed = true;
            halted = inputs;
            inputs = NONE;
        }
        for (CableInput in : halted) {
            in.halt();
        }
        // Outside `lock`: wait for a delivery in progress (it runs client code) to leave; any later
        // send sees `removed`.
        synchronized (sending) {
            // nothing to do inside: having the lock means no delivery is under way
        }
    }

    /**
     * Delivers a short message to every started input. Allocates nothing.
     *
     * @param message WinMM packing
     * @throws MidiException {@link MmResult#MMSYSERR_NODRIVER} if the cable has been removed
     */
    void send(int message) throws MidiException {
        if (nobodyListens()) {
            return;
        }
        synchronized (sending) {
            if (removed) {
                throw gone();
            }
            long nanos = System.nanoTime();
            for (CableInput in : inputs) {
                in.data(message, nanos);
            }
        }
    }

    /**
     * Delivers a whole system-exclusive message to every started input. The inputs' clients copy
     * the bytes before returning.
     *
     * @param bytes the message, from index 0
     * @param length its length
     * @throws MidiException {@link MmResult#MMSYSERR_NODRIVER} if the cable has been removed; then
     *         nothing has been delivered
     */
    void sysex(byte[] bytes, int length) throws MidiException {
        if (nobodyListens()) {
            return;
        }
        synchronized (sending) {
            if (removed) {
                throw gone();
            }
            long nanos = System.nanoTime();
            for (CableInput in : inputs) {
                in.sysex(bytes, length, nanos);
            }
        }
    }

    /**
     * @return true when no input is started: then there is no delivery to serialise, and a send
     *         takes no lock (an input starting meanwhile may miss it, as it would had it started a
     *         moment later)
     * @throws MidiException {@link MmResult#MMSYSERR_NODRIVER} if the cable has been removed
     */
    private boolean nobodyListens() throws MidiException {
        if (inputs.length != 0) {
            return false;
        }
        if (removed) {
            throw gone();
        }
        return true;
    }

    private MidiException gone() {
        return new MidiException(MmResult.MMSYSERR_NODRIVER, "loopback cable " + index + " was removed");
    }

    int index() {
        return index;
    }
}
