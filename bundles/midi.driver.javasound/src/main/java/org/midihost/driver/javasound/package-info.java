/**
 * The javasound driver: every MIDI port that the JVM's Java Sound lists
 * ({@link javax.sound.midi.MidiSystem}: the operating system's ports as the JDK's providers see
 * them, and any other installed {@link javax.sound.midi.spi.MidiDeviceProvider}) as a midihost
 * output and/or input, rescanned for hot plug. Java Sound's own synthesizer and sequencer and
 * midihost's own devices are left out.
 *
 * <p>Private to the bundle (not exported): other bundles see the driver only as a
 * {@link org.midihost.spi.MidiDriver} service.
 */
package org.midihost.driver.javasound;
