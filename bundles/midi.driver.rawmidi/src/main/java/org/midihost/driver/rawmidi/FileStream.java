package org.midihost.driver.rawmidi;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.midihost.api.MidiException;
import org.midihost.api.MmResult;
import org.midihost.spi.MiniportStream;
import org.midihost.spi.Port;
import org.midihost.spi.ServiceGroup;
import org.midihost.spi.StreamState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a capture and a render stream share: the open file, a bounded byte ring between the host's
 * calls and the stream's own I/O thread, the state, and how a stream fails and closes.
 *
 * <p>The I/O thread does the blocking {@code read}/{@code write} on the file; the host's calls
 * only touch the ring, so they never block on the device. Closing the {@link FileChannel}
 * releases the I/O thread from a blocked system call.
 */
abstract class FileStream implements MiniportStream {
    private static final Logger LOG = LoggerFactory.getLogger(FileStream.class);
    /** How long close() waits for the I/O thread to leave. */
    private static final long JOIN_MILLIS = 2000;

    /** What the stream is, for messages: "rawmidi/0 capture /tmp/in". */
    final String what;
    final RawDevice device;
    final Port port;
    final ServiceGroup group;
    final FileChannel channel;
    private final Consumer<FileStream> onClose;
    private final Thread thread;

    /*
     * Guards `ring`, `state`, `failure`, `closed` and the subclasses' fields marked so. Taken by the
     * host's calls (read/write/setState/close, one at a time per stream), by the I/O thread around
     * each ring access (never across a read or write of the file), and by gone() from the
     * miniport's scanner. Never held while calling Port.notify: the host may call back.
     */
    final ReentrantLock lock = new ReentrantLock();
    /** Signalled whenever the ring, the state, `failure` or `closed` changes. */
    final Condition changed = lock.newCondition();
    final ByteRing ring;
    StreamState state = StreamState.STOP;
    MidiException failure;
    boolean closed;
    // Written by whichever thread notifies; a lost update only means a second log line.
    private volatile boolean notifyFailureLogged;

    FileStream(String what, RawDevice device, Port port, ServiceGroup group, FileChannel channel, int capacity,
            Consumer<FileStream> onClose) {
        this.what = what;
        this.device = device;
        this.port = port;
        this.group = group;
        this.channel = channel;
        this.onClose = onClose;
        this.ring = new ByteRing(capacity);
        this.thread = new Thread(this::run, what);
        thread.setDaemon(true);
    }

    /** Starts the I/O thread; called once, after construction. */
    final void start() {
        thread.start();
    }

    /** The I/O thread's loop: moves bytes between the file and the ring until closed or failed. */
    abstract void run();

    /**
     * Whether the host should be notified after the state became {@code next}. Called with the
     * lock held.
     */
    abstract boolean notifyAfterStateChange(StreamState next);

    /** Whether the stream is closed or failed, so the I/O thread should leave. Lock held. */
    final boolean finished() {
        return closed || failure != null;
    }

    /**
     * RUN moves bytes, PAUSE holds them, STOP discards what the ring holds.
     *
     * @throws MidiException {@link MmResult#MMSYSERR_INVALHANDLE} if the stream is closed
     */
    @Override
    public void setState(StreamState next) throws MidiException {
        boolean notify;
        lock.lock();
        try {
            checkOpen();
            if (next == StreamState.STOP) {
                ring.clear();
            }
            state = next;
            changed.signalAll();
            notify = notifyAfterStateChange(next);
        } finally {
            lock.unlock();
        }
        if (notify) {
            notifyPort();
        }
    }

    /**
     * The "interrupt". Never with the lock held. The SPI says notify does not throw; if the host
     * breaks that, the I/O thread must not die of it, or the stream would stop without a word.
     */
    final void notifyPort() {
        try {
            port.notify(group);
        } catch (RuntimeException e) {
            if (!notifyFailureLogged) {
                notifyFailureLogged = true;
                LOG.error(what + ": Port.notify threw; further failures are not logged", e);
            }
        }
    }

    /** Lock held. */
    final void checkOpen() throws MidiException {
        if (closed) {
            throw new MidiException(MmResult.MMSYSERR_INVALHANDLE, what + " is closed");
        }
    }

    /** Lock held. @return a fresh exception with the stream's failure, for the host's call */
    final MidiException failureForCaller() {
        return new MidiException(failure.result(), what + ": " + detail(failure), failure.getCause());
    }

    private static String detail(MidiException e) {
        String m = e.getMessage();
        int open = m.indexOf(" (");
        return open >= 0 && m.endsWith(")") ? m.substring(open + 2, m.length() - 1) : m;
    }

    /**
     * The stream's file failed (the I/O thread met an error, or the scan found the file gone):
     * the host's next call gets {@code failure} (a capture stream hands over what it received
     * first), and the host is notified so that it finds out.
     */
    final void fail(MidiException e) {
        lock.lock();
        try {
            if (finished()) {
                return;
            }
            failure = e;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        LOG.warn("{}: {}", what, detail(e));
        closeChannel();
        notifyPort();
    }

    /** The device's file has gone from the file system. */
    final void gone() {
        fail(new MidiException(MmResult.MMSYSERR_NODRIVER, device.path() + " was removed"));
    }

    /**
     * The I/O thread's file access failed. {@code IOException}s caused by close() or gone() closing
     * the channel are expected and ignored.
     */
    final void ioFailed(IOException e) {
        if (!channel.isOpen()) {
            return;
        }
        String reason = e.getMessage() == null ? e.toString() : e.getMessage();
        fail(new MidiException(MmResult.MMSYSERR_NODRIVER, device.path() + ": " + reason, e));
    }

    /**
     * Called before the channel closes, lock held; a render stream waits for its pending bytes
     * here.
     */
    void beforeClose() throws InterruptedException {
    }

    /** Stops the I/O thread and closes the file. Idempotent. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            try {
                beforeClose();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            closed = true;
            ring.clear();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        closeChannel();
        try {
            thread.join(JOIN_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn(what + ": I/O thread did not stop within " + JOIN_MILLIS + " ms");
        }
        onClose.accept(this);
    }

    private void closeChannel() {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("{}: close: {}", what, e.toString());
        }
    }

    /** @return whether the I/O thread is still running (tests) */
    final boolean ioThreadAlive() {
        return thread.isAlive();
    }

    /** Waits up to {@code millis} for the I/O thread to end (tests). @return whether it ended */
    final boolean awaitIoThreadEnd(long millis) throws InterruptedException {
        thread.join(millis);
        return !thread.isAlive();
    }

    /** Lock held: waits on {@link #changed} until the deadline; false if it passed. */
    final boolean awaitUntil(long deadlineNanos) throws InterruptedException {
        long left = deadlineNanos - System.nanoTime();
        return left > 0 && changed.await(left, TimeUnit.NANOSECONDS);
    }

    @Override
    public String toString() {
        return what;
    }
}
