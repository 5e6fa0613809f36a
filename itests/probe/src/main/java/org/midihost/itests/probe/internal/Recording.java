package org.midihost.itests.probe.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** What one probe output device received, in order; one lock per device. */
final class Recording {
    // A primitive array, not a list of Integer: a hot-swap test records a few hundred thousand
    // messages, and the recording should not be what slows the sender down.
    private int[] shorts = new int[1024];
    private int shortCount;
    private final List<byte[]> sysex = new ArrayList<>();
    private int open;
    private int maxOpen;

    synchronized void recordShort(int message) {
        if (shortCount == shorts.length) {
            shorts = Arrays.copyOf(shorts, shorts.length * 2);
        }
        shorts[shortCount++] = message;
    }

    synchronized void recordSysex(byte[] message) {
        sysex.add(message);
    }

    synchronized void opened() {
        open++;
        maxOpen = Math.max(maxOpen, open);
    }

    synchronized void closed() {
        open--;
    }

    synchronized int[] shortMessages() {
        return Arrays.copyOf(shorts, shortCount);
    }

    synchronized int shortMessageCount() {
        return shortCount;
    }

    synchronized List<byte[]> sysex() {
        List<byte[]> copy = new ArrayList<>(sysex.size());
        for (byte[] b : sysex) {
            copy.add(b.clone());
        }
        return copy;
    }

    synchronized int openCount() {
        return open;
    }

    synchronized int maxOpenCount() {
        return maxOpen;
    }

    synchronized void clear() {
        shorts = new int[1024];
        shortCount = 0;
        sysex.clear();
        maxOpen = open;
    }
}
