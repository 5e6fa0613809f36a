package org.midihost.driver.rtp.wire;

/**
 * Puts the system-exclusive segments of RFC 6295 §3.2 back together, in a buffer of fixed size:
 * {@code F0 … F7} is whole; {@code F0 … F0} begins a message, {@code F7 … F0} continues it,
 * {@code F7 … F7} ends it; a segment ending in {@code F4} cancels it. The caller calls
 * {@link #lost()} when packets were lost, so that a message missing a middle part is dropped,
 * not delivered with a hole. Allocates nothing after construction. Not thread-safe.
 */
public final class SysexReassembler {

    /** What a segment did. */
    public enum Status {
        /** A message is complete: {@link #buffer()}, {@code [0, length())}, F0 … F7. */
        COMPLETE,
        /** Part of a message taken; more to come. */
        PARTIAL,
        /** The sender cancelled the message (F4); the part received is dropped. */
        CANCELLED,
        /** The message grew past the bound; it is dropped, the rest of its segments ignored. */
        OVERFLOW,
        /** A continuation with no beginning (lost, overflowed or cancelled): ignored. */
        ORPHAN,
        /** A new message began while one was open: the open one is dropped, the new one taken. */
        INTERRUPTED,
        /** Not a segment (no F0/F7 at the start or no F0/F7/F4 at the end): ignored. */
        MALFORMED
    }

    private final byte[] buffer;
    private int length;
    private boolean open;

    /** @param maxBytes the longest message, F0 and F7 included */
    public SysexReassembler(int maxBytes) {
        if (maxBytes < 2) {
            throw new IllegalArgumentException("maxBytes " + maxBytes);
        }
        buffer = new byte[maxBytes];
    }

    /** Takes one segment as {@link MidiListSink#sysex} gives it. */
    public Status accept(byte[] b, int off, int len) {
        if (len < 2) {
            return Status.MALFORMED;
        }
        int first = b[off] & 0xFF;
        int last = b[off + len - 1] & 0xFF;
        if ((first != 0xF0 && first != 0xF7) || (last != 0xF0 && last != 0xF7 && last != 0xF4)) {
            return Status.MALFORMED;
        }
        Status status = Status.PARTIAL;
        if (first == 0xF0) {
            if (open) {
                status = Status.INTERRUPTED;
            }
            open = true;
            length = 0;
            buffer[length++] = (byte) 0xF0;
        } else if (!open) {
            return Status.ORPHAN;
        }
        if (last == 0xF4) {
            open = false;
            length = 0;
            return Status.CANCELLED;
        }
        int data = len - 2;
        int need = data + (last == 0xF7 ? 1 : 0);
        if (length + need > buffer.length) {
            open = false;
            length = 0;
            return Status.OVERFLOW;
        }
        System.arraycopy(b, off + 1, buffer, length, data);
        length += data;
        if (last == 0xF7) {
            buffer[length++] = (byte) 0xF7;
            open = false;
            return Status.COMPLETE;
        }
        return status;
    }

    /** Packets were lost: an open message cannot be completed and is dropped. */
    public boolean lost() {
        boolean was = open;
        open = false;
        length = 0;
        return was;
    }

    /** Whether a message is open (begun, not ended). */
    public boolean open() {
        return open;
    }

    /** The buffer that holds the message after {@link Status#COMPLETE}. */
    public byte[] buffer() {
        return buffer;
    }

    /** The length of the message after {@link Status#COMPLETE}. */
    public int length() {
        return length;
    }
}
