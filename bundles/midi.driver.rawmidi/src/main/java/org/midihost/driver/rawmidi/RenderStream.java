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
 * A render (output) stream: {@link #write} puts the host's bytes into the ring and returns at once;
 * the writer thread writes them to the file, blocking there if the device (or a FIFO nobody
 * reads) is slow. When the ring is full, {@code write} takes fewer bytes than offered and the
 * writer thread notifies the port as soon as it has made room.
 */
final class RenderStream extends FileStream {
    /** Ring capacity: about 1.3 s of a DIN cable at full speed; small, so back-pressure is prompt. */
    static final int CAPACITY = 4 * 1024;
    /** Bytes written to the file per system call, at most. */
    private static final int CHUNK = 512;
    /** How long close() in RUN waits for accepted bytes to reach the file. */
    static final long FLUSH_MILLIS = 500;

    // Guarded by `lock`: a write() took fewer bytes than offered, so the host waits for a notify.
    private boolean wantRoom;
    // Guarded by `lock`: the writer thread holds bytes taken from the ring that are not written yet.
    private boolean writing;

    RenderStream(String what, RawDevice device, Port port, ServiceGroup group, FileChannel channel,
            Consumer<FileStream> onClose) {
        super(what, device, port, group, channel, CAPACITY, onClose);
    }

    /**
     * Takes as many bytes as the ring has room for. In STOP and PAUSE they are held until RUN
     * (STOP discards what is held at the moment it is entered).
     *
     * @return how many bytes were taken; fewer than {@code length} means the port is notified when
     *         there is room
     * @throws MidiException {@link MmResult#MMSYSERR_NODRIVER} when the file has gone or failed;
     *         {@link MmResult#MMSYSERR_INVALHANDLE} if closed
     */
    @Override
    public int write(byte[] bytes, int offset, int length) throws MidiException {
        lock.lock();
        try {
            checkOpen();
            if (failure != null) {
                throw failureForCaller();
            }
            int n = ring.put(bytes, offset, length);
            if (n < length) {
                wantRoom = true;
            }
            if (n > 0) {
                changed.signalAll();
            }
            return n;
        } finally {
            lock.unlock();
        }
    }

    /** @throws MidiException always: {@link MmResult#MMSYSERR_NOTSUPPORTED}, a render stream has nothing to read */
    @Override
    public int read(byte[] into, int offset, int length) throws MidiException {
        throw new MidiException(MmResult.MMSYSERR_NOTSUPPORTED, what + " is a render stream: nothing to read");
    }

    /** Lock held: STOP emptied the ring, so a host waiting for room may go on. */
    @Override
    boolean notifyAfterStateChange(StreamState next) {
        if (next == StreamState.STOP && wantRoom) {
            wantRoom = false;
            return true;
        }
        return false;
    }

    /** Lock held: in RUN, gives the writer thread a bounded time to write what was accepted. */
    @Override
    void beforeClose() throws InterruptedException {
        long deadline = System.nanoTime() + FLUSH_MILLIS * 1_000_000L;
        while (state == StreamState.RUN && failure == null && (!ring.isEmpty() || writing)) {
            if (!awaitUntil(deadline)) {
                return;
            }
        }
    }

    @Override
    void run() {
        byte[] chunk = new byte[CHUNK];
        try {
            while (true) {
                int n;
                boolean room;
                lock.lock();
                try {
                    writing = false;
                    changed.signalAll();
                    while (!finished() && (state != StreamState.RUN || ring.isEmpty())) {
                        changed.await();
                    }
                    if (finished()) {
                        return;
                    }
                    n = ring.take(chunk, 0, chunk.length);
                    writing = true;
                    room = wantRoom;
                    wantRoom = false;
                } finally {
                    lock.unlock();
                }
                if (room) {
                    notifyPort();
                }
                ByteBuffer buffer = ByteBuffer.wrap(chunk, 0, n);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            }
        } catch (IOException e) {
            ioFailed(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
