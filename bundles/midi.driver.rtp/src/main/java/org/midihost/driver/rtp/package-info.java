/**
 * The RTP-MIDI driver: AppleMIDI sessions over UDP ({@link org.midihost.driver.rtp.SessionEndpoint}:
 * the control and data sockets, the invitation, clock sync, feedback and end of a session), each
 * established session an output and an input device ({@link org.midihost.driver.rtp.RtpDevices}),
 * and the DS component that configures and registers it ({@link org.midihost.driver.rtp.RtpDriver}).
 * Private to the bundle (not exported): other bundles see the driver only as a
 * {@link org.midihost.spi.MidiDriver} service.
 */
package org.midihost.driver.rtp;
