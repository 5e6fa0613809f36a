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

    /**
     * {@code midiConnect}: a MIDI thru connection. Everything that arrives at this input while it
     * is started also goes to {@code out}, on the input's delivery thread (the driver's), before
     * and independent of this handle's own callbacks and of {@code out}'s client: each short
     * message at once (allocation-free), and each system-exclusive message whole, once its
     * {@code F7} has arrived (it is gathered by the host, up to 16 MiB, and needs no buffer of
     * this handle's; a longer one, or one cut short, is not passed on). An input may be connected
     * to several outputs, and an output to several inputs. What thru sends does not touch
     * {@code out}'s running status and gives {@code out}'s client no DONE. Errors on the thru path
     * are logged, never thrown on the driver's thread.
     *
     * <p>The connection ends when either handle is closed or its driver goes (a reconnect does
     * not bring it back); no message reaches a closed handle.
     *
     * @param out an open output handle of the same host, not {@code null}
     * @throws MidiException {@code MMSYSERR_INVALHANDLE} if this handle or {@code out} is closed;
     *         {@code MMSYSERR_NODRIVER} if the driver of either went; {@code MIDIERR_NOTREADY} if
     *         {@code out} is already connected to this input (as WinMM's {@code midiConnect} for
     *         a connected pair); {@code MMSYSERR_INVALPARAM} for {@code null}, a handle of
     *         another host, or a connection that would loop: {@code out} feeds this input,
     *         directly ({@link MidiHost#feeds}) or through other thru connections;
     *         {@code MMSYSERR_NOTSUPPORTED} on a spy ({@link MidiHost#openSpy})
     * @since 1.4
     */
    void connect(MidiOut out) throws MidiException;

    /**
     * {@code midiDisconnect}: ends a connection made by {@link #connect}. Messages already on
     * their way may still reach {@code out}; none that arrives after this returns does.
     *
     * @param out the connected output, not {@code null}
     * @throws MidiException {@code MMSYSERR_INVALPARAM} if {@code out} is {@code null} or not
     *         connected to this input (connections end by themselves when a handle closes or its
     *         driver goes); {@code MMSYSERR_INVALHANDLE} if this handle is closed
     * @since 1.4
     */
    void disconnect(MidiOut out) throws MidiException;

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
