package org.midihost.spi;

/**
 * The data formats a {@link MiniportStream} can be asked to carry
 * ({@code IMiniportMidiStream::SetFormat}'s {@code KSDATAFORMAT}).
 *
 * @since 1.2
 */
public enum DataFormat {
    /** MIDI 1.0 bytes as on a DIN cable: status and data bytes, running status allowed, sysex F0 … F7. */
    MIDI_1_BYTES,
    /**
     * MIDI 2.0 Universal MIDI Packets (32-bit words). The host does not use it yet; it is here so
     * that a miniport can refuse it clearly and a later host can ask for it.
     */
    UMP
}
