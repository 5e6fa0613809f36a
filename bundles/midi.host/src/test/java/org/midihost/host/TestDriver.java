package org.midihost.host;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.midihost.api.MidiException;
import org.midihost.api.MidiHeader;
import org.midihost.api.MmResult;
import org.midihost.spi.InClient;
import org.midihost.spi.InDevice;
import org.midihost.spi.InInstance;
import org.midihost.spi.MidiDriver;
import org.midihost.spi.OutClient;
import org.midihost.spi.OutDevice;
import org.midihost.spi.OutInstance;

/**
 * A driver for host tests: records what reaches it, checks that no two calls on one device
 * overlap, and can be told to throw, to hold sysex headers, or to refuse calls after "unbind".
 */
class TestDriver implements MidiDriver {
    final String id;
    final int order;
    volatile List<OutDevice> outs;
    volatile List<InDevice> ins;

    /** Every message that reached an output, as "device:message" (hex). */
    final ConcurrentLinkedQueue<String> received = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<Integer> shorts = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<byte[]> sysex = new ConcurrentLinkedQueue<>();
    /** Open input instances, so a test can push input. */
    final List<In> inputs = new CopyOnWriteArrayList<>();
    final List<Out> outputs = new CopyOnWriteArrayList<>();
    final AtomicInteger inside = new AtomicInteger();
    final AtomicBoolean overlapSeen = new AtomicBoolean();
    /** Set after the host's removeDriver returned: any call after that is a failure. */
    final AtomicBoolean gone = new AtomicBoolean();
    final AtomicBoolean calledAfterGone = new AtomicBoolean();
    volatile boolean throwOnShort;
    /** While set, shortMsg waits for it inside the driver (a driver stuck in a call). */
    volatile java.util.concurrent.CountDownLatch blockShort;
    /** Counted down when a shortMsg is inside the driver and blocked. */
    final java.util.concurrent.CountDownLatch blocked = new java.util.concurrent.CountDownLatch(1);
    volatile boolean holdSysex;
    final AtomicInteger closes = new AtomicInteger();

    TestDriver(String id, int order, int outCount, int inCount, boolean multi) {
        this.id = id;
        this.order = order;
        List<OutDevice> o = new ArrayList<>();
        for (int i = 0; i < outCount; i++) {
            o.add(OutDevice.port(String.valueOf(i), id + " out " + i).withMultiClient(multi));
        }
        List<InDevice> in = new ArrayList<>();
        for (int i = 0; i < inCount; i++) {
            in.add(InDevice.port(String.valueOf(i), id + " in " + i).withMultiClient(multi));
        }
        this.outs = o;
        this.ins = in;
    }

    Map<String, Object> props() {
        return Map.of(MidiDriver.ID, id, MidiDriver.ORDER, order);
    }

    private void enter() {
        if (gone.get()) {
            calledAfterGone.set(true);
        }
    }

    @Override
    public List<OutDevice> outDevices() {
        enter();
        return outs;
    }

    @Override
    public List<InDevice> inDevices() {
        enter();
        return ins;
    }

    @Override
    public OutInstance openOut(int index, OutClient client) throws MidiException {
        enter();
        Out o = new Out(index, client);
        outputs.add(o);
        return o;
    }

    @Override
    public InInstance openIn(int index, InClient client) throws MidiException {
        enter();
        return new In(index, client);
    }

    final class Out implements OutInstance {
        final int index;
        final OutClient client;
        final List<MidiHeader> held = new CopyOnWriteArrayList<>();
        int volume = 0xFFFF;

        Out(int index, OutClient client) {
            this.index = index;
            this.client = client;
        }

        private void begin() {
            enter();
            if (inside.incrementAndGet() > 1) {
                overlapSeen.set(true);
            }
        }

        private void end() {
            inside.decrementAndGet();
        }

        @Override
        public void shortMsg(int message) throws MidiException {
            begin();
            try {
                if (throwOnShort) {
                    throw new IllegalStateException("driver bug");
                }
                java.util.concurrent.CountDownLatch b = blockShort;
                if (b != null) {
                    blocked.countDown();
                    try {
                        b.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                shorts.add(message);
                received.add(index + ":" + Integer.toHexString(message));
            } finally {
                end();
            }
        }

        @Override
        public void longMsg(MidiHeader header) throws MidiException {
            begin();
            try {
                byte[] copy = java.util.Arrays.copyOf(header.data(), header.bufferLength());
                sysex.add(copy);
                if (holdSysex) {
                    held.add(header);
                } else {
                    client.done(header);
                }
            } finally {
                end();
            }
        }

        @Override
        public void reset() throws MidiException {
            begin();
            try {
                for (MidiHeader h : held) {
                    held.remove(h);
                    client.done(h);
                }
            } finally {
                end();
            }
        }

        @Override
        public int volume() throws MidiException {
            enter();
            return volume;
        }

        @Override
        public void setVolume(int v) throws MidiException {
            enter();
            volume = v;
        }

        @Override
        public void close() {
            enter();
            closes.incrementAndGet();
            outputs.remove(this);
        }
    }

    final class In implements InInstance {
        final int index;
        final InClient client;

        In(int index, InClient client) {
            this.index = index;
            this.client = client;
        }

        @Override
        public void start() throws MidiException {
            enter();
            inputs.add(this);
        }

        @Override
        public void stop() throws MidiException {
            enter();
            inputs.remove(this);
        }

        @Override
        public void close() {
            enter();
            inputs.remove(this);
            closes.incrementAndGet();
        }
    }

    /** Pushes a short message into every started input. */
    void input(int message) {
        long t = System.nanoTime();
        for (In in : inputs) {
            in.client.data(message, t);
        }
    }

    /** Pushes sysex bytes into every started input. */
    void inputSysex(byte[] bytes, boolean end) {
        long t = System.nanoTime();
        for (In in : inputs) {
            in.client.sysex(bytes, 0, bytes.length, end, t);
        }
    }

    static MidiException allocated() {
        return new MidiException(MmResult.MMSYSERR_ALLOCATED);
    }
}
