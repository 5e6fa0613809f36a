package org.midihost.stream;

import java.util.function.IntConsumer;

/**
 * The notes a stream left sounding (note-on without its note-off yet), so that pause, stop and
 * close can silence exactly those. Not thread-safe: the stream's lock guards it.
 */
final class Notes {
    /** Per channel, 128 bits: notes on. */
    private final long[] on = new long[32];
    private int count;

    /** @param message a packed short message just sent */
    void sent(int message) {
        int status = message & 0xF0;
        if (status != 0x80 && status != 0x90) {
            return;
        }
        int channel = message & 0x0F;
        int note = (message >> 8) & 0x7F;
        int velocity = (message >> 16) & 0x7F;
        int word = channel * 2 + (note >> 6);
        long bit = 1L << (note & 63);
        boolean wasOn = (on[word] & bit) != 0;
        if (status == 0x90 && velocity > 0) {
            if (!wasOn) {
                on[word] |= bit;
                count++;
            }
        } else if (wasOn) {
            on[word] &= ~bit;
            count--;
        }
    }

    /** @return notes sounding */
    int count() {
        return count;
    }

    /**
     * Sends a note-off (velocity 64) for every note sounding and forgets them.
     *
     * @param send sends one packed short message
     */
    void silence(IntConsumer send) {
        for (int word = 0; word < on.length && count > 0; word++) {
            long bits = on[word];
            while (bits != 0) {
                int low = Long.numberOfTrailingZeros(bits);
                bits &= bits - 1;
                int channel = word / 2;
                int note = (word % 2) * 64 + low;
                send.accept(0x80 | channel | note << 8 | 64 << 16);
                count--;
            }
            on[word] = 0;
        }
    }
}
