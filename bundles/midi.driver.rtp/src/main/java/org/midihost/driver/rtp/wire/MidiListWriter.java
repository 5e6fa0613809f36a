package org.midihost.driver.rtp.wire;

import org.midihost.driver.rtp.wire.WireException.Reason;

/**
 * Builds a MIDI command section (RFC 6295 §3) in a fixed buffer: add commands with their times,
 * then {@link #write} the header and the list. Uses running status for channel commands after
 * the first; omits the first delta time when it is zero (Z = 0). Allocates nothing after
 * construction. Not thread-safe.
 */
public final class MidiListWriter {

    private final byte[] list;
    private int limit;
    private int length;
    private int count;
    private long lastTime;
    private int running;
    private boolean z;

    /** @param capacity the longest list, at most {@link MidiCommandSection#MAX_LIST} */
    public MidiListWriter(int capacity) {
        if (capacity < 1 || capacity > MidiCommandSection.MAX_LIST) {
            throw new IllegalArgumentException("capacity " + capacity);
        }
        list = new byte[capacity];
        limit = capacity;
    }

    /** Limits the list to {@code octets} (at most the capacity), e.g. what the MTU leaves. */
    public MidiListWriter limit(int octets) {
        limit = Math.max(0, Math.min(octets, list.length));
        return this;
    }

    /** Starts an empty list. */
    public MidiListWriter clear() {
        length = 0;
        count = 0;
        lastTime = 0;
        running = 0;
        z = false;
        return this;
    }

    /** The octets a delta time takes. */
    static int deltaLength(long delta) {
        return delta < 0x80 ? 1 : delta < 0x4000 ? 2 : delta < 0x200000 ? 3 : 4;
    }

    /**
     * The octets {@link #add(long, int)} would add for {@code message} at {@code time} now
     * (delta time included).
     */
    public int cost(long time, int message) throws WireException {
        int status = message & 0xFF;
        int n = MidiCommandSection.dataLength(status) + (status < 0xF0 && status == running && count > 0 ? 0 : 1);
        return n + (count == 0 && time == 0 ? 0 : deltaLength(time - lastTime));
    }

    /** The room left in the list, in octets. */
    public int room() {
        return limit - length;
    }

    /**
     * Adds a channel, System Common or Real-time command (packed as in {@link MidiListSink}).
     *
     * @param time offset from the packet's timestamp, not before the previous command's
     * @return false (and nothing added) when it does not fit
     * @throws WireException BAD_MIDI for F0/F7 (use {@link #addSysex}), an undefined status, or
     *         a data octet above 0x7F
     */
    public boolean add(long time, int message) throws WireException {
        int status = message & 0xFF;
        if (status < 0x80 || status == 0xF0 || status == 0xF7) {
            throw new WireException(Reason.BAD_MIDI, String.format("not a command: 0x%06X", message));
        }
        int data = MidiCommandSection.dataLength(status);
        for (int i = 0; i < data; i++) {
            if ((message >>> (8 * (i + 1)) & 0x80) != 0) {
                throw new WireException(Reason.BAD_MIDI, String.format("data octet above 0x7F in 0x%06X", message));
            }
        }
        if (cost(time, message) > room()) {
            return false;
        }
        putDelta(time);
        if (!(status < 0xF0 && status == running && count > 0)) {
            list[length++] = (byte) status;
        }
        for (int i = 0; i < data; i++) {
            list[length++] = (byte) (message >>> (8 * (i + 1)));
        }
        if (status < 0xF0) {
            running = status;
        } else if (status < 0xF8) {
            running = 0;
        }
        count++;
        return true;
    }

    /**
     * Adds one system-exclusive segment as it goes on the wire (F0/F7 … F7/F0/F4).
     *
     * @return false (and nothing added) when it does not fit
     * @throws WireException BAD_MIDI when it is not a segment
     */
    public boolean addSysex(long time, byte[] b, int off, int len) throws WireException {
        if (len < 2 || (b[off] != (byte) 0xF0 && b[off] != (byte) 0xF7)) {
            throw new WireException(Reason.BAD_MIDI, "a segment begins with F0 or F7");
        }
        int last = b[off + len - 1] & 0xFF;
        if (last != 0xF7 && last != 0xF0 && last != 0xF4) {
            throw new WireException(Reason.BAD_MIDI, "a segment ends with F7, F0 or F4");
        }
        for (int i = off + 1; i < off + len - 1; i++) {
            if (b[i] < 0) {
                throw new WireException(Reason.BAD_MIDI, "status octet inside a segment");
            }
        }
        int cost = len + (count == 0 && time == 0 ? 0 : deltaLength(time - lastTime));
        if (cost > room()) {
            return false;
        }
        putDelta(time);
        System.arraycopy(b, off, list, length, len);
        length += len;
        running = 0;
        count++;
        return true;
    }

    private void putDelta(long time) {
        if (time < lastTime || time > 0x0FFFFFFFL + lastTime) {
            throw new IllegalArgumentException("time " + time + " after " + lastTime);
        }
        if (count == 0) {
            if (time == 0) {
                return;
            }
            z = true;
        }
        long d = time - lastTime;
        int n = deltaLength(d);
        for (int i = n - 1; i >= 0; i--) {
            list[length++] = (byte) ((d >>> (7 * i) & 0x7F) | (i > 0 ? 0x80 : 0));
        }
        lastTime = time;
    }

    /** The number of commands added. */
    public int count() {
        return count;
    }

    /** The octets {@link #write} writes: header and list. */
    public int sectionLength() {
        return (length > 15 ? 2 : 1) + length;
    }

    /**
     * Writes the section (header, then the list).
     *
     * @param journal the J flag: a recovery journal will follow
     * @return the octets written
     * @throws WireException BUFFER_TOO_SMALL
     */
    public int write(byte[] out, int off, boolean journal) throws WireException {
        int n = sectionLength();
        Bytes.room(out.length - off, n, "MIDI command section");
        int flags = (journal ? 0x40 : 0) | (z ? 0x20 : 0);
        if (length > 15) {
            out[off] = (byte) (0x80 | flags | length >>> 8);
            out[off + 1] = (byte) length;
        } else {
            out[off] = (byte) (flags | length);
        }
        System.arraycopy(list, 0, out, off + n - length, length);
        return n;
    }
}
