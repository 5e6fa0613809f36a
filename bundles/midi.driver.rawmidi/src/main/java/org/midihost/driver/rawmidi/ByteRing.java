package org.midihost.driver.rawmidi;

/**
 * A bounded first-in first-out queue of bytes in one preallocated array. Not thread-safe: each
 * stream guards its ring with its own lock.
 */
final class ByteRing {
    private final byte[] bytes;
    private int head;
    private int size;

    /**
     * @param capacity the most bytes it holds, at least 1
     */
    ByteRing(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("ring capacity " + capacity + " < 1");
        }
        bytes = new byte[capacity];
    }

    /**
     * Appends as many of the bytes as there is room for.
     *
     * @return how many were appended, {@code 0..length}
     */
    int put(byte[] from, int offset, int length) {
        int n = Math.min(length, bytes.length - size);
        int tail = (head + size) % bytes.length;
        int first = Math.min(n, bytes.length - tail);
        System.arraycopy(from, offset, bytes, tail, first);
        System.arraycopy(from, offset + first, bytes, 0, n - first);
        size += n;
        return n;
    }

    /**
     * Removes up to {@code length} bytes from the front.
     *
     * @return how many were removed, {@code 0..length}
     */
    int take(byte[] into, int offset, int length) {
        int n = Math.min(length, size);
        int first = Math.min(n, bytes.length - head);
        System.arraycopy(bytes, head, into, offset, first);
        System.arraycopy(bytes, 0, into, offset + first, n - first);
        head = (head + n) % bytes.length;
        size -= n;
        return n;
    }

    void clear() {
        head = 0;
        size = 0;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    boolean isFull() {
        return size == bytes.length;
    }
}
