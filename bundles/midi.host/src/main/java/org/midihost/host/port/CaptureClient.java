package org.midihost.host.port;

import org.midihost.spi.InClient;

/**
 * A client of a capture stream that can say it is behind: the host's input handles. While a
 * started client is behind (bytes held for want of a buffer, its event queue full), the port
 * driver leaves further input in the miniport's and the operating system's buffers instead of
 * reading it, for a bounded time.
 */
public interface CaptureClient extends InClient {
    /** @return whether the client has no room for more input now */
    boolean behind();

    /** @param wake what to run when the client makes room again, or {@code null} to stop */
    void onRoom(Runnable wake);
}
