package org.midihost.spi;

/** The states of a {@link MiniportStream} ({@code KSSTATE}). */
public enum StreamState {
    /** {@code KSSTATE_STOP}: nothing moves; pending bytes are discarded. */
    STOP,
    /** {@code KSSTATE_PAUSE}: nothing moves; pending bytes are kept. */
    PAUSE,
    /** {@code KSSTATE_RUN}: bytes move. */
    RUN
}
