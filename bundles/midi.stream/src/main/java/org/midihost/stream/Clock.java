package org.midihost.stream;

import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler's thread: runs each {@link Job} at its time on {@link System#nanoTime()}. It sleeps
 * until {@code spinNanos} before the earliest job, then spins the last stretch (the sleep of a
 * general-purpose OS overshoots by tens of microseconds to milliseconds; the spin does not), so
 * CPU is spent only in the last stretch before each event. Jobs due at the same time run in the
 * order they were added. Jobs run on this one thread with no lock held, so whatever they send goes
 * out in time order.
 */
final class Clock {
    private static final Logger LOG = LoggerFactory.getLogger(Clock.class);

    /** Something to do at a time. */
    interface Job {
        /**
         * Runs the job.
         *
         * @param now {@link System#nanoTime()} now, at or after the time asked for
         * @return the time to run again, or {@link #NEVER}
         */
        long run(long now);
    }

    /** A {@link Job#run} result: do not run again. */
    static final long NEVER = Long.MIN_VALUE;

    private record Entry(long due, long seq, Job job) implements Comparable<Entry> {
        @Override
        public int compareTo(Entry o) {
            int c = Long.compare(due - o.due, 0); // nanoTime values compare by difference
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    /** Guards {@link #queue}, {@link #seq} and {@link #running}; never held while a job runs. */
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when an earlier job arrives or the clock stops. */
    private final Condition changed = lock.newCondition();
    private final PriorityQueue<Entry> queue = new PriorityQueue<>();
    private final long spinNanos;
    private final Thread thread;
    private long seq;
    private boolean running = true;
    /** Counts new earliest jobs, so that a spin for a later job stops early; written under {@link #lock}. */
    private volatile long headChanges;
    /** Jobs run so far; written by the clock thread only. */
    private volatile long runs;

    /**
     * @param name the thread's name
     * @param spinNanos how long before a job the clock stops sleeping and spins, 0 or more
     */
    Clock(String name, long spinNanos) {
        this.spinNanos = spinNanos;
        this.thread = new Thread(this::loop, name);
        thread.setDaemon(true);
        thread.setPriority(Thread.MAX_PRIORITY);
        thread.start();
    }

    /**
     * Adds a job.
     *
     * @param due when, on {@link System#nanoTime()}; a time passed runs at once
     * @param job the job
     */
    void add(long due, Job job) {
        lock.lock();
        try {
            if (!running) {
                throw new IllegalStateException("the scheduler has stopped");
            }
            Entry e = new Entry(due, seq++, job);
            queue.add(e);
            if (queue.peek() == e) {
                headChanges++;
                changed.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Removes the jobs that match.
     *
     * @param which the test
     * @return how many were removed
     */
    int remove(Predicate<Job> which) {
        lock.lock();
        try {
            int before = queue.size();
            queue.removeIf(e -> which.test(e.job));
            return before - queue.size();
        } finally {
            lock.unlock();
        }
    }

    /** @return whether the current thread is the clock's */
    boolean isClockThread() {
        return Thread.currentThread() == thread;
    }

    /** @return jobs run so far */
    long runs() {
        return runs;
    }

    /** Stops the thread and waits for it; jobs not run are dropped. */
    void stop() {
        lock.lock();
        try {
            running = false;
            queue.clear();
            changed.signal();
        } finally {
            lock.unlock();
        }
        if (!isClockThread()) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void loop() {
        while (true) {
            Entry next = take();
            if (next == null) {
                return;
            }
            long again;
            try {
                again = next.job.run(System.nanoTime());
            } catch (RuntimeException e) {
                LOG.error("scheduler: {} failed; it is dropped", next.job, e);
                again = NEVER;
            }
            runs++;
            if (again != NEVER) {
                try {
                    add(again, next.job);
                } catch (IllegalStateException stopped) {
                    return;
                }
            }
        }
    }

    /** @return the next job, at its time; {@code null} once stopped */
    private Entry take() {
        while (true) {
            Entry head;
            long changes;
            lock.lock();
            try {
                head = queue.peek();
                while (running && head == null) {
                    changed.awaitUninterruptibly();
                    head = queue.peek();
                }
                if (!running) {
                    return null;
                }
                long wait = head.due - System.nanoTime();
                if (wait > spinNanos) {
                    try {
                        changed.awaitNanos(wait - spinNanos);
                    } catch (InterruptedException e) {
                        // the clock thread is never interrupted by the scheduler; go round again
                    }
                    continue; // the head may have changed
                }
                if (wait <= 0) {
                    queue.poll();
                    return head;
                }
                changes = headChanges;
            } finally {
                lock.unlock();
            }
            // The last stretch: spin with no lock, then take the head if it is still the head.
            while (head.due - System.nanoTime() > 0 && changes == headChanges) {
                Thread.onSpinWait();
            }
        }
    }
}
