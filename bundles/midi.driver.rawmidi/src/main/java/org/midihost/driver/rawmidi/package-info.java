/**
 * The rawmidi driver: byte-stream MIDI ports as a {@link org.midihost.spi.Miniport}. Its devices are
 * files that carry raw MIDI bytes: ALSA rawmidi files ({@code /dev/snd/midiC*D*}, found and
 * rescanned for hot plug), ttys and pseudo-terminals, and named pipes. The host's port driver
 * parses the bytes; this bundle only moves them.
 *
 * <p>Private to the bundle (not exported): other bundles see the driver only as a
 * {@link org.midihost.spi.Miniport} service.
 */
package org.midihost.driver.rawmidi;
