package org.midihost.api;

/** What an output device is ({@code wTechnology} of {@code MIDIOUTCAPS}, {@code MOD_*}). */
public enum Technology {
    /** {@code MOD_MIDIPORT}: a hardware or virtual port; messages leave the host. */
    PORT(1),
    /** {@code MOD_SYNTH}: a generic internal synthesizer. */
    SYNTH(2),
    /** {@code MOD_SQSYNTH}: a square-wave synthesizer. */
    SQSYNTH(3),
    /** {@code MOD_FMSYNTH}: an FM synthesizer. */
    FMSYNTH(4),
    /** {@code MOD_MAPPER}: the MIDI mapper. */
    MAPPER(5),
    /** {@code MOD_WAVETABLE}: a hardware wavetable synthesizer. */
    WAVETABLE(6),
    /** {@code MOD_SWSYNTH}: a software synthesizer. */
    SWSYNTH(7);

    private final int code;

    Technology(int code) {
        this.code = code;
    }

    /** @return the WinMM {@code MOD_*} value */
    public int code() {
        return code;
    }
}
