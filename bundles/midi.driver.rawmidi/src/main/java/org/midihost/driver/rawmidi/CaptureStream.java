package org.midihost.driver.rawmidi;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.function.Consumer;
import org.midihost.api.MidiException;
import org.midihost.api.MmResult;
import org.midihost.spi.Port;
import org.midihost.spi.ServiceGroup;
import org.midihost.spi.StreamState;

/**
 * A capture (input) stream: its reader thread reads the file into the ring and notifies the port;
 * the host's {@link #read} drains the ring on its service-group thread.
 *
 * <p>In STOP the reader keeps reading and drops what arrives, so the device's own buffer never
 * fills up while nobody listens. In PAUSE it holds bytes and, once the ring is full, stops
 * reading, so the device (or the process writing to a FIFO) is held back; in RUN likewise, until
 * the host has drained the ring. Bytes are never dropped except by STOP.
 */
final class CaptureStream extends FileStream {
    /** Ring capacity: a few seconds of a DIN cable at full speed (3,125 bytes/s). */
    static final int CAPACITY = 16 * 1024;
    /** Bytes read from the file per system call. */
    private static final int CHUNK = 512;

    CaptureStream(String what, RawDevice device, Port port, ServiceGroup group, FileChannel channel,
            Consumer<FileStream> onClose) {
        super(what, device, port, group, channel, CAPACITY, onClose);
    }

    /**
     * Hands over the bytes received, in order. In RUN only: PAUSE holds them, STOP has discarded
     * them. Once the file has failed and everything received before the failure has been handed
     * over, the failure is thrown.
     *
     * @throws MidiException {@link MmResult#MMSYSERR_NODRIVER} when the file has gone or failed;
     *         {@link MmResult#MMSYSERR_INVALHANDLE} if closed
     */
    @Override
    public int read(byte[] into, int offset, int length) throws MidiException {
        lock.lock();
        try {
            checkOpen();
            int n = state == StreamState.RUN ? ring.take(into, offset, length) : 0;
            if (n > 0) {
                changed.signalAll();
                return n;
            }
            if (failure != null) {
                throw failureForCaller();
            }
            return 0;
        } finally {
            lock.unlock();
        }
    }

    /** @throws MidiException always: {@link MmResult#MMSYSERR_NOTSUPPORTED}, a capture stream takes no bytes */
    @Override
    public int write(byte[] bytes, int offset, int length) throws MidiException {
        throw new MidiException(MmResult.MMSYSERR_NOTSUPPORTED, what + " is a capture stream: it takes no bytes");
    }

    /** Lock held: bytes held during PAUSE become readable at RUN, so tell the host. */
    @Override
    boolean notifyAfterStateChange(StreamState next) {
        return next == StreamState.RUN && !ring.isEmpty();
    }

    @Override
    void run() {
        byte[] chunk = new byte[CHUNK];
        ByteBuffer buffer = ByteBuffer.wrap(chunk);
        try {
            while (true) {
                buffer.clear();
                int n = channel.read(buffer);
                if (n < 0) {
                    // A FIFO is opened read-write, so never ends; a tty or ALSA file that ends has gone.
                    fail(new MidiException(MmResult.MMSYSERR_NODRIVER, device.path() + ": end of file"));
                    return;
                }
                if (!deliver(chunk, n)) {
                    return;
                }
            }
        } catch (IOException e) {
            ioFailed(e);
        } catch (InterruptedException e) {
            // Only close() stops this thread; it has already marked the stream closed.
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Puts {@code n} bytes into the ring, waiting for room, and notifies the port after each part.
     *
     * @return false if the stream closed or failed meanwhile
     */
    private boolean deliver(byte[] chunk, int n) throws InterruptedException {
        int offset = 0;
        while (offset < n) {
            lock.lock();
            try {
                if (finished()) {
                    return false;
                }
                if (state == StreamState.STOP) {
                    return true;
                }
                int put = ring.put(chunk, offset, n - offset);
                if (put == 0) {
                    // Full: the bytes in it were notified when they came; read() or STOP makes room.
                    changed.await();
                    continue;
                }
                offset += put;
            } finally {
                lock.unlock();
            }
            notifyPort();
        }
        return true;
    }
}
