package org.midihost.spi;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The host's side of one client's open input device: where a driver delivers input, from any
 * thread (calls for one client must not overlap). The host time-stamps, fills the client's
 * buffers and dispatches the callbacks; it never blocks the driver on a slow client.
 */
@ProviderType
public interface InClient {
    /**
     * {@code MIM_DATA}: a complete short message, status present.
     *
     * @param message WinMM packing
     * @param nanos {@link System#nanoTime()} at arrival
     */
    void data(int message, long nanos);

    /**
     * System-exclusive bytes, in order: a message may come in many pieces. The host copies them
     * into the client's buffers before returning, so {@code bytes} may be reused. A message starts
     * with {@code F0}; {@code end} is true on the piece holding its {@code F7}.
     *
     * @param bytes the data
     * @param offset where the piece starts
     * @param length its length
     * @param end whether this piece ends the message
     * @param nanos {@link System#nanoTime()} at arrival
     */
    void sysex(byte[] bytes, int offset, int length, boolean end, long nanos);

    /**
     * {@code MIM_ERROR}: an invalid short message, as received.
     *
     * @param message the bytes, WinMM packing
     * @param nanos {@link System#nanoTime()} at arrival
     */
    void error(int message, long nanos);

    /**
     * {@code MIM_LONGERROR}: the system-exclusive message in progress is cut short (a status byte
     * came before its {@code F7}, or the line broke): the buffer holding it goes back as an error.
     *
     * @param nanos {@link System#nanoTime()} at arrival
     */
    void sysexError(long nanos);
}
