/**
 * The loopback driver: virtual MIDI cables, as loopMIDI on Windows or the IAC driver on macOS.
 * Cable {@code k} is output device {@code k} and input device {@code k}; whatever a client writes
 * to the output arrives, time-stamped, at every started input of the same cable.
 *
 * <p>Private to the bundle (not exported): other bundles see the driver only as a
 * {@link org.midihost.spi.MidiDriver} service.
 */
package org.midihost.driver.loopback;
