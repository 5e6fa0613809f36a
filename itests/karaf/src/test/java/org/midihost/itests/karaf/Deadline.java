package org.midihost.itests.karaf;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * Bounded polling for what happens asynchronously in Karaf (DS components activating, shell
 * commands being registered, devices appearing): check, back off a little, give up at a deadline.
 */
final class Deadline {
    /** How long any wait lasts before the test fails. */
    static final Duration TIMEOUT = Duration.ofSeconds(20);

    private Deadline() {
    }

    /** Something to check that may throw while the state it looks at is not there yet. */
    interface Check<T> {
        T get() throws Exception;
    }

    /**
     * @param what what is awaited, for the failure message
     * @param check gives the current value, or throws while it cannot yet
     * @param done whether a value is the awaited one
     * @return the first value that {@code done} accepts
     * @throws AssertionError with the last value or exception when the deadline passes
     */
    static <T> T await(String what, Check<T> check, Predicate<T> done) {
        long end = System.nanoTime() + TIMEOUT.toNanos();
        long pause = TimeUnit.MILLISECONDS.toNanos(5);
        Object last = null;
        while (true) {
            try {
                T value = check.get();
                if (done.test(value)) {
                    return value;
                }
                last = value;
            } catch (Exception e) {
                last = e;
            }
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("timed out after " + TIMEOUT.toSeconds() + " s waiting for " + what
                        + "; last: " + last, last instanceof Throwable t ? t : null);
            }
            LockSupport.parkNanos(pause);
            pause = Math.min(pause * 2, TimeUnit.MILLISECONDS.toNanos(100));
        }
    }
}
