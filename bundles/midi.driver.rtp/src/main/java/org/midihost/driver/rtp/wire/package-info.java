/**
 * The wire formats of RTP-MIDI network sessions, with no I/O: AppleMIDI session packets
 * ({@link org.midihost.driver.rtp.wire.AppleMidiPacket}), the RTP header and the RTP-MIDI
 * payload of RFC 6295 (command section, MIDI list, system-exclusive segments), and the recovery
 * journal's sending and receiving sides. Parsers refuse bad input with a
 * {@link org.midihost.driver.rtp.wire.WireException} naming the reason and allocate nothing after
 * construction. Private to the driver bundle: not exported.
 */
package org.midihost.driver.rtp.wire;
