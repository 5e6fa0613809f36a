package org.midihost.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A stream on an output ({@code midiStreamOpen} … {@code midiStreamClose}): buffers of timed
 * events played by the host's scheduler. Open it with {@link MidiHost#openStream}; it starts
 * paused. Event times are computed from the moment the stream started and the tempo changes
 * played, on a monotonic clock, so nothing drifts however long the stream plays.
 *
 * <p>Thread-safe. Every method but {@link #isOpen()} throws {@link MmResult#MMSYSERR_INVALHANDLE}
 * once the stream is closed.
 *
 * @since 1.3
 */
@ProviderType
public interface MidiStream extends AutoCloseable {
    /** The tempo a stream starts with: 500 000 µs per quarter note (120 beats per minute). */
    int DEFAULT_TEMPO = 500_000;
    /** The time division a stream starts with: 96 ticks per quarter note, as WinMM. */
    TimeDivision DEFAULT_DIVISION = TimeDivision.ppq(96);

    /** @return the caps of the output (the mapper's for a stream on the mapper) */
    MidiOutCaps caps();

    /**
     * {@code midiStreamOut}: queues a buffer after those already queued. Its first event's delta
     * counts from the last event of the previous buffer (from the start for the first).
     *
     * @param buffer the buffer, not queued
     * @throws MidiException {@code MIDIERR_STILLPLAYING} if the buffer is already queued
     */
    void out(StreamBuffer buffer) throws MidiException;

    /**
     * @return {@code MIDIPROP_TIMEDIV}
     * @throws MidiException {@code MMSYSERR_INVALHANDLE} once the stream is closed
     */
    TimeDivision timeDivision() throws MidiException;

    /**
     * Sets {@code MIDIPROP_TIMEDIV}, only while stopped (freshly opened, or after {@link #stop()}).
     *
     * @param division the division
     * @throws MidiException {@code MIDIERR_STILLPLAYING} if the stream is playing or paused with
     *         a position
     */
    void setTimeDivision(TimeDivision division) throws MidiException;

    /**
     * @return {@code MIDIPROP_TEMPO}: microseconds per quarter note now
     * @throws MidiException {@code MMSYSERR_INVALHANDLE} once the stream is closed
     */
    int tempo() throws MidiException;

    /**
     * Sets {@code MIDIPROP_TEMPO}, from now on; tempo events in the stream change it again.
     *
     * @param microsPerQuarter 1..16777215
     * @throws MidiException {@code MMSYSERR_INVALPARAM} if out of range
     */
    void setTempo(int microsPerQuarter) throws MidiException;

    /**
     * @return {@code midiStreamPosition}: time and ticks played, pauses excluded
     * @throws MidiException {@code MMSYSERR_INVALHANDLE} once the stream is closed
     */
    StreamPosition position() throws MidiException;

    /**
     * {@code midiStreamPause}: holds the position; notes sounding are silenced. Idempotent.
     *
     * @throws MidiException {@code MMSYSERR_INVALHANDLE} once the stream is closed
     */
    void pause() throws MidiException;

    /**
     * {@code midiStreamRestart}: starts or resumes playing from the position. Idempotent.
     *
     * @throws MidiException {@code MMSYSERR_INVALHANDLE} once the stream is closed
     */
    void restart() throws MidiException;

    /**
     * {@code midiStreamStop}: stops, silences the output, hands every queued buffer back DONE and
     * sets the position to zero.
     *
     * @throws MidiException {@code MMSYSERR_INVALHANDLE} once the stream is closed
     */
    void stop() throws MidiException;

    /** @return whether the stream is open */
    boolean isOpen();

    /**
     * {@code midiStreamClose}: closes the stream and its output handle. CLOSE is the last callback.
     *
     * @throws MidiException {@code MIDIERR_STILLPLAYING} while buffers are queued ({@link #stop()} first)
     */
    @Override
    void close() throws MidiException;
}
