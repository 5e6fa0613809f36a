package org.midihost.spi;

import org.midihost.api.MidiException;
import org.midihost.api.MmResult;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * One device's byte stream, WDM's {@code IMiniportMidiStream}. The host calls a render stream
 * from client threads and a capture stream from its service-group thread, one call at a time per
 * stream. Neither call may block for long: a stream that has no room or no data says so, and
 * calls {@link Port#notify} when that changes.
 */
@ConsumerType
public interface MiniportStream {
    /**
     * {@code IMiniportMidiStream::Write}: take raw MIDI bytes for the device (render streams).
     *
     * @param bytes the data
     * @param offset where it starts
     * @param length how many bytes are offered, at least 1
     * @return how many the stream took, {@code 0..length}; fewer than offered means "no room now,
     *         I will notify"
     * @throws MidiException {@code MMSYSERR_NODRIVER} when the device has gone, or another code
     */
    int write(byte[] bytes, int offset, int length) throws MidiException;

    /**
     * {@code IMiniportMidiStream::Read}: hand over the raw bytes received (capture streams).
     *
     * @param into where to put them
     * @param offset where to start
     * @param length room, at least 1
     * @return how many bytes were put, 0 when none are waiting
     * @throws MidiException {@code MMSYSERR_NODRIVER} when the device has gone, or another code
     */
    int read(byte[] into, int offset, int length) throws MidiException;

    /**
     * {@code IMiniportMidiStream::SetState}: RUN moves bytes; PAUSE holds them; STOP discards
     * what is pending.
     *
     * @param state the new state
     * @throws MidiException if the hardware cannot change state
     */
    void setState(StreamState state) throws MidiException;

    /**
     * {@code IMiniportMidiStream::SetFormat}: the data format the host will write or read. The host
     * calls it once, after {@link Miniport#newStream} and before {@link #setState}; today it always
     * asks for {@link DataFormat#MIDI_1_BYTES}. A stream that cannot carry the format refuses it;
     * the open then fails with this exception and the stream is closed.
     *
     * @param format the format
     * @throws MidiException {@code MMSYSERR_NOTSUPPORTED} for a format the stream cannot carry (the
     *         default for anything but {@link DataFormat#MIDI_1_BYTES})
     * @since 1.2
     */
    default void setFormat(DataFormat format) throws MidiException {
        if (format != DataFormat.MIDI_1_BYTES) {
            throw new MidiException(MmResult.MMSYSERR_NOTSUPPORTED, "this stream carries MIDI 1.0 bytes only, not "
                    + format);
        }
    }

    /**
     * Closes the stream; no call follows. The host stops a capture stream first; it closes a
     * render stream while running, so that the stream sends the bytes it still holds (within a
     * bound of the miniport's choosing) before it lets go of the device.
     */
    void close();
}
