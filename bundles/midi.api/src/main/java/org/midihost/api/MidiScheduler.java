package org.midihost.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The host's scheduler, an OSGi service (bundle {@code org.midihost.stream}): one thread on
 * {@link System#nanoTime()} that plays every {@link MidiStream} and sends time-stamped messages on
 * any output, like CoreMIDI's time-stamped send and Windows MIDI Services' scheduled messages.
 * It sleeps until shortly before the next event and spins the last stretch; messages due at the
 * same time go out in the order they were scheduled.
 *
 * <p>Each output may have a configured latency offset (configuration {@value #PID}, property
 * {@code latency}: {@code ENDPOINT=MILLISECONDS}), added to the time of every message scheduled to
 * it and of every stream event played on it.
 *
 * @since 1.3
 */
@ProviderType
public interface MidiScheduler {
    /** The configuration PID of the scheduler. */
    String PID = "org.midihost.scheduler";

    /**
     * Sends a short message at a time: now if the time (with the output's offset) has passed.
     *
     * @param out an open output handle
     * @param nanoTime when, on the {@link System#nanoTime()} clock
     * @param message the packed short message
     * @throws MidiException {@code MMSYSERR_INVALHANDLE} if the handle is closed,
     *         {@code MMSYSERR_INVALPARAM} if the message has no status byte
     */
    void shortMsgAt(MidiOut out, long nanoTime, int message) throws MidiException;

    /**
     * Sends a long message at a time. The header must be prepared on {@code out}; it is handed back
     * through the handle's DONE callback when sent, as by {@link MidiOut#longMsg}.
     *
     * @param out an open output handle
     * @param nanoTime when, on the {@link System#nanoTime()} clock
     * @param header a prepared header
     * @throws MidiException {@code MMSYSERR_INVALHANDLE} if the handle is closed,
     *         {@code MIDIERR_UNPREPARED} if the header is not prepared
     */
    void longMsgAt(MidiOut out, long nanoTime, MidiHeader header) throws MidiException;

    /**
     * Drops the messages scheduled on a handle and not yet sent. Closing a handle does the same
     * when their time comes.
     *
     * @param out the handle
     * @return how many were dropped
     */
    int cancel(MidiOut out);

    /**
     * @param endpointId an output's endpoint id
     * @return the latency offset configured for it, in nanoseconds (0 if none)
     */
    long latencyNanos(String endpointId);

    /**
     * Opens a stream on an output the caller opens through {@code opener} with the callback it is
     * given (so that the stream receives the handle's DONE and CLOSE). {@link MidiHost#openStream}
     * calls this.
     *
     * @param opener opens the output handle
     * @param callback the stream's callbacks
     * @return the stream, paused
     * @throws MidiException what the opener throws
     */
    MidiStream openStream(OutOpener opener, StreamCallback callback) throws MidiException;

    /** Opens an output handle for a stream. */
    @FunctionalInterface
    interface OutOpener {
        /**
         * @param callback the callback the handle must be opened with
         * @return the open handle
         * @throws MidiException if the output cannot be opened
         */
        MidiOut open(MidiOutCallback callback) throws MidiException;
    }
}
