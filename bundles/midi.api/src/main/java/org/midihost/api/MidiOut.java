package org.midihost.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * An open output device ({@code HMIDIOUT}). Thread-safe: several threads may send on one handle;
 * messages of concurrent senders never interleave. After {@link #close()} every call but
 * {@code close} throws {@link MmResult#MMSYSERR_INVALHANDLE}; after the device's driver went away,
 * {@link MmResult#MMSYSERR_NODRIVER}.
 */
@ProviderType
public interface MidiOut extends AutoCloseable {
    /** @return the caps of the device the handle is open on */
    MidiOutCaps caps();

    /** @return the instance data given in {@link OpenOptions#instanceData(Object)}, or {@code null} */
    Object instanceData();

    /**
     * {@code midiOutShortMsg}: send a short message. WinMM packing: the status byte in bits 0–7,
     * data 1 in bits 8–15, data 2 in bits 16–23; bytes past the message's length are ignored. The
     * status byte may be left out (a data byte in bits 0–7) when it equals the handle's running
     * status, the status of the last channel message sent. Allocation-free.
     *
     * @param message the packed message
     * @throws MidiException {@code MMSYSERR_INVALPARAM} for a missing status with no running
     *         status, {@code F0}/{@code F7} (use {@link #longMsg}), an undefined status byte or a data
     *         byte over 0x7F; {@code MMSYSERR_INVALHANDLE}; {@code MMSYSERR_NODRIVER};
     *         {@code MIDIERR_NOTREADY} or {@code MMSYSERR_ERROR} from the driver
     */
    void shortMsg(int message) throws MidiException;

    /**
     * {@code midiOutPrepareHeader}: make a header ready for {@link #longMsg}. Preparing a prepared
     * header does nothing.
     *
     * @param header the header, not {@code null}
     * @throws MidiException {@code MMSYSERR_INVALPARAM} for {@code null};
     *         {@code MIDIERR_STILLPLAYING} if it is queued; {@code MMSYSERR_INVALHANDLE}
     */
    void prepareHeader(MidiHeader header) throws MidiException;

    /**
     * {@code midiOutUnprepareHeader}. Unpreparing an unprepared header does nothing.
     *
     * @param header the header, not {@code null}
     * @throws MidiException {@code MIDIERR_STILLPLAYING} if it is queued;
     *         {@code MMSYSERR_INVALPARAM}; {@code MMSYSERR_INVALHANDLE}
     */
    void unprepareHeader(MidiHeader header) throws MidiException;

    /**
     * {@code midiOutLongMsg}: send the system-exclusive message in the first
     * {@link MidiHeader#bufferLength()} bytes of the header. The header is
     * {@link MidiHeader#INQUEUE} until {@link MidiOutCallback#onDone} hands it back. The message
     * reaches the device whole: no other client's message comes between its bytes.
     *
     * @param header a prepared header holding {@code F0 … F7}
     * @throws MidiException {@code MIDIERR_UNPREPARED}; {@code MIDIERR_STILLPLAYING} if it is
     *         already queued; {@code MMSYSERR_INVALPARAM} if it does not start with {@code F0}, or
     *         holds a status byte other than real-time bytes and a final {@code F7};
     *         {@code MMSYSERR_INVALHANDLE}; {@code MMSYSERR_NODRIVER}; {@code MMSYSERR_ERROR}
     */
    void longMsg(MidiHeader header) throws MidiException;

    /**
     * {@code midiOutReset}: silence every note on every channel and hand back every queued buffer
     * (DONE). Resets the running status.
     *
     * @throws MidiException {@code MMSYSERR_INVALHANDLE}; {@code MMSYSERR_NODRIVER};
     *         {@code MMSYSERR_ERROR}
     */
    void reset() throws MidiException;

    /**
     * {@code midiOutGetVolume}.
     *
     * @return left volume in the low 16 bits, right in the high 16 bits (equal without
     *         {@link Support#LRVOLUME}); 0xFFFF is full
     * @throws MidiException {@code MMSYSERR_NOTSUPPORTED} without {@link Support#VOLUME};
     *         {@code MMSYSERR_INVALHANDLE}; {@code MMSYSERR_NODRIVER}
     */
    int volume() throws MidiException;

    /**
     * {@code midiOutSetVolume}.
     *
     * @param volume left in the low 16 bits, right in the high 16 bits
     * @throws MidiException {@code MMSYSERR_NOTSUPPORTED} without {@link Support#VOLUME};
     *         {@code MMSYSERR_INVALHANDLE}; {@code MMSYSERR_NODRIVER}
     */
    void setVolume(int volume) throws MidiException;

    /** @return whether the handle is open and its device present */
    boolean isOpen();

    /**
     * {@code midiOutClose}. The CLOSE callback follows. Closing a closed handle, or one whose
     * driver went away, does nothing more.
     *
     * @throws MidiException {@code MIDIERR_STILLPLAYING} while buffers are queued: call
     *         {@link #reset()} first
     */
    @Override
    void close() throws MidiException;
}
