package org.midihost.api;

/** How the host delivers a handle's callbacks. */
public enum Delivery {
    /**
     * On the thread that produced the event (the driver's input thread, or the caller's thread
     * for DONE): the lowest latency. The callback must return quickly and must not call into
     * another device, or it may hold up the driver and every other client of the device.
     */
    DIRECT,
    /**
     * Through the handle's own bounded queue, drained in order by a host thread of the handle's
     * own or by the caller's {@link java.util.concurrent.Executor}: a callback that blocks or throws
     * holds up nobody but its own handle. When the queue is full, short messages are dropped and
     * counted, and {@link MidiInCallback#onOverflow} reports them; buffers are never dropped.
     */
    THREAD
}
