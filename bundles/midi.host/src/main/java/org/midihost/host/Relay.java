package org.midihost.host;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Moves a dispatcher's drain task off a thread that must neither allocate nor run client code:
 * a sender holding an output's gate, telling the spies on that output. The spy's dispatcher
 * executes through a {@link #wrap wrapped} executor whose {@code execute} only links itself onto a
 * lock-free stack (intrusively: no allocation) and unparks the relay thread; the relay thread
 * hands the task to the real executor (the host's callback pool or the client's own), which may
 * allocate and may be slow without holding up a sender.
 *
 * <p>One daemon thread per host, started with the first spy, ended by {@link #close()}.
 */
final class Relay {
    /** A dispatcher's executor: at most once on the stack at a time. */
    final class Wake implements Executor {
        private final Executor target;
        private volatile Runnable task;
        /** Whether the wake is on the stack; set by the pusher, cleared by the relay before it hands over. */
        private final AtomicBoolean queued = new AtomicBoolean();
        /** The next wake on the stack; written before the push publishes it, read after the take. */
        private Wake next;

        private Wake(Executor target) {
            this.target = target;
        }

        @Override
        public void execute(Runnable r) {
            task = r;
            if (queued.compareAndSet(false, true)) {
                push(this);
            }
        }
    }

    private final AtomicReference<Wake> head = new AtomicReference<>();
    /** Guarded by {@code this}: the relay thread, started by the first wrap; volatile for the pushers. */
    private volatile Thread thread;
    private volatile boolean stopped;

    /**
     * @param target where the tasks run
     * @return an executor that reaches {@code target} through the relay
     */
    synchronized Executor wrap(Executor target) {
        if (thread == null && !stopped) {
            Thread t = new Thread(this::loop, "midihost-spy-relay");
            t.setDaemon(true);
            thread = t;
            t.start();
        }
        return new Wake(target);
    }

    private void push(Wake w) {
        Wake h;
        do {
            h = head.get();
            w.next = h;
        } while (!head.compareAndSet(h, w));
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
        if (stopped) {
            drain(); // the relay may have ended already: hand over here rather than strand the task
        }
    }

    private void loop() {
        while (true) {
            if (!drain()) {
                if (stopped) {
                    drain();
                    return;
                }
                LockSupport.park(this);
            }
        }
    }

    /** @return whether there was anything to hand over */
    private boolean drain() {
        Wake w = head.getAndSet(null);
        if (w == null) {
            return false;
        }
        while (w != null) {
            Wake n = w.next;
            w.next = null;
            Runnable task = w.task;
            w.queued.set(false); // before the hand-over: a task that reschedules itself is pushed again
            handOver(w.target, task);
            w = n;
        }
        return true;
    }

    private static void handOver(Executor target, Runnable task) {
        try {
            target.execute(task);
        } catch (RuntimeException e) {
            // refused (the pool stops with the host, or a client's executor shut down): as the
            // dispatcher does, deliver on a thread of our own rather than strand CLOSE or a buffer
            Thread t = new Thread(task, "midihost-callback-fallback");
            t.setDaemon(true);
            t.start();
        }
    }

    /** Ends the relay thread once the stack is empty; later wakes are handed over by their pusher. */
    void close() {
        stopped = true;
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }
}
