package org.midihost.host;

import java.util.ArrayDeque;
import java.util.List;
import org.midihost.api.MidiHeader;

/**
 * An input handle's system-exclusive assembly ({@code MIM_LONGDATA}): the client's buffers in the
 * order it added them, and the message being received, poured into them as its pieces arrive. A
 * full buffer goes back at once and the message continues in the next; the buffer holding a
 * message's end goes back with it. A message that finds no buffer is lost whole (its bytes up to
 * its end are dropped) and counted.
 *
 * <p>Not thread-safe: the owning handle calls it under its own buffer lock.
 */
final class SysexAssembly {
    private final ArrayDeque<MidiHeader> buffers = new ArrayDeque<>();
    /** Bytes of the current message already in the head buffer. */
    private int fill;
    /** The current message found no buffer: drop its bytes up to its end. */
    private boolean discarding;

    /** Queues a client buffer (already checked and marked queued). */
    void add(MidiHeader h) {
        h.setBytesRecorded(0);
        buffers.addLast(h);
    }

    /** @return whether no buffer is queued */
    boolean isEmpty() {
        return buffers.isEmpty();
    }

    /**
     * Pours a piece of a message into the buffers.
     *
     * @param into where the buffers that are done go (full, or holding the message's end), in order
     * @return whether the message was lost here (it found no buffer); once per message
     */
    boolean feed(byte[] bytes, int offset, int length, boolean end, List<MidiHeader> into) {
        boolean lost = false;
        int p = offset;
        int e = offset + length;
        while (p < e && !discarding) {
            MidiHeader h = buffers.peekFirst();
            if (h == null) {
                discarding = true;
                lost = true;
                break;
            }
            int n = Math.min(h.bufferLength() - fill, e - p);
            System.arraycopy(bytes, p, h.data(), fill, n);
            fill += n;
            p += n;
            if (fill == h.bufferLength()) {
                into.add(takeHead());
            }
        }
        if (end) {
            if (!discarding && fill > 0) {
                into.add(takeHead());
            }
            discarding = false;
        }
        return lost;
    }

    /**
     * The message in progress was cut short.
     *
     * @return the buffer holding its start, done, for {@code MIM_LONGERROR}; {@code null} if no
     *         byte of it is in a buffer
     */
    MidiHeader broken() {
        discarding = false;
        return fill > 0 ? takeHead() : null;
    }

    /**
     * Hands buffers back: the partly filled head ({@code midiInStop}), or every buffer
     * ({@code midiInReset}, close, detach), each marked done.
     */
    void take(boolean all, List<MidiHeader> into) {
        if (fill > 0) {
            into.add(takeHead());
        }
        discarding = false;
        if (all) {
            MidiHeader h;
            while ((h = buffers.pollFirst()) != null) {
                h.setBytesRecorded(0);
                Handle.markDone(h);
                into.add(h);
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
