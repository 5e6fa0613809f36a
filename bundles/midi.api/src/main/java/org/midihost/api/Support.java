package org.midihost.api;

/** Optional features of an output device ({@code dwSupport} of {@code MIDIOUTCAPS}, {@code MIDICAPS_*}). */
public enum Support {
    /** {@code MIDICAPS_VOLUME}: {@link MidiOut#setVolume(int)} works. */
    VOLUME(0x1),
    /** {@code MIDICAPS_LRVOLUME}: left and right volume are separate. */
    LRVOLUME(0x2),
    /** {@code MIDICAPS_CACHE}: patch caching. */
    CACHE(0x4),
    /** {@code MIDICAPS_STREAM}: the device takes stream (time-stamped) buffers itself. */
    STREAM(0x8);

    private final int bit;

    Support(int bit) {
        this.bit = bit;
    }

    /** @return the WinMM {@code MIDICAPS_*} bit */
    public int bit() {
        return bit;
    }
}
