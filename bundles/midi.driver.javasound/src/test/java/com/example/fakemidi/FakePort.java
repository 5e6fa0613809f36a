package com.example.fakemidi;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import javax.sound.midi.MidiDevice;
import javax.sound.midi.MidiMessage;
import javax.sound.midi.MidiUnavailableException;
import javax.sound.midi.Receiver;
import javax.sound.midi.Transmitter;

/**
 * A fake hardware MIDI port that behaves as Java Sound's own do: {@code open} and {@code close}
 * (idempotent), receivers that record what is sent to the port, transmitters that deliver what
 * "arrives at the port" ({@link #arrive}), a microsecond clock while open, and
 * {@link MidiUnavailableException} on {@code open} while another program holds it ({@link #hold})
 * or after it was unplugged. Sending to a closed port throws {@link IllegalStateException}, as Java
 * Sound does.
 */
public final class FakePort implements MidiDevice {
    /** What reached the port through one of its receivers. */
    public record Sent(byte[] bytes, long timeStamp) {
    }

    /** An info with a public constructor (Java Sound's is protected). */
    public static final class FakeInfo extends MidiDevice.Info {
        public FakeInfo(String name, String vendor, String description, String version) {
            super(name, vendor, description, version);
        }
    }

    private final MidiDevice.Info info;
    private final boolean receivers;
    private final boolean transmitters;
    private volatile boolean held;
    private volatile boolean broken;
    // Guards open state and the receiver and transmitter lists.
    private final Object lock = new Object();
    private boolean open;
    private long openedNanos;
    private int opens;
    private final List<FakeReceiver> openReceivers = new ArrayList<>();
    private final List<FakeTransmitter> openTransmitters = new CopyOnWriteArrayList<>();
    private final LinkedBlockingQueue<Sent> sent = new LinkedBlockingQueue<>();
    private volatile BiConsumer<byte[], Long> observer;

    public FakePort(MidiDevice.Info info, boolean receivers, boolean transmitters) {
        this.info = info;
        this.receivers = receivers;
        this.transmitters = transmitters;
    }

    public FakePort(String name, String vendor, String description, String version, boolean receivers,
            boolean transmitters) {
        this(new FakeInfo(name, vendor, description, version), receivers, transmitters);
    }

    /** @return an output and input port */
    public static FakePort both(String name, String vendor) {
        return new FakePort(name, vendor, name + " MIDI port", "1.0", true, true);
    }

    /** @param h whether another program holds the port: open fails */
    public void hold(boolean h) {
        held = h;
    }

    /** @param b whether the port's methods throw (a broken provider) */
    public void breakIt(boolean b) {
        broken = b;
    }

    /** @param o called with what reaches the port, instead of queueing it */
    public void observe(BiConsumer<byte[], Long> o) {
        observer = o;
    }

    @Override
    public Info getDeviceInfo() {
        return info;
    }

    @Override
    public void open() throws MidiUnavailableException {
        if (held) {
            throw new MidiUnavailableException("the port is held by another program");
        }
        if (!FakeHardware.isPlugged(this)) {
            throw new MidiUnavailableException("the port is unplugged");
        }
        synchronized (lock) {
            if (!open) {
                open = true;
                opens++;
                openedNanos = System.nanoTime();
            }
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            open = false;
            for (FakeReceiver r : openReceivers) {
                r.closed = true;
            }
            openReceivers.clear();
            openTransmitters.clear();
        }
    }

    void unplugged() {
        close();
    }

    @Override
    public boolean isOpen() {
        synchronized (lock) {
            return open;
        }
    }

    /** @return how often the port went from closed to open */
    public int opens() {
        synchronized (lock) {
            return opens;
        }
    }

    @Override
    public long getMicrosecondPosition() {
        synchronized (lock) {
            return open ? (System.nanoTime() - openedNanos) / 1000 : -1;
        }
    }

    @Override
    public int getMaxReceivers() {
        if (broken) {
            throw new IllegalStateException("broken provider");
        }
        return receivers ? -1 : 0;
    }

    @Override
    public int getMaxTransmitters() {
        return transmitters ? -1 : 0;
    }

    @Override
    public Receiver getReceiver() throws MidiUnavailableException {
        if (!receivers) {
            throw new MidiUnavailableException("no receivers");
        }
        synchronized (lock) {
            FakeReceiver r = new FakeReceiver();
            openReceivers.add(r);
            return r;
        }
    }

    @Override
    public List<Receiver> getReceivers() {
        synchronized (lock) {
            return List.copyOf(openReceivers);
        }
    }

    @Override
    public Transmitter getTransmitter() throws MidiUnavailableException {
        if (!transmitters) {
            throw new MidiUnavailableException("no transmitters");
        }
        FakeTransmitter t = new FakeTransmitter();
        openTransmitters.add(t);
        return t;
    }

    @Override
    public List<Transmitter> getTransmitters() {
        return List.copyOf(openTransmitters);
    }

    /**
     * A message arrives at the port from outside: every transmitter of the open port passes it to
     * its receiver, on this thread.
     *
     * @param m the message
     * @param timeStamp microseconds on the port's clock, or -1
     */
    public void arrive(MidiMessage m, long timeStamp) {
        if (!isOpen()) {
            return;
        }
        for (FakeTransmitter t : openTransmitters) {
            Receiver r = t.receiver;
            if (r != null) {
                r.send(m, timeStamp);
            }
        }
    }

    /** As {@link #arrive}, stamped with the port's clock now. */
    public void arriveNow(MidiMessage m) {
        arrive(m, getMicrosecondPosition());
    }

    /** @return whether any transmitter of the port has a receiver (someone listens) */
    public boolean hasListener() {
        return openTransmitters.stream().anyMatch(t -> t.receiver != null);
    }

    /**
     * @param millis how long to wait
     * @return the next message that reached the port, or {@code null}
     */
    public Sent nextSent(long millis) throws InterruptedException {
        return sent.poll(millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public String toString() {
        return "FakePort " + info.getName();
    }

    private final class FakeReceiver implements Receiver {
        volatile boolean closed;

        @Override
        public void send(MidiMessage message, long timeStamp) {
            if (closed || !isOpen()) {
                throw new IllegalStateException("Receiver is not open");
            }
            byte[] bytes = message.getMessage();
            BiConsumer<byte[], Long> o = observer;
            if (o != null) {
                o.accept(bytes, timeStamp);
            } else {
                sent.add(new Sent(bytes, timeStamp));
            }
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private final class FakeTransmitter implements Transmitter {
        volatile Receiver receiver;

        @Override
        public void setReceiver(Receiver r) {
            receiver = r;
        }

        @Override
        public Receiver getReceiver() {
            return receiver;
        }

        @Override
        public void close() {
            receiver = null;
            openTransmitters.remove(this);
        }
    }
}
