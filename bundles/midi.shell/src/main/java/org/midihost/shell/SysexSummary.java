package org.midihost.shell;

import org.midihost.stream.text.MessageText;

/**
 * A system-exclusive message received in pieces, kept as its length and its first and last bytes
 * (bounded memory, whatever its length), for one line of {@code midi:monitor}.
 */
final class SysexSummary {
    /** Bytes shown at each end of a long message; a message up to twice this is shown whole. */
    static final int SHOWN = 8;

    private final byte[] head = new byte[2 * SHOWN];
    private final byte[] tail = new byte[SHOWN];
    private long length;

    void append(byte[] data, int n) {
        for (int i = 0; i < n; i++) {
            if (length < head.length) {
                head[(int) length] = data[i];
            }
            tail[(int) (length % SHOWN)] = data[i];
            length++;
        }
    }

    void clear() {
        length = 0;
    }

    long length() {
        return length;
    }

    /** @return {@code sysex F0 … F7 (N bytes)}, with the middle of a long message left out */
    String text() {
        if (length <= head.length) {
            return MessageText.sysex(head, (int) length);
        }
        byte[] last = new byte[SHOWN];
        for (int i = 0; i < SHOWN; i++) {
            last[i] = tail[(int) ((length - SHOWN + i) % SHOWN)];
        }
        return "sysex " + MidiBytes.hex(head, 0, SHOWN) + " … " + MidiBytes.hex(last, 0, SHOWN) + " (" + length
                + " bytes)";
    }
}
