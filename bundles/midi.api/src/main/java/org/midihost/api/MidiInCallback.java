package org.midihost.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * The callbacks of an input handle ({@code MIM_*}). Calls for one handle come one at a time and in
 * order, on the thread that {@link OpenOptions} chose. A callback that throws is logged and does
 * not stop later callbacks.
 *
 * <p>Time stamps: {@code millis} counts milliseconds since {@link MidiIn#start()}, as WinMM's
 * {@code dwParam2}; {@code nanos} is the {@link System#nanoTime()} at which the driver received the
 * message.
 */
@ConsumerType
public interface MidiInCallback {
    /** A callback that does nothing. */
    MidiInCallback NONE = new MidiInCallback() {
    };

    /**
     * {@code MIM_OPEN}: the handle is open (again, after a reconnect). Always the first callback.
     *
     * @param in the handle
     */
    default void onOpen(MidiIn in) {
    }

    /**
     * {@code MIM_CLOSE}: the handle was closed, or its driver went away.
     *
     * @param in the handle
     */
    default void onClose(MidiIn in) {
    }

    /**
     * {@code MIM_DATA}: a complete short message (channel, system common or real-time), status
     * always present (running status is expanded).
     *
     * @param in the handle
     * @param message the message, WinMM packing: status in the low byte, then data 1, data 2
     * @param millis milliseconds since {@link MidiIn#start()}
     * @param nanos {@link System#nanoTime()} at arrival
     */
    default void onData(MidiIn in, int message, long millis, long nanos) {
    }

    /**
     * {@code MIM_MOREDATA}: as {@link #onData}, for a handle opened with
     * {@link OpenOptions#ioStatus(boolean)}, when more events are queued behind this one.
     *
     * @param in the handle
     * @param message the message, WinMM packing
     * @param millis milliseconds since {@link MidiIn#start()}
     * @param nanos {@link System#nanoTime()} at arrival
     */
    default void onMoreData(MidiIn in, int message, long millis, long nanos) {
        onData(in, message, millis, nanos);
    }

    /**
     * {@code MIM_LONGDATA}: a buffer given to {@link MidiIn#addBuffer} comes back, holding
     * {@link MidiHeader#bytesRecorded()} bytes of system-exclusive data: the end of a message, a
     * full buffer in the middle of one (the message goes on in the next buffer), or — after
     * {@link MidiIn#stop()}, {@link MidiIn#reset()} or the driver going away — whatever it had,
     * possibly nothing.
     *
     * @param in the handle
     * @param header the buffer, {@link MidiHeader#DONE}
     * @param millis milliseconds since {@link MidiIn#start()}
     * @param nanos {@link System#nanoTime()} when the buffer was handed back
     */
    default void onLongData(MidiIn in, MidiHeader header, long millis, long nanos) {
    }

    /**
     * {@code MIM_ERROR}: the driver received an invalid short message (a stray data byte, an
     * undefined status byte), given as received.
     *
     * @param in the handle
     * @param message the bytes, WinMM packing
     * @param millis milliseconds since {@link MidiIn#start()}
     * @param nanos {@link System#nanoTime()} at arrival
     */
    default void onError(MidiIn in, int message, long millis, long nanos) {
    }

    /**
     * {@code MIM_LONGERROR}: a buffer comes back holding an invalid or truncated system-exclusive
     * message.
     *
     * @param in the handle
     * @param header the buffer, {@link MidiHeader#DONE}
     * @param millis milliseconds since {@link MidiIn#start()}
     * @param nanos {@link System#nanoTime()} when the buffer was handed back
     */
    default void onLongError(MidiIn in, MidiHeader header, long millis, long nanos) {
    }

    /**
     * Input was lost: the handle's {@link Delivery#THREAD} queue was full (short messages
     * dropped), or a system-exclusive message arrived while no buffer was queued. Reported before
     * the next event that could be delivered. Beyond WinMM, which loses such data silently.
     *
     * @param in the handle
     * @param lost the number of messages lost since the last report
     */
    default void onOverflow(MidiIn in, long lost) {
    }

    /**
     * The handle's driver was swapped (updated, restarted) and the handle, opened with
     * {@link OpenOptions#holdAcrossSwap(long)}, stayed open: it listens to the device that came
     * back, started if it was, with its buffers. Input that arrived at the old device while it went
     * is not part of this handle's input. Not an error; no CLOSE or OPEN comes.
     *
     * @param in the handle
     * @since 1.2
     */
    default void onSwap(MidiIn in) {
    }
}
