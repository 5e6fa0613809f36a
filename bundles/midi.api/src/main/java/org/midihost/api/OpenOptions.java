package org.midihost.api;

import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * How a handle is opened: callback delivery, reconnection, the caller's instance data
 * ({@code dwInstance}). Immutable; start from {@link #defaults()} or {@link #direct()}.
 */
public final class OpenOptions {
    /**
     * Default bound of a {@link Delivery#THREAD} handle's event queue: the most it grows to
     * (since 1.2; it was a fixed size of 4096 before). The queue starts small and grows with a
     * burst, so a client that is briefly behind loses nothing.
     */
    public static final int DEFAULT_QUEUE_CAPACITY = 1 << 20;

    private static final OpenOptions DEFAULTS = new OpenOptions(Delivery.THREAD, null, false, null,
            DEFAULT_QUEUE_CAPACITY, false);

    private final Delivery delivery;
    private final Executor executor;
    private final boolean reconnect;
    private final Object instanceData;
    private final int queueCapacity;
    private final boolean ioStatus;
    private final long holdMillis;

    private OpenOptions(Delivery delivery, Executor executor, boolean reconnect, Object instanceData,
            int queueCapacity, boolean ioStatus) {
        this(delivery, executor, reconnect, instanceData, queueCapacity, ioStatus, 0);
    }

    private OpenOptions(Delivery delivery, Executor executor, boolean reconnect, Object instanceData,
            int queueCapacity, boolean ioStatus, long holdMillis) {
        this.holdMillis = holdMillis;
        this.delivery = delivery;
        this.executor = executor;
        this.reconnect = reconnect;
        this.instanceData = instanceData;
        this.queueCapacity = queueCapacity;
        this.ioStatus = ioStatus;
    }

    /** @return {@link Delivery#THREAD} on a host thread, no reconnect, no instance data */
    public static OpenOptions defaults() {
        return DEFAULTS;
    }

    /** @return the defaults with {@link Delivery#DIRECT} delivery */
    public static OpenOptions direct() {
        return DEFAULTS.delivery(Delivery.DIRECT);
    }

    /**
     * @param d the delivery, not {@code null}
     * @return options with that delivery
     */
    public OpenOptions delivery(Delivery d) {
        return new OpenOptions(Objects.requireNonNull(d, "delivery"), executor, reconnect, instanceData,
                queueCapacity, ioStatus, holdMillis);
    }

    /**
     * {@link Delivery#THREAD} delivery through the caller's executor instead of a host thread. The
     * host never runs two callbacks of one handle at once, even on a multi-threaded executor.
     *
     * @param e the executor, or {@code null} for a host thread
     * @return options with {@link Delivery#THREAD} and that executor
     */
    public OpenOptions executor(Executor e) {
        return new OpenOptions(Delivery.THREAD, e, reconnect, instanceData, queueCapacity, ioStatus, holdMillis);
    }

    /**
     * @param r whether the handle reattaches when its endpoint comes back after its driver went
     *        (it gets CLOSE when the driver goes and OPEN when it is back)
     * @return options with that choice
     */
    public OpenOptions reconnect(boolean r) {
        return new OpenOptions(delivery, executor, r, instanceData, queueCapacity, ioStatus, holdMillis);
    }

    /**
     * @param data the caller's {@code dwInstance}, handed back by {@code MidiOut.instanceData()} /
     *        {@code MidiIn.instanceData()}; may be {@code null}
     * @return options with that instance data
     */
    public OpenOptions instanceData(Object data) {
        return new OpenOptions(delivery, executor, reconnect, data, queueCapacity, ioStatus, holdMillis);
    }

    /**
     * @param capacity the most events a {@link Delivery#THREAD} handle queues before it drops
     *        short messages (and reports how many through {@code onOverflow}),
     *        {@code 16..1<<20}; the queue starts smaller and grows on demand up to it
     * @return options with that bound
     */
    public OpenOptions queueCapacity(int capacity) {
        if (capacity < 16 || capacity > 1 << 20) {
            throw new IllegalArgumentException("queue capacity outside 16..1048576: " + capacity);
        }
        return new OpenOptions(delivery, executor, reconnect, instanceData, capacity, ioStatus, holdMillis);
    }

    /**
     * {@code MIDI_IO_STATUS}: an input handle gets {@link MidiInCallback#onMoreData} instead of
     * {@link MidiInCallback#onData} for a message that has more queued behind it, so that it can
     * catch up before doing slow work.
     *
     * @param s whether to report MOREDATA
     * @return options with that choice
     */
    public OpenOptions ioStatus(boolean s) {
        return new OpenOptions(delivery, executor, reconnect, instanceData, queueCapacity, s, holdMillis);
    }

    /**
     * Holds the handle open across a swap of its own driver (an update, a restart): when the
     * device's driver goes and the same endpoint comes back within {@code millis}, the handle
     * stays open with no CLOSE or OPEN; what it sends meanwhile (short and long messages, up to
     * {@value #HOLD_QUEUE} of them; more gives {@code MIDIERR_NOTREADY}) is delivered in order
     * once the device is back; an input resumes, started if it was; and the client gets
     * {@code onSwap}. If the endpoint does not come back in time, the handle goes on as without
     * this option (CLOSE, and a reconnect if asked for); the messages it queued are not delivered
     * (long ones come back done) and the host logs how many.
     *
     * @param millis how long to wait for the endpoint, {@code 0} (the default) for not at all,
     *        up to 10 minutes
     * @return options with that bound
     * @since 1.2
     */
    public OpenOptions holdAcrossSwap(long millis) {
        if (millis < 0 || millis > 600_000) {
            throw new IllegalArgumentException("hold outside 0..600000 ms: " + millis);
        }
        return new OpenOptions(delivery, executor, reconnect, instanceData, queueCapacity, ioStatus, millis);
    }

    /** Messages a held handle queues while its driver is being swapped. */
    public static final int HOLD_QUEUE = 65_536;

    /**
     * @return how long the handle is held open across a swap of its driver, in milliseconds; 0
     *         for not at all
     * @since 1.2
     */
    public long holdMillis() {
        return holdMillis;
    }

    /** @return the delivery */
    public Delivery delivery() {
        return delivery;
    }

    /** @return the caller's executor, or {@code null} for a host thread */
    public Executor executor() {
        return executor;
    }

    /** @return whether the handle reattaches when its endpoint comes back */
    public boolean reconnect() {
        return reconnect;
    }

    /** @return the caller's instance data, or {@code null} */
    public Object instanceData() {
        return instanceData;
    }

    /** @return the bound of a {@link Delivery#THREAD} handle's event queue */
    public int queueCapacity() {
        return queueCapacity;
    }

    /** @return whether MOREDATA is reported */
    public boolean ioStatus() {
        return ioStatus;
    }

    @Override
    public String toString() {
        return "OpenOptions[" + delivery + (executor != null ? ", executor" : "") + (reconnect ? ", reconnect" : "")
                + (ioStatus ? ", ioStatus" : "") + (holdMillis > 0 ? ", hold=" + holdMillis + "ms" : "")
                + ", queue=" + queueCapacity + "]";
    }
}
