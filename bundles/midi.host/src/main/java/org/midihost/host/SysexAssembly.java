package org.midihost.host;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import org.midihost.api.MidiHeader;

/**
 * An input handle's system-exclusive assembly ({@code MIM_LONGDATA}): the client's buffers in the
 * order it added them, and the messages being received, poured into them as their pieces arrive.
 * A full buffer goes back at once and the message continues in the next; the buffer holding a
 * message's end goes back with it.
 *
 * <p>Bytes that find no free buffer are held, in order, and poured into the buffers the client
 * adds later, so that a client briefly behind loses nothing. The bytes held are bounded
 * ({@link #maxHeld}): a message that would hold more is cut short there (its start comes back as
 * {@code MIM_LONGERROR}, the rest up to its end is dropped) and counted as lost.
 *
 * <p>Not thread-safe: the owning handle calls it under its own buffer lock.
 */
final class SysexAssembly {
    /** Default bound on the bytes held for a client with no free buffer: 16 MiB. */
    static final int DEFAULT_MAX_HELD = 16 << 20;

    /** A buffer that is done: data, or the start of a message cut short. */
    record Done(MidiHeader header, boolean error, long nanos) {
    }

    /** Bytes held for want of a buffer: a piece of a message, possibly its end (or its cut). */
    private static final class Held {
        final byte[] data;
        int poured;
        final boolean end;
        final boolean broken;
        final long nanos;

        Held(byte[] data, boolean end, boolean broken, long nanos) {
            this.data = data;
            this.end = end;
            this.broken = broken;
            this.nanos = nanos;
        }
    }

    private static final byte[] NONE = new byte[0];

    private final int maxHeld;
    private final ArrayDeque<MidiHeader> buffers = new ArrayDeque<>();
    private final ArrayDeque<Held> held = new ArrayDeque<>();
    private long heldBytes;
    /** Bytes of the current message already in the head buffer. */
    private int fill;
    /** The current message was cut short: drop its bytes up to its end. */
    private boolean discarding;

    SysexAssembly() {
        this(DEFAULT_MAX_HELD);
    }

    SysexAssembly(int maxHeld) {
        this.maxHeld = maxHeld;
    }

    /**
     * Queues a client buffer (already checked and marked queued) and pours held bytes into it.
     *
     * @param into where the buffers that are done go, in order
     */
    void add(MidiHeader h, List<Done> into) {
        h.setBytesRecorded(0);
        buffers.addLast(h);
        pour(into);
    }

    /** @return whether no buffer is queued */
    boolean isEmpty() {
        return buffers.isEmpty();
    }

    /** @return whether bytes wait for a buffer (the client is behind) */
    boolean holding() {
        return !held.isEmpty();
    }

    /** @return how many bytes wait for a buffer */
    long heldBytes() {
        return heldBytes;
    }

    /**
     * Pours a piece of a message into the buffers, holding what finds no room.
     *
     * @param into where the buffers that are done go (full, holding the message's end, or its cut
     *        start), in order
     * @return how many messages were lost here (0 or 1)
     */
    int feed(byte[] bytes, int offset, int length, boolean end, long nanos, List<Done> into) {
        if (discarding) {
            if (end) {
                discarding = false;
            }
            return 0;
        }
        int p = offset;
        int e = offset + length;
        if (held.isEmpty()) {
            while (p < e) {
                MidiHeader h = buffers.peekFirst();
                if (h == null) {
                    break;
                }
                int n = Math.min(h.bufferLength() - fill, e - p);
                System.arraycopy(bytes, p, h.data(), fill, n);
                fill += n;
                p += n;
                if (fill == h.bufferLength()) {
                    into.add(new Done(takeHead(), false, nanos));
                }
            }
            if (p == e) {
                if (end && fill > 0) {
                    into.add(new Done(takeHead(), false, nanos));
                }
                return 0;
            }
        }
        int rest = e - p;
        if (heldBytes + rest > maxHeld) {
            held.addLast(new Held(NONE, true, true, nanos)); // the message ends here, cut short
            discarding = !end;
            return 1;
        }
        held.addLast(new Held(Arrays.copyOfRange(bytes, p, e), end, false, nanos));
        heldBytes += rest;
        return 0;
    }

    /**
     * The message in progress was cut short (a status byte came before its F7, or the line broke).
     *
     * @param into where its start goes back, as an error, once it is in a buffer
     */
    void broken(long nanos, List<Done> into) {
        discarding = false;
        if (!held.isEmpty()) {
            held.addLast(new Held(NONE, true, true, nanos));
        } else if (fill > 0) {
            into.add(new Done(takeHead(), true, nanos));
        }
    }

    /**
     * Hands buffers back: the partly filled head ({@code midiInStop}), or every buffer
     * ({@code midiInReset}, close, detach), each marked done. Bytes held for want of a buffer are
     * dropped: the client stopped listening.
     */
    void take(boolean all, List<MidiHeader> into) {
        if (fill > 0) {
            into.add(takeHead());
        }
        discarding = false;
        held.clear();
        heldBytes = 0;
        if (all) {
            MidiHeader h;
            while ((h = buffers.pollFirst()) != null) {
                h.setBytesRecorded(0);
                Handle.markDone(h);
                into.add(h);
            }
        }
    }

    private void pour(List<Done> into) {
        while (!held.isEmpty()) {
            Held s = held.peekFirst();
            if (s.poured < s.data.length) {
                MidiHeader h = buffers.peekFirst();
                if (h == null) {
                    return;
                }
                int n = Math.min(h.bufferLength() - fill, s.data.length - s.poured);
                System.arraycopy(s.data, s.poured, h.data(), fill, n);
                fill += n;
                s.poured += n;
                heldBytes -= n;
                if (fill == h.bufferLength()) {
                    into.add(new Done(takeHead(), false, s.nanos));
                }
                continue;
            }
            held.pollFirst();
            if (s.end && fill > 0) {
                into.add(new Done(takeHead(), s.broken, s.nanos));
            }
        }
    }

    private MidiHeader takeHead() {
        MidiHeader h = buffers.pollFirst();
        h.setBytesRecorded(fill);
        fill = 0;
        Handle.markDone(h);
        return h;
    }
}
