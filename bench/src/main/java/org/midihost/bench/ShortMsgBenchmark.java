package org.midihost.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MidiMessage;
import javax.sound.midi.Receiver;
import javax.sound.midi.ShortMessage;
import org.midihost.api.MidiException;
import org.midihost.api.MidiOut;
import org.midihost.api.MidiOutCallback;
import org.midihost.api.OpenOptions;
import org.midihost.driver.loopback.LoopbackDriver;
import org.midihost.host.Host;
import org.midihost.spi.OutInstance;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The cost of one short message: {@code MidiOut.shortMsg} through the host against the same
 * driver instance called directly, for the trivial {@link SinkDriver} (the host's own cost laid
 * bare) and for the loopback driver (a real driver; no input started, so a send is a time stamp
 * and an empty fan-out), and {@code javax.sound.midi.Receiver.send} of a {@code ShortMessage}
 * into a receiver that does what the sink does. Run with the GC profiler for bytes per message.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class ShortMsgBenchmark {
    private Host host;
    private SinkDriver sink;
    private LoopbackDriver loopback;
    private MidiOut hostSink;
    private OutInstance directSink;
    private MidiOut hostLoopback;
    private OutInstance directLoopback;
    /** Stands for the host's per-device gate in {@link #directSinkLocked()}; uncontended. */
    private final ReentrantLock gate = new ReentrantLock();
    private Receiver receiver;
    private ShortMessage reused;
    private int note;

    /** Opens every path once; the blackhole is what the sink and the receiver hand messages to. */
    @Setup(Level.Trial)
    public void setUp(Blackhole bh) throws MidiException {
        sink = new SinkDriver(bh::consume);
        loopback = LoopbackConfigs.driver(1);
        host = new Host();
        host.addDriver(sink, LoopbackConfigs.props(SinkDriver.ID));
        host.addDriver(loopback, LoopbackConfigs.props(LoopbackDriver.DEFAULT_ID));
        hostSink = host.openOut(SinkDriver.ID + "/0", MidiOutCallback.NONE, OpenOptions.direct());
        hostLoopback = host.openOut("loopback/0", MidiOutCallback.NONE, OpenOptions.direct());
        directSink = sink.openOut("0", header -> { });
        directLoopback = loopback.openOut("0", header -> { });
        receiver = new Receiver() {
            @Override
            public void send(MidiMessage message, long timeStamp) {
                // What the sink gets: the message packed WinMM-style.
                ShortMessage sm = (ShortMessage) message;
                bh.consume(sm.getStatus() | sm.getData1() << 8 | sm.getData2() << 16);
            }

            @Override
            public void close() {
            }
        };
        reused = new ShortMessage();
    }

    /** Closes what the set-up opened. */
    @TearDown(Level.Trial)
    public void tearDown() throws MidiException {
        hostSink.close();
        hostLoopback.close();
        directSink.close();
        directLoopback.close();
        host.close();
    }

    /** @return the next note-on, packed: note and velocity vary so nothing is constant */
    private int next() {
        int n = (note + 1) & 0x7F;
        note = n;
        return 0x90 | n << 8 | (n | 1) << 16;
    }

    /** Host → sink driver. */
    @Benchmark
    public void hostSink() throws MidiException {
        hostSink.shortMsg(next());
    }

    /** Sink driver instance called directly. */
    @Benchmark
    public void directSink() throws MidiException {
        directSink.shortMsg(next());
    }

    /**
     * The sink driver instance called directly, inside an uncontended {@link ReentrantLock} as the
     * host's device gate is: how much of the host's cost is that lock alone.
     */
    @Benchmark
    public void directSinkLocked() throws MidiException {
        gate.lock();
        try {
            directSink.shortMsg(next());
        } finally {
            gate.unlock();
        }
    }

    /** Host → loopback driver. */
    @Benchmark
    public void hostLoopback() throws MidiException {
        hostLoopback.shortMsg(next());
    }

    /** Loopback driver instance called directly. */
    @Benchmark
    public void directLoopback() throws MidiException {
        directLoopback.shortMsg(next());
    }

    /** Java Sound as programs usually write it: a new ShortMessage per message. */
    @Benchmark
    public void javaSoundNewMessage() throws InvalidMidiDataException {
        int m = next();
        receiver.send(new ShortMessage(m & 0xF0, m & 0x0F, (m >> 8) & 0x7F, (m >> 16) & 0x7F), -1);
    }

    /** Java Sound with one ShortMessage reused through setMessage (the allocation-free way). */
    @Benchmark
    public void javaSoundReusedMessage() throws InvalidMidiDataException {
        int m = next();
        reused.setMessage(m & 0xF0, m & 0x0F, (m >> 8) & 0x7F, (m >> 16) & 0x7F);
        receiver.send(reused, -1);
    }
}
