package org.midihost.stream.smf;

import java.io.ByteArrayOutputStream;

/** Builds Standard MIDI Files byte by byte, malformed ones included, for the reader's tests. */
final class SmfBytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** @return a file starting with a standard 6-byte header */
    static SmfBytes header(int format, int tracks, int division) {
        return new SmfBytes().ascii("MThd").u32(6).u16(format).u16(tracks).u16(division);
    }

    /** Appends an {@code MTrk} chunk with the given body, its length counted. */
    SmfBytes track(int... body) {
        return chunk("MTrk", body);
    }

    SmfBytes chunk(String id, int... body) {
        ascii(id).u32(body.length);
        return bytes(body);
    }

    SmfBytes ascii(String s) {
        for (char c : s.toCharArray()) {
            out.write(c);
        }
        return this;
    }

    SmfBytes u16(int v) {
        out.write(v >> 8);
        out.write(v);
        return this;
    }

    SmfBytes u32(long v) {
        return u16((int) (v >> 16)).u16((int) v);
    }

    SmfBytes bytes(int... bytes) {
        for (int b : bytes) {
            out.write(b);
        }
        return this;
    }

    int size() {
        return out.size();
    }

    byte[] toBytes() {
        return out.toByteArray();
    }
}
