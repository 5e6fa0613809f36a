package org.midihost.driver.synth;

/**
 * The device's volume, shared by all its clients and kept from one audio session to the next:
 * WinMM packing, left in the low 16 bits, right in the high 16, {@code 0xFFFF} full. Written by a
 * client's {@code setVolume}, read by the render thread once per block.
 */
final class Volume {
    private volatile int packed = 0xFFFF_FFFF;

    /** @return the volume, WinMM packing */
    int get() {
        return packed;
    }

    /** @param v the volume, WinMM packing */
    void set(int v) {
        packed = v;
    }
}
