package org.midihost.driver.rtp.wire;

import org.midihost.driver.rtp.wire.WireException.Reason;

/** Big-endian reads and writes with bounds checks that give {@link WireException}s. */
final class Bytes {

    private Bytes() {
    }

    static void need(int available, int needed, String what) throws WireException {
        if (available < needed) {
            throw new WireException(Reason.TRUNCATED, what + " needs " + needed + " octets, has " + available);
        }
    }

    static void room(int available, int needed, String what) throws WireException {
        if (available < needed) {
            throw new WireException(Reason.BUFFER_TOO_SMALL, what + " needs " + needed + " octets, room for " + available);
        }
    }

    static int u8(byte[] b, int i) {
        return b[i] & 0xFF;
    }

    static int u16(byte[] b, int i) {
        return (b[i] & 0xFF) << 8 | (b[i + 1] & 0xFF);
    }

    static int i32(byte[] b, int i) {
        return (b[i] & 0xFF) << 24 | (b[i + 1] & 0xFF) << 16 | (b[i + 2] & 0xFF) << 8 | (b[i + 3] & 0xFF);
    }

    static long i64(byte[] b, int i) {
        return (long) i32(b, i) << 32 | (i32(b, i + 4) & 0xFFFFFFFFL);
    }

    static void put16(byte[] b, int i, int v) {
        b[i] = (byte) (v >>> 8);
        b[i + 1] = (byte) v;
    }

    static void put32(byte[] b, int i, int v) {
        b[i] = (byte) (v >>> 24);
        b[i + 1] = (byte) (v >>> 16);
        b[i + 2] = (byte) (v >>> 8);
        b[i + 3] = (byte) v;
    }

    static void put64(byte[] b, int i, long v) {
        put32(b, i, (int) (v >>> 32));
        put32(b, i + 4, (int) v);
    }
}
