package org.midihost.api;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A caller-owned buffer for system-exclusive data ({@code MIDIHDR}).
 *
 * <p>Output: put a whole system-exclusive message ({@code F0 … F7}) in {@link #data()}, set
 * {@link #bufferLength()} to its length, {@link MidiOut#prepareHeader prepare} the header, then
 * {@link MidiOut#longMsg send} it. The host marks it {@link #INQUEUE} until the driver is done
 * with it, then {@link #DONE} and hands it back through {@link MidiOutCallback#onDone}.
 *
 * <p>Input: prepare the header and {@link MidiIn#addBuffer add} it; the host fills it with
 * system-exclusive bytes, sets {@link #bytesRecorded()}, marks it {@link #DONE} and hands it back
 * through {@link MidiInCallback#onLongData}.
 *
 * <p>While a header is {@link #INQUEUE} the host owns its data: the caller must not touch it. The
 * flags are set by the host (the {@code mark}/{@code clear} methods are for host implementations)
 * and may be read from any thread.
 */
public final class MidiHeader {
    /** {@code MHDR_DONE}: the host has finished with the buffer and handed it back. */
    public static final int DONE = 0x1;
    /** {@code MHDR_PREPARED}: the buffer has been prepared. */
    public static final int PREPARED = 0x2;
    /** {@code MHDR_INQUEUE}: the buffer is queued on a device. */
    public static final int INQUEUE = 0x4;

    private final byte[] data;
    private volatile int bufferLength;
    private volatile int bytesRecorded;
    private final AtomicInteger flags = new AtomicInteger();
    private volatile Object userData;

    /**
     * A header over the whole of {@code data}.
     *
     * @param data the buffer, not {@code null}, not empty
     */
    public MidiHeader(byte[] data) {
        this(data, data.length);
    }

    /**
     * A header over the first {@code bufferLength} bytes of {@code data}.
     *
     * @param data the buffer, not {@code null}
     * @param bufferLength the bytes in use: for output the message length, for input the
     *        capacity; {@code 1..data.length}
     */
    public MidiHeader(byte[] data, int bufferLength) {
        this.data = Objects.requireNonNull(data, "data");
        setBufferLength(bufferLength);
    }

    /** @return the buffer itself (not a copy) */
    public byte[] data() {
        return data;
    }

    /** @return {@code dwBufferLength}: for output the message length, for input the capacity */
    public int bufferLength() {
        return bufferLength;
    }

    /**
     * @param length the new length, {@code 1..data().length}
     * @throws IllegalArgumentException if out of range
     * @throws IllegalStateException if the header is {@link #INQUEUE}
     */
    public void setBufferLength(int length) {
        if (length < 1 || length > data.length) {
            throw new IllegalArgumentException("buffer length " + length + " outside 1.." + data.length);
        }
        if (isInQueue()) {
            throw new IllegalStateException("header is queued");
        }
        this.bufferLength = length;
    }

    /** @return {@code dwBytesRecorded}: for input, the bytes the host put in the buffer */
    public int bytesRecorded() {
        return bytesRecorded;
    }

    /**
     * For host implementations: set the bytes recorded.
     *
     * @param n bytes, {@code 0..bufferLength()}
     */
    public void setBytesRecorded(int n) {
        if (n < 0 || n > bufferLength) {
            throw new IllegalArgumentException("bytes recorded " + n + " outside 0.." + bufferLength);
        }
        this.bytesRecorded = n;
    }

    /** @return {@code dwFlags}: a combination of {@link #DONE}, {@link #PREPARED}, {@link #INQUEUE} */
    public int flags() {
        return flags.get();
    }

    /** @return whether {@link #DONE} is set */
    public boolean isDone() {
        return (flags.get() & DONE) != 0;
    }

    /** @return whether {@link #PREPARED} is set */
    public boolean isPrepared() {
        return (flags.get() & PREPARED) != 0;
    }

    /** @return whether {@link #INQUEUE} is set */
    public boolean isInQueue() {
        return (flags.get() & INQUEUE) != 0;
    }

    /**
     * For host implementations: set and clear flags in one atomic step.
     *
     * @param set the flags to set
     * @param clear the flags to clear
     * @return the flags before the change
     */
    public int updateFlags(int set, int clear) {
        int old;
        do {
            old = flags.get();
        } while (!flags.compareAndSet(old, (old & ~clear) | set));
        return old;
    }

    /** @return the caller's data ({@code dwUser}), or {@code null} */
    public Object userData() {
        return userData;
    }

    /** @param userData the caller's data ({@code dwUser}), may be {@code null} */
    public void setUserData(Object userData) {
        this.userData = userData;
    }

    @Override
    public String toString() {
        return "MidiHeader[length=" + bufferLength + ", recorded=" + bytesRecorded + ", flags=" + flags.get() + "]";
    }
}
