package org.midihost.spi;

import org.midihost.api.MidiException;
import org.midihost.api.MidiHeader;
import org.midihost.api.MmResult;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * One client's open output device in a driver: the seeds' {@code dwUser} and the
 * {@code MODM_*} messages on it. The host calls it for one device one call at a time.
 */
@ConsumerType
public interface OutInstance {
    /**
     * {@code MODM_DATA}: a complete short message, status always present (the host expands
     * running status), WinMM packing. Must not allocate on a driver that wants the host's
     * zero-allocation short path.
     *
     * @param message status in bits 0–7, data 1 in 8–15, data 2 in 16–23; unused bytes are 0
     * @throws MidiException e.g. {@code MIDIERR_NOTREADY}
     */
    void shortMsg(int message) throws MidiException;

    /**
     * {@code MODM_LONGDATA}: a system-exclusive message ({@code F0 … F7}) in the first
     * {@link MidiHeader#bufferLength()} bytes of {@code header}. The driver calls
     * {@link OutClient#done(MidiHeader)} when it no longer needs the bytes: before returning, or
     * later from any thread. Until then the header is queued.
     *
     * @param header the message, already checked by the host
     * @throws MidiException if the driver cannot take it (then it must not call done)
     */
    void longMsg(MidiHeader header) throws MidiException;

    /**
     * {@code MODM_RESET}: silence every note on every channel, and call {@link OutClient#done} for
     * every header still held. The host marks any header still held afterwards done itself.
     *
     * @throws MidiException on failure
     */
    void reset() throws MidiException;

    /**
     * {@code MODM_GETVOLUME}, for a device with {@link org.midihost.api.Support#VOLUME}.
     *
     * @return left in the low 16 bits, right in the high 16 bits
     * @throws MidiException {@code MMSYSERR_NOTSUPPORTED} by default
     */
    default int volume() throws MidiException {
        throw new MidiException(MmResult.MMSYSERR_NOTSUPPORTED, "volume");
    }

    /**
     * {@code MODM_SETVOLUME}, for a device with {@link org.midihost.api.Support#VOLUME}.
     *
     * @param volume left in the low 16 bits, right in the high 16 bits
     * @throws MidiException {@code MMSYSERR_NOTSUPPORTED} by default
     */
    default void setVolume(int volume) throws MidiException {
        throw new MidiException(MmResult.MMSYSERR_NOTSUPPORTED, "volume");
    }

    /**
     * {@code MODM_CLOSE}: the client is gone. The host calls it once, with no header held (after
     * {@link #reset()} if headers were queued), and no call on this instance follows.
     */
    void close();
}
