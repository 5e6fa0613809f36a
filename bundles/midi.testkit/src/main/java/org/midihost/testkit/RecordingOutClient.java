package org.midihost.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.midihost.api.MidiHeader;
import org.midihost.spi.OutClient;

/**
 * An {@link OutClient} that records the headers handed back (DONE), runs a hook first (to check
 * what had happened by then), and lets a test wait for them against a deadline.
 */
public class RecordingOutClient implements OutClient {
    private final List<MidiHeader> done = new ArrayList<>();
    private volatile Runnable onDone = () -> { };

    @Override
    public synchronized void done(MidiHeader header) {
        onDone.run();
        done.add(header);
        notifyAll();
    }

    /** @param hook run at each DONE, before it is recorded */
    public void onDone(Runnable hook) {
        this.onDone = hook;
    }

    /** @return the headers handed back, in order */
    public synchronized List<MidiHeader> done() {
        return List.copyOf(done);
    }

    /** @return how many times {@code header} has been handed back (by identity) */
    public synchronized int doneCount(MidiHeader header) {
        int n = 0;
        for (MidiHeader h : done) {
            if (h == header) {
                n++;
            }
        }
        return n;
    }

    /**
     * Waits until {@code header} has been handed back at least once.
     *
     * @throws AssertionError if it was not before the deadline
     */
    public synchronized void awaitDone(MidiHeader header, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (doneCount(header) == 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("waited " + timeout.toMillis() + " ms for DONE of " + header);
            }
            wait(Math.max(1, left / 1_000_000L));
        }
    }
}
