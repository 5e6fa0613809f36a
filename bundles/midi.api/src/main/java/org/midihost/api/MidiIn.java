package org.midihost.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * An open input device ({@code HMIDIIN}). Thread-safe. After {@link #close()} every call but
 * {@code close} throws {@link MmResult#MMSYSERR_INVALHANDLE}; after the device's driver went away,
 * {@link MmResult#MMSYSERR_NODRIVER}.
 */
@ProviderType
public interface MidiIn extends AutoCloseable {
    /** @return the caps of the device the handle is open on */
    MidiInCaps caps();

    /** @return the instance data given in {@link OpenOptions#instanceData(Object)}, or {@code null} */
    Object instanceData();

    /**
     * {@code midiInPrepareHeader}. Preparing a prepared header does nothing.
     *
     * @param header the header, not {@code null}
     * @throws MidiException {@code MMSYSERR_INVALPARAM}; {@code MIDIERR_STILLPLAYING} if it is
     *         queued; {@code MMSYSERR_INVALHANDLE}
     */
    void prepareHeader(MidiHeader header) throws MidiException;

    /**
     * {@code midiInUnprepareHeader}. Unpreparing an unprepared header does nothing.
     *
     * @param header the header, not {@code null}
     * @throws MidiException {@code MIDIERR_STILLPLAYING} if it is queued;
     *         {@code MMSYSERR_INVALPARAM}; {@code MMSYSERR_INVALHANDLE}
     */
    void unprepareHeader(MidiHeader header) throws MidiException;

    /**
     * {@code midiInAddBuffer}: queue a buffer for system-exclusive input. Buffers fill in the
     * order they were added; {@link MidiInCallback#onLongData} hands each back.
     *
     * @param header a prepared header; its {@link MidiHeader#bufferLength()} is the capacity
     * @throws MidiException {@code MIDIERR_UNPREPARED}; {@code MIDIERR_STILLPLAYING} if it is
     *         already queued; {@code MMSYSERR_INVALHANDLE}; {@code MMSYSERR_NODRIVER}
     */
    void addBuffer(MidiHeader header) throws MidiException;

    /**
     * {@code midiInStart}: start delivering input; time stamps count from now. Starting a started
     * handle does nothing.
     *
     * @throws MidiException {@code MMSYSERR_INVALHANDLE}; {@code MMSYSERR_NODRIVER};
     *         {@code MMSYSERR_ERROR}
     */
    void start() throws MidiException;

    /**
     * {@code midiInStop}: stop delivering input. A partly filled buffer comes back
     * ({@link MidiInCallback#onLongData}); empty ones stay queued.
     *
     * @throws MidiException {@code MMSYSERR_INVALHANDLE}; {@code MMSYSERR_NODRIVER}
     */
    void stop() throws MidiException;

    /**
     * {@code midiInReset}: stop, and hand back every queued buffer marked DONE.
     *
     * @throws MidiException {@code MMSYSERR_INVALHANDLE}; {@code MMSYSERR_NODRIVER}
     */
    void reset() throws MidiException;

    /** @return whether the handle is open and its device present */
    boolean isOpen();

    /**
     * {@code midiInClose}. The CLOSE callback follows. Closing a closed handle, or one whose
     * driver went away, does nothing more.
     *
     * @throws MidiException {@code MIDIERR_STILLPLAYING} while buffers are queued: call
     *         {@link #reset()} first
     */
    @Override
    void close() throws MidiException;
}
