package org.midihost.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * The callbacks of an output handle ({@code MOM_OPEN}, {@code MOM_CLOSE}, {@code MOM_DONE}).
 * Calls for one handle come one at a time and in order, on the thread that {@link OpenOptions}
 * chose. A callback that throws is logged and does not stop later callbacks.
 */
@ConsumerType
public interface MidiOutCallback {
    /** A callback that does nothing. */
    MidiOutCallback NONE = new MidiOutCallback() {
    };

    /**
     * {@code MOM_OPEN}: the handle is open (again, after a reconnect). Always the first callback.
     *
     * @param out the handle
     */
    default void onOpen(MidiOut out) {
    }

    /**
     * {@code MOM_CLOSE}: the handle was closed, or its driver went away. The last callback, unless
     * the handle reconnects.
     *
     * @param out the handle
     */
    default void onClose(MidiOut out) {
    }

    /**
     * {@code MOM_DONE}: the host hands back a buffer given to {@link MidiOut#longMsg}: sent, or
     * returned by {@link MidiOut#reset()} or by the driver going away. It is {@link MidiHeader#DONE}
     * and no longer {@link MidiHeader#INQUEUE}.
     *
     * @param out the handle
     * @param header the buffer
     */
    default void onDone(MidiOut out, MidiHeader header) {
    }

    /**
     * The handle's driver was swapped (updated, restarted) and the handle, opened with
     * {@link OpenOptions#holdAcrossSwap(long)}, stayed open: what was sent during the gap has been
     * delivered, in order, to the device that came back. Not an error; no CLOSE or OPEN comes.
     *
     * @param out the handle
     * @since 1.2
     */
    default void onSwap(MidiOut out) {
    }
}
