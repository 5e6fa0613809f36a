package org.midihost.driver.rtp.wire;

/**
 * Receives the commands of a MIDI list as {@link MidiCommandSection#parse} decodes them, in
 * order. {@code time} is the command's offset from the packet's RTP timestamp, in the same
 * units (the sum of the delta times so far). Arrays passed in are the parser's input: read them
 * during the call only.
 */
public interface MidiListSink {

    /**
     * A channel, System Common or System Real-time command, with running status resolved:
     * status in bits 0–7, first data octet in bits 8–15, second in bits 16–23 (the host's packing).
     */
    void message(long time, int message);

    /**
     * One system-exclusive segment as it is on the wire (RFC 6295 §3.2): it begins with F0 (the
     * first or only segment) or F7 (a later one) and ends with F7 (the last or only one), F0 (more
     * follow) or F4 (cancelled). {@link SysexReassembler} puts segments together.
     */
    void sysex(long time, byte[] b, int off, int len);
}
