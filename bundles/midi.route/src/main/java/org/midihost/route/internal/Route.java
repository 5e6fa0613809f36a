package org.midihost.route.internal;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.midihost.api.DeviceEvent;
import org.midihost.api.MidiException;
import org.midihost.api.MidiHeader;
import org.midihost.api.MidiHost;
import org.midihost.api.MidiIn;
import org.midihost.api.MidiInCallback;
import org.midihost.api.MidiOut;
import org.midihost.api.MidiOutCallback;
import org.midihost.api.OpenOptions;
import org.midihost.route.RouteInfo;
import org.midihost.route.Transform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One standing route at run time: its input handle and output handles, opened by endpoint id
 * with {@code reconnect}, so that a driver swap makes the route wait and the same endpoint coming
 * back makes it carry again. Messages arriving at the input (DIRECT, on the driver's thread) go
 * through the {@link Transform} and the rate limit to every output that is open, with no
 * allocation for a short message.
 *
 * <p>Opening and re-starting ends runs on the router's executor ({@link #retry}), never on a
 * driver's or a callback's thread; {@link #lock} guards the handles and the closed flag there.
 * The message path reads the handles through volatile fields and takes no lock.
 */
final class Route {
    private static final Logger LOG = LoggerFactory.getLogger(Route.class);
    private static final int SYSEX_BUFFERS = 4;
    private static final int SYSEX_BUFFER_SIZE = 64 * 1024;

    final String name;
    final String from;
    final List<String> to;
    final Transform transform;
    private final int rate;
    private final MidiHost host;
    private final Executor executor;

    /** Guards opening and closing the handles and {@link #closed}; held on the executor's thread and by close. */
    private final Object lock = new Object();
    private volatile boolean closed;
    private volatile MidiIn in;
    /** The outputs, index as in {@link #to}; an entry is {@code null} until it opened. */
    private final AtomicReferenceArray<MidiOut> outs;
    private volatile boolean inAttached;
    /** Set once the first attempt to open the ends is over: until then the route is not listed. */
    private volatile boolean tried;
    /** Per output: 1 while its handle is attached to its device (between OPEN and CLOSE). */
    private final AtomicIntegerArray outAttached;

    // Counters: written by the input's delivery (one thread at a time), read by routes().
    private volatile long passed;
    private volatile long filtered;
    private volatile long dropped;
    private volatile long throttled;
    private final Throttle throttle;
    private long lastReport;
    private long throttledAtReport;
    /** A system-exclusive message arriving in buffer-sized pieces; input delivery thread only. */
    private final ByteArrayOutputStream sysex = new ByteArrayOutputStream();

    Route(String name, String from, List<String> to, Transform transform, int rate, MidiHost host, Executor executor) {
        this.name = name;
        this.from = from;
        this.to = List.copyOf(to);
        this.transform = transform;
        this.rate = rate;
        this.host = host;
        this.executor = executor;
        this.outs = new AtomicReferenceArray<>(to.size());
        this.outAttached = new AtomicIntegerArray(to.size());
        this.throttle = new Throttle(rate);
    }

    /** Opens what is present; the rest waits for its endpoint ({@link #deviceEvent}). On the executor. */
    void retry() {
        try {
            open();
        } finally {
            tried = true;
        }
    }

    /** @return whether the first attempt to open the ends is over (the route's state means something) */
    boolean tried() {
        return tried;
    }

    private void open() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            for (int i = 0; i < outs.length(); i++) {
                if (outs.get(i) == null) {
                    try {
                        outs.set(i, host.openOut(to.get(i), new OutCallback(i), OpenOptions.direct().reconnect(true)));
                        outAttached.set(i, 1);
                    } catch (MidiException e) {
                        LOG.debug("route '{}': output {} not open yet: {}", name, to.get(i), e.getMessage());
                    }
                }
            }
            if (in == null) {
                try {
                    MidiIn h = host.openIn(from, new InCallback(), OpenOptions.direct().reconnect(true));
                    in = h;
                    startInput(h);
                } catch (MidiException e) {
                    LOG.debug("route '{}': input {} not open yet: {}", name, from, e.getMessage());
                }
            } else if (!inAttached) {
                return; // its handle reattaches by itself (reconnect); resume() starts it then
            }
        }
    }

    /** The input reattached (its driver came back): give it buffers and start it again. On the executor. */
    private void resume() {
        synchronized (lock) {
            MidiIn h = in;
            if (closed || h == null) {
                return;
            }
            try {
                h.reset();
                startInput(h);
            } catch (MidiException e) {
                LOG.warn("route '{}': input {} came back but could not start: {}", name, from, e.getMessage());
            }
        }
    }

    /** Holding {@link #lock}. */
    private void startInput(MidiIn h) throws MidiException {
        for (int i = 0; i < SYSEX_BUFFERS; i++) {
            MidiHeader b = new MidiHeader(new byte[SYSEX_BUFFER_SIZE]);
            h.prepareHeader(b);
            h.addBuffer(b);
        }
        h.start();
        inAttached = true;
    }

    /** A device came or went: an end this route waits for may be back. */
    void deviceEvent(DeviceEvent e) {
        if (e.type() == DeviceEvent.Type.ADDED) {
            String endpoint = e.caps().endpointId();
            if (endpoint.equals(from) || to.contains(endpoint)) {
                executor.execute(this::retry);
            }
        }
    }

    /** Closes every handle. Idempotent. */
    void close() {
        List<AutoCloseable> handles = new ArrayList<>();
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            MidiIn h = in;
            in = null;
            if (h != null) {
                handles.add(() -> {
                    h.reset();
                    h.close();
                });
            }
            for (int i = 0; i < outs.length(); i++) {
                MidiOut o = outs.getAndSet(i, null);
                if (o != null) {
                    handles.add(o::close);
                }
            }
        }
        for (AutoCloseable c : handles) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.debug("route '{}': closing a handle: {}", name, e.getMessage());
            }
        }
    }

    /** @return what the route is and has done */
    RouteInfo info() {
        List<String> waiting = new ArrayList<>();
        if (!inAttached) {
            waiting.add(from);
        }
        for (int i = 0; i < outs.length(); i++) {
            if (outs.get(i) == null || outAttached.get(i) == 0) {
                waiting.add(to.get(i));
            }
        }
        return new RouteInfo(name, from, to, transform.toString(),
                waiting.isEmpty() ? RouteInfo.State.ACTIVE : RouteInfo.State.WAITING, List.copyOf(waiting),
                passed, filtered, dropped, throttled);
    }

    private void route(int message, long nanos) {
        int m = transform.apply(message);
        if (m == Transform.DROP) {
            filtered++;
            return;
        }
        if (!throttle.take(nanos)) {
            throttled++;
            dropped++;
            report(nanos);
            return;
        }
        boolean sent = false;
        for (int i = 0; i < outs.length(); i++) {
            MidiOut out = outs.get(i);
            if (out != null && outAttached.get(i) == 1) {
                try {
                    out.shortMsg(m);
                    sent = true;
                } catch (MidiException e) {
                    // the output's driver is going or gone: the route waits for it
                }
            }
        }
        if (sent) {
            passed++;
        } else {
            dropped++;
        }
    }

    private void routeSysex(byte[] bytes) {
        if (!transform.passesSysex()) {
            filtered++;
            return;
        }
        boolean sent = false;
        for (int i = 0; i < outs.length(); i++) {
            MidiOut out = outs.get(i);
            if (out != null && outAttached.get(i) == 1) {
                MidiHeader h = new MidiHeader(bytes.clone());
                try {
                    out.prepareHeader(h);
                    out.longMsg(h); // DONE unprepares it (OutCallback)
                    sent = true;
                } catch (MidiException e) {
                    // the output's driver is going or gone
                }
            }
        }
        if (sent) {
            passed++;
        } else {
            dropped++;
        }
    }

    /** Says, at most once a second, how many messages the rate limit dropped. Input delivery thread. */
    private void report(long nanos) {
        if (nanos - lastReport >= 1_000_000_000L) {
            long n = throttled - throttledAtReport;
            throttledAtReport = throttled;
            lastReport = nanos;
            LOG.warn("route '{}': {} message(s) over its rate limit of {}/s dropped", name, n, rate);
        }
    }

    /** The input's callbacks, DIRECT on the driver's thread. */
    private final class InCallback implements MidiInCallback {
        @Override
        public void onOpen(MidiIn h) {
            if (in == h && !inAttached) {
                executor.execute(Route.this::resume); // reattached after its driver came back
            }
        }

        @Override
        public void onClose(MidiIn h) {
            inAttached = false;
        }

        @Override
        public void onData(MidiIn h, int message, long millis, long nanos) {
            route(message, nanos);
        }

        @Override
        public void onMoreData(MidiIn h, int message, long millis, long nanos) {
            route(message, nanos);
        }

        @Override
        public void onLongData(MidiIn h, MidiHeader header, long millis, long nanos) {
            int n = header.bytesRecorded();
            if (n > 0) {
                sysex.write(header.data(), 0, n);
                if (header.data()[n - 1] == (byte) 0xF7) {
                    byte[] whole = sysex.toByteArray();
                    sysex.reset();
                    if (whole.length > 0 && (whole[0] & 0xFF) == 0xF0) {
                        routeSysex(whole);
                    }
                }
            }
            if (inAttached && !closed) {
                try {
                    h.addBuffer(header);
                } catch (MidiException e) {
                    // the input is resetting or going: its buffers come back, nothing to do
                }
            }
        }

        @Override
        public void onLongError(MidiIn h, MidiHeader header, long millis, long nanos) {
            sysex.reset(); // a message cut short is not sent on
            dropped++;
            if (inAttached && !closed) {
                try {
                    h.addBuffer(header);
                } catch (MidiException e) {
                    // the input is resetting or going
                }
            }
        }
    }

    /** An output's callbacks. */
    private final class OutCallback implements MidiOutCallback {
        private final int index;

        OutCallback(int index) {
            this.index = index;
        }

        @Override
        public void onOpen(MidiOut o) {
            outAttached.set(index, 1);
        }

        @Override
        public void onClose(MidiOut o) {
            outAttached.set(index, 0);
        }

        @Override
        public void onDone(MidiOut o, MidiHeader header) {
            try {
                o.unprepareHeader(header);
            } catch (MidiException e) {
                // the handle is closed: nothing to unprepare
            }
        }
    }

    @Override
    public String toString() {
        return "Route[" + name + ": " + from + " \u2192 " + String.join(", ", to) + "]";
    }
}
