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

    private OpenOptions(Delivery delivery, Executor executor, boolean reconnect, Object instanceData,
            int queueCapacity, boolean ioStatus) {
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
                queueCapacity, ioStatus);
    }

    /**
     * {@link Delivery#THREAD} delivery through the caller's executor instead of a host thread. The
     * host never runs two callbacks of one handle at once, even on a multi-threaded executor.
     *
     * @param e the executor, or {@code null} for a host thread
     * @return options with {@link Delivery#THREAD} and that executor
     */
    public OpenOptions executor(Executor e) {
        return new OpenOptions(Delivery.THREAD, e, reconnect, instanceData, queueCapacity, ioStatus);
    }

    /**
     * @param r whether the handle reattaches when its endpoint comes back after its driver went
     *        (it gets CLOSE when the driver goes and OPEN when it is back)
     * @return options with that choice
     */
    public OpenOptions reconnect(boolean r) {
        return new OpenOptions(delivery, executor, r, instanceData, queueCapacity, ioStatus);
    }

    /**
     * @param data the caller's {@code dwInstance}, handed back by {@code MidiOut.instanceData()} /
     *        {@code MidiIn.instanceData()}; may be {@code null}
     * @return options with that instance data
     */
    public OpenOptions instanceData(Object data) {
        return new OpenOptions(delivery, executor, reconnect, data, queueCapacity, ioStatus);
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
        return new OpenOptions(delivery, executor, reconnect, instanceData, capacity, ioStatus);
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
        return new OpenOptions(delivery, executor, reconnect, instanceData, queueCapacity, s);
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
                + (ioStatus ? ", ioStatus" : "") + ", queue=" + queueCapacity + "]";
    }
}
