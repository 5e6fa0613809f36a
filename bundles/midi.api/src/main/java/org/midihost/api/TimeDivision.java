package org.midihost.api;

/**
 * The time division of a stream or a Standard MIDI File ({@code MIDIPROP_TIMEDIV}): either ticks
 * per quarter note (PPQ; a tick's length then follows the tempo) or SMPTE frames per second and
 * ticks per frame (a tick is then a fixed time, and tempo does not apply).
 *
 * @param ppq ticks per quarter note, 1..32767; 0 for SMPTE
 * @param framesPerSecond 24, 25, 29 (30 drop-frame, 29.97 frames/s) or 30; 0 for PPQ
 * @param ticksPerFrame ticks per SMPTE frame, 1..255; 0 for PPQ
 * @since 1.3
 */
public record TimeDivision(int ppq, int framesPerSecond, int ticksPerFrame) {
    /**
     * Checks the fields.
     *
     * @param ppq ticks per quarter note, 1..32767; 0 for SMPTE
     * @param framesPerSecond 24, 25, 29 (30 drop-frame, 29.97 frames/s) or 30; 0 for PPQ
     * @param ticksPerFrame ticks per SMPTE frame, 1..255; 0 for PPQ
     * @throws IllegalArgumentException unless exactly one of the two forms is given, in range
     */
    public TimeDivision {
        if (ppq != 0) {
            if (ppq < 1 || ppq > 0x7FFF || framesPerSecond != 0 || ticksPerFrame != 0) {
                throw new IllegalArgumentException("time division: " + ppq + " ticks per quarter note is outside 1..32767");
            }
        } else {
            if (framesPerSecond != 24 && framesPerSecond != 25 && framesPerSecond != 29 && framesPerSecond != 30) {
                throw new IllegalArgumentException("time division: SMPTE " + framesPerSecond
                        + " frames per second is not 24, 25, 29 (drop frame) or 30");
            }
            if (ticksPerFrame < 1 || ticksPerFrame > 255) {
                throw new IllegalArgumentException("time division: " + ticksPerFrame + " ticks per frame is outside 1..255");
            }
        }
    }

    /**
     * @param ticksPerQuarter ticks per quarter note, 1..32767
     * @return a PPQ division
     */
    public static TimeDivision ppq(int ticksPerQuarter) {
        return new TimeDivision(ticksPerQuarter, 0, 0);
    }

    /**
     * @param framesPerSecond 24, 25, 29 (drop frame) or 30
     * @param ticksPerFrame 1..255
     * @return an SMPTE division
     */
    public static TimeDivision smpte(int framesPerSecond, int ticksPerFrame) {
        return new TimeDivision(0, framesPerSecond, ticksPerFrame);
    }

    /**
     * @param word the 16-bit division of an SMF header: bit 15 clear for PPQ, set for SMPTE
     *        (negative frames per second in the high byte, ticks per frame in the low)
     * @return the division
     * @throws IllegalArgumentException if the word is not a valid division
     */
    public static TimeDivision fromSmf(int word) {
        if ((word & ~0xFFFF) != 0) {
            throw new IllegalArgumentException("time division 0x" + Integer.toHexString(word) + " is not 16 bits");
        }
        if ((word & 0x8000) == 0) {
            if (word == 0) {
                throw new IllegalArgumentException("time division 0 ticks per quarter note");
            }
            return ppq(word);
        }
        return smpte(-(byte) (word >> 8), word & 0xFF);
    }

    /** @return the 16-bit SMF form */
    public int toSmf() {
        return isSmpte() ? ((-framesPerSecond) & 0xFF) << 8 | ticksPerFrame : ppq;
    }

    /** @return whether ticks are a fixed time (SMPTE) */
    public boolean isSmpte() {
        return ppq == 0;
    }

    /**
     * @return the length of a tick in nanoseconds under SMPTE (29 means 29.97 frames/s)
     * @throws IllegalStateException for a PPQ division, whose tick follows the tempo
     */
    public double smpteTickNanos() {
        if (!isSmpte()) {
            throw new IllegalStateException("a PPQ tick has no fixed length");
        }
        double fps = framesPerSecond == 29 ? 30_000.0 / 1001 : framesPerSecond;
        return 1e9 / (fps * ticksPerFrame);
    }

    @Override
    public String toString() {
        return isSmpte() ? "SMPTE " + (framesPerSecond == 29 ? "29.97" : framesPerSecond) + " fps × " + ticksPerFrame
                : ppq + " PPQ";
    }
}
