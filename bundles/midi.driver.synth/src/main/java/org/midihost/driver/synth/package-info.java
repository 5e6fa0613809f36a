/**
 * The synthesizer driver: the JDK's General MIDI software synthesizer (Gervill) as one midihost
 * output device of technology {@code SWSYNTH}, rendering in real time to the default audio device,
 * to a WAV file, or nowhere.
 *
 * <p>Private to the bundle (not exported): other bundles see the driver only as a
 * {@link org.midihost.spi.MidiDriver} service.
 */
package org.midihost.driver.synth;
