package org.midihost.host.midi;

import org.midihost.spi.InClient;

/**
 * Turns a raw MIDI 1.0 byte stream into messages, as a DIN port's receiver does: running status,
 * system real-time bytes anywhere (inside other messages and inside system exclusive), system
 * common messages, system exclusive of any length passed on in pieces, and every byte that fits
 * no message reported as an error. Every byte fed ends up in exactly one event: a message, a
 * system-exclusive piece, or an error.
 *
 * <p>Not thread-safe: one feeder at a time (the port driver holds its pin's lock). Allocation-free
 * after construction.
 */
public final class MidiByteParser {
    /** System-exclusive bytes are passed on in pieces of at most this many. */
    public static final int SYSEX_PIECE = 256;

    private final InClient sink;
    private final byte[] piece = new byte[SYSEX_PIECE];
    private int pieceLength;
    private boolean inSysex;

    /** The status of the channel message whose data bytes are awaited, 0 if none. */
    private int runningStatus;
    /** The status of the message being assembled, 0 between messages. */
    private int status;
    private int data1;
    private int have;
    private int need;
    /** Bytes fed that are in an event already; with {@link #pending} the total fed. */
    private long accounted;
    /** Bytes of the short message being assembled. */
    private int pending;

    public MidiByteParser(InClient sink) {
        this.sink = sink;
    }

    /**
     * @param bytes raw bytes as received
     * @param offset where they start
     * @param length how many
     * @param nanos {@link System#nanoTime()} when they were received
     */
    public void feed(byte[] bytes, int offset, int length, long nanos) {
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            feed(bytes[i] & 0xFF, nanos);
        }
        if (inSysex && pieceLength > 0) {
            flushPiece(false, nanos); // pass on what came, the rest follows in later reads
        }
    }

    /**
     * The line broke (the device went away, a read failed): a system-exclusive message in
     * progress is reported cut short, a short message in progress as an error, and running status
     * is forgotten.
     *
     * @param nanos when
     */
    public void lineBroken(long nanos) {
        if (inSysex) {
            breakSysex(nanos);
        } else if (status != 0) {
            sink.error(partial(), nanos);
            status = 0;
            accounted += pending;
            pending = 0;
        }
        runningStatus = 0;
    }

    /** @return bytes fed so far that have gone out in an event (message, sysex piece or error) */
    long accounted() {
        return accounted;
    }

    /** @return bytes fed so far that wait in a short message not yet complete */
    int pending() {
        return pending;
    }

    private void feed(int v, long nanos) {
        if (v >= 0xF8) {
            accounted++;
            if (v == 0xF9 || v == 0xFD) {
                sink.error(v, nanos); // undefined real-time: reported, touches nothing else
            } else {
                sink.data(v, nanos); // real-time: at once, even inside another message
            }
            return;
        }
        if (inSysex) {
            if (v < 0x80) {
                piece[pieceLength++] = (byte) v;
                if (pieceLength == SYSEX_PIECE) {
                    flushPiece(false, nanos);
                }
                return;
            }
            if (v == 0xF7) {
                piece[pieceLength++] = (byte) v;
                flushPiece(true, nanos);
                inSysex = false;
                return;
            }
            breakSysex(nanos); // any other status byte cuts the message short; then it counts itself
        }
        if (v >= 0x80) {
            statusByte(v, nanos);
        } else {
            dataByte(v, nanos);
        }
    }

    private void statusByte(int v, long nanos) {
        if (status != 0) {
            sink.error(partial(), nanos); // a message cut short by this status byte
            status = 0;
            accounted += pending;
            pending = 0;
        }
        switch (v) {
            case 0xF0 -> {
                inSysex = true;
                runningStatus = 0;
                piece[0] = (byte) 0xF0;
                pieceLength = 1;
            }
            case 0xF7, 0xF4, 0xF5 -> { // end of exclusive with no start; undefined system common
                runningStatus = 0;
                sink.error(v, nanos);
            }
            case 0xF6 -> {
                runningStatus = 0;
                sink.data(v, nanos);
            }
            case 0xF1, 0xF3 -> begin(v, 1, 0);
            case 0xF2 -> begin(v, 2, 0);
            default -> begin(v, (v & 0xE0) == 0xC0 ? 1 : 2, v); // channel messages: C0 and D0 take one byte
        }
        if (status == 0 && !inSysex) {
            accounted++; // F4, F5, F6, F7: an event of their own
        } else if (status != 0) {
            pending = 1;
        }
    }

    private void begin(int s, int n, int running) {
        status = s;
        need = n;
        have = 0;
        runningStatus = running;
    }

    private void dataByte(int v, long nanos) {
        if (status == 0) {
            if (runningStatus == 0) {
                sink.error(v, nanos); // a stray data byte: no status to belong to
                accounted++;
                return;
            }
            begin(runningStatus, (runningStatus & 0xE0) == 0xC0 ? 1 : 2, runningStatus);
        }
        pending++;
        if (have == 0) {
            data1 = v;
            have = 1;
            if (need == 1) {
                sink.data(status | v << 8, nanos);
                complete();
            }
        } else {
            sink.data(status | data1 << 8 | v << 16, nanos);
            complete();
        }
    }

    private void complete() {
        status = 0;
        accounted += pending;
        pending = 0;
    }

    private int partial() {
        return have == 0 ? status : status | data1 << 8;
    }

    private void flushPiece(boolean end, long nanos) {
        accounted += pieceLength;
        sink.sysex(piece, 0, pieceLength, end, nanos);
        pieceLength = 0;
    }

    private void breakSysex(long nanos) {
        if (pieceLength > 0) {
            flushPiece(false, nanos);
        }
        inSysex = false;
        sink.sysexError(nanos);
    }
}
