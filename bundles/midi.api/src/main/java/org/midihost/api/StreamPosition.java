package org.midihost.api;

/**
 * Where a stream is ({@code midiStreamPosition} with {@code TIME_MS} and {@code TIME_TICKS}): the
 * time played since the stream started, pauses excluded, and the ticks of the events played.
 *
 * @param millis milliseconds of stream time
 * @param ticks ticks of stream time
 * @since 1.3
 */
public record StreamPosition(long millis, long ticks) {
}
