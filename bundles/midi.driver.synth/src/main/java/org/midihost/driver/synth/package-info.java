/**
 * The synthesizer driver: the JDK's General MIDI software synthesizer (Gervill) as one midihost
 * output device of technology {@code SWSYNTH}, whose audio runs only while a client has it open
 * (and for a short tail after), rendering in real time to the default audio device (with none, a
 * WAV file), to a WAV file, or nowhere; and, next to it, an
 * {@link org.midihost.spi.OfflineRenderer} that renders timed messages into a WAV file as fast as
 * it can.
 *
 * <p>Private to the bundle (not exported): other bundles see the driver only as
 * {@link org.midihost.spi.MidiDriver} and {@link org.midihost.spi.OfflineRenderer} services.
 */
package org.midihost.driver.synth;
