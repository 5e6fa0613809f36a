package org.midihost.host;

import java.util.concurrent.Executor;
import org.midihost.api.Delivery;
import org.midihost.api.MidiHeader;
import org.midihost.api.OpenOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one handle's callbacks, in order, one at a time.
 *
 * <p>{@link Delivery#DIRECT}: on the producing thread. {@link Delivery#THREAD}: through a bounded
 * ring of preallocated slots drained by a task on an executor (the host's pool or the client's
 * own), so that the producer (a driver's input thread) never waits for the client. When the ring
 * is full, short events are dropped and counted, and the count is delivered as an OVERFLOW event
 * ahead of the next event that fits; events carrying a header (or OPEN/CLOSE) are never dropped:
 * the ring grows for them, bounded by the buffers the client itself gave.
 */
final class Dispatcher implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    /** Events one drain task delivers before it yields its executor thread to others. */
    private static final int BATCH = 256;

    /** What a dispatcher delivers to: the handle's side of the client callback. */
    interface Target {
        void deliver(EventKind kind, int message, long millis, long nanos, MidiHeader header, boolean more);
    }

    private final Target target;
    private final boolean direct;
    private final boolean ioStatus;
    private final Executor executor;
    private final String name;

    /** Guards the ring (the arrays, head, count), {@code lost} and {@code scheduled}. */
    private final Object lock = new Object();
    private EventKind[] kinds;
    private int[] messages;
    private long[] millis;
    private long[] nanos;
    private MidiHeader[] headers;
    private int head;
    private int count;
    /** The ring's bound: it grows on demand up to this many slots. */
    private final int bound;
    private final int shortLimit;
    private long lost;
    private boolean scheduled;

    /**
     * Failures of the client's callbacks by exception type, made on the first failure. Each type
     * is logged once, as one line; the count comes with CLOSE. Concurrent: DIRECT callbacks of one
     * handle may come from different threads (the driver's, the client's own).
     */
    private volatile java.util.Map<Class<?>, java.util.concurrent.atomic.AtomicLong> callbackFailures;

    /** Starting ring size of a handle with no short events (an output): OPEN, CLOSE and DONE grow it. */
    private static final int CONTROL_CAPACITY = 16;
    /**
     * Starting ring size of an input: allocated up front, so that steady input never allocates; a
     * burst grows the ring (doubling) up to the options' queue capacity.
     */
    static final int INITIAL_INPUT_CAPACITY = 4096;

    /**
     * @param shortEvents whether the handle gets short events (an input): its ring starts at
     *        {@link #INITIAL_INPUT_CAPACITY} (or the options' queue capacity if smaller) and grows
     *        up to that capacity; an output's ring starts small and grows with the buffers in
     *        flight
     */
    Dispatcher(String name, Target target, OpenOptions options, Executor hostExecutor, boolean shortEvents) {
        this.name = name;
        this.target = target;
        this.direct = options.delivery() == Delivery.DIRECT;
        this.ioStatus = options.ioStatus();
        this.executor = options.executor() != null ? options.executor() : hostExecutor;
        this.bound = direct ? 1 : shortEvents ? options.queueCapacity() : Integer.MAX_VALUE;
        int capacity = direct ? 1 : shortEvents ? Math.min(bound, INITIAL_INPUT_CAPACITY) : CONTROL_CAPACITY;
        this.shortLimit = bound - 1; // one slot kept for the OVERFLOW report
        this.kinds = new EventKind[capacity];
        this.messages = new int[capacity];
        this.millis = new long[capacity];
        this.nanos = new long[capacity];
        this.headers = new MidiHeader[capacity];
    }

    /**
     * A short event (DATA, ERROR): queued, growing the ring if it is full and below its bound;
     * dropped and counted at the bound. Allocation-free unless the ring grows.
     */
    void shortEvent(EventKind kind, int message, long ms, long ns) {
        if (direct) {
            call(kind, message, ms, ns, null, false);
            return;
        }
        boolean schedule;
        synchronized (lock) {
            if (count >= shortLimit) {
                lost++;
                return;
            }
            flushLostLocked(ms, ns);
            putLocked(kind, message, ms, ns, null);
            schedule = scheduleLocked();
        }
        if (schedule) {
            execute();
        }
    }

    /**
     * @param events how many short events are about to come
     * @return whether they fit under the bound (always, for direct delivery)
     */
    boolean hasRoom(int events) {
        if (direct) {
            return true;
        }
        synchronized (lock) {
            return count + events < shortLimit;
        }
    }

    /** An event that must reach the client (OPEN, CLOSE, DONE, LONGDATA, LONGERROR, OVERFLOW). */
    void mustEvent(EventKind kind, int message, long ms, long ns, MidiHeader header) {
        if (direct) {
            call(kind, message, ms, ns, header, false);
            return;
        }
        boolean schedule;
        synchronized (lock) {
            flushLostLocked(ms, ns);
            putLocked(kind, message, ms, ns, header);
            schedule = scheduleLocked();
        }
        if (schedule) {
            execute();
        }
    }

    /** Counts input lost outside the ring (a sysex with no buffer); reported like ring overflow. */
    void lost(long n, long ms, long ns) {
        if (direct) {
            call(EventKind.OVERFLOW, (int) Math.min(Integer.MAX_VALUE, n), ms, ns, null, false);
            return;
        }
        boolean schedule;
        synchronized (lock) {
            lost += n;
            schedule = scheduleLocked();
        }
        if (schedule) {
            execute();
        }
    }

    private void flushLostLocked(long ms, long ns) {
        if (lost > 0) {
            putLocked(EventKind.OVERFLOW, (int) Math.min(Integer.MAX_VALUE, lost), ms, ns, null);
            lost = 0;
        }
    }

    private void putLocked(EventKind kind, int message, long ms, long ns, MidiHeader header) {
        if (count == kinds.length) {
            growLocked();
        }
        int i = (head + count) % kinds.length;
        kinds[i] = kind;
        messages[i] = message;
        millis[i] = ms;
        nanos[i] = ns;
        headers[i] = header;
        count++;
    }

    private void growLocked() {
        int n = kinds.length;
        int m = n * 2;
        EventKind[] t = new EventKind[m];
        int[] msg = new int[m];
        long[] ms = new long[m];
        long[] ns = new long[m];
        MidiHeader[] h = new MidiHeader[m];
        for (int k = 0; k < count; k++) {
            int i = (head + k) % n;
            t[k] = kinds[i];
            msg[k] = messages[i];
            ms[k] = millis[i];
            ns[k] = nanos[i];
            h[k] = headers[i];
        }
        kinds = t;
        messages = msg;
        millis = ms;
        nanos = ns;
        headers = h;
        head = 0;
    }

    private boolean scheduleLocked() {
        if (scheduled) {
            return false;
        }
        scheduled = true;
        return true;
    }

    private void execute() {
        try {
            executor.execute(this);
        } catch (RuntimeException e) {
            // The executor refused (a client's executor shut down, or the host's pool while the host
            // stops): drain on a thread of our own, so that no event, CLOSE and DONE included, is
            // stranded in the ring.
            LOG.warn("{}: the callback executor refused work ({}); delivering on a fallback thread", name,
                    e.toString());
            Thread t = new Thread(this, "midihost-callback-fallback");
            t.setDaemon(true);
            t.start();
        }
    }

    /** The drain task: delivers up to {@link #BATCH} events, then reschedules itself if more wait. */
    @Override
    public void run() {
        for (int n = 0; n < BATCH; n++) {
            EventKind kind;
            int message;
            long ms;
            long ns;
            MidiHeader header;
            boolean more;
            synchronized (lock) {
                if (count == 0) {
                    if (lost == 0) {
                        scheduled = false;
                        return;
                    }
                    // what was dropped while the ring was full, now that the client caught up
                    kind = EventKind.OVERFLOW;
                    message = (int) Math.min(Integer.MAX_VALUE, lost);
                    lost = 0;
                    ms = 0;
                    ns = System.nanoTime();
                    header = null;
                    more = false;
                } else {
                    int i = head;
                    kind = kinds[i];
                    message = messages[i];
                    ms = millis[i];
                    ns = nanos[i];
                    header = headers[i];
                    headers[i] = null;
                    head = (head + 1) % kinds.length;
                    count--;
                    more = ioStatus && count > 0;
                }
            }
            call(kind, message, ms, ns, header, more);
        }
        execute();
    }

    private void call(EventKind kind, int message, long ms, long ns, MidiHeader header, boolean more) {
        try {
            target.deliver(kind, message, ms, ns, header, more);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable t) {
            // A client's callback must not stop later callbacks nor the producer. One line per
            // exception type; the stack trace for whoever debugs the client.
            failed(kind, t);
        }
        java.util.Map<Class<?>, java.util.concurrent.atomic.AtomicLong> failures = callbackFailures;
        if (kind == EventKind.CLOSE && failures != null) {
            callbackFailures = null;
            failures.forEach((type, n) -> {
                if (n.get() > 1) {
                    LOG.warn("{}: the client's callback threw {} {} times in all", name, type.getName(), n.get());
                }
            });
        }
    }

    private void failed(EventKind kind, Throwable t) {
        java.util.Map<Class<?>, java.util.concurrent.atomic.AtomicLong> failures = callbackFailures;
        if (failures == null) {
            synchronized (lock) {
                failures = callbackFailures;
                if (failures == null) {
                    failures = new java.util.concurrent.ConcurrentHashMap<>();
                    callbackFailures = failures;
                }
            }
        }
        java.util.concurrent.atomic.AtomicLong n = failures.computeIfAbsent(t.getClass(), k -> new java.util.concurrent.atomic.AtomicLong());
        if (n.getAndIncrement() == 0) {
            LOG.warn("{}: the client's callback threw on {}: {} (logged once per handle and exception type; the count comes at close)",
                    name, kind, t.toString());
            LOG.debug("{}: the client's callback threw", name, t);
        }
    }
}
