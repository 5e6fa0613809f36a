package org.midihost.bench;

import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import javax.sound.midi.MidiMessage;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Receiver;
import javax.sound.midi.Sequence;
import javax.sound.midi.Sequencer;
import javax.sound.midi.ShortMessage;
import org.midihost.api.MidiStream;
import org.midihost.api.OpenOptions;
import org.midihost.api.StreamBuffer;
import org.midihost.api.StreamCallback;
import org.midihost.api.StreamEvent;
import org.midihost.api.TimeDivision;
import org.midihost.host.Host;
import org.midihost.stream.StreamScheduler;
import org.midihost.stream.smf.Smf;
import org.midihost.stream.smf.SmfEvent;
import org.midihost.stream.smf.SmfReader;
import org.midihost.stream.smf.SmfStreams;
import org.midihost.stream.smf.SmfTimeline;
import org.midihost.stream.smf.SmfTrack;
import org.midihost.stream.smf.SmfWriter;
import org.midihost.stream.smf.TempoMap;
import org.osgi.util.converter.Converters;

/**
 * Playback timing: the midihost stream scheduler against the JDK's real-time
 * {@link Sequencer}, playing the same Standard MIDI File, one after the other in one JVM.
 *
 * <p>The files are generated here ({@link #tempoRich}, {@link #plain}) and written with
 * {@link SmfWriter}; each player reads the bytes the way it normally would ({@link SmfReader} and
 * {@link SmfStreams} for midihost, {@link MidiSystem#getSequence} for the JDK). Both players hand
 * their messages to a recorder that stores {@link System#nanoTime()} on arrival: for midihost the
 * {@link SinkDriver}'s output {@code sink/0} (the message reaches the driver on the scheduler's
 * thread, through the host), for the JDK a {@link Receiver} on the sequencer's transmitter.
 *
 * <p>Each note-on/note-off that arrives is matched, in order, to the file's channel events; its
 * scheduled time is {@link TempoMap#micros} of its tick, computed from the file independently of
 * either player. The error of event i is {@code (arrival(i) - arrival(0)) - (scheduled(i) -
 * scheduled(0))}: p50, p99 and max of its absolute value, and the drift (mean signed error of the
 * last 10 events). The start latency is the time from the start call ({@code MidiStream.restart},
 * {@code Sequencer.start}) to the first event's arrival: a late first event shifts every later
 * error by as much the other way. CPU is the thread CPU time ({@link ThreadMXBean#getThreadCpuTime}) of the
 * player's thread ({@code midihost-scheduler}, {@code Java Sound Sequencer}) from just before the
 * start to the end of playback.
 */
final class SchedulerBench {
    /** Sixteenth notes: 480 PPQ / 4. */
    private static final int SIXTEENTH = 120;
    private static final int PPQ = 480;
    /** The tempo-rich file has this many tempo changes after its initial tempo. */
    static final int TEMPO_CHANGES = 114;
    /** Events at the end averaged for the drift. */
    private static final int DRIFT_EVENTS = 10;

    private SchedulerBench() {
    }

    /** What one playback measured. */
    record Outcome(String player, int expected, int matched, int unmatched, double p50, double p99, double max,
            double drift, double startMicros, double cpuMillis, double wallMillis) {
        double cpuPercent() {
            return 100 * cpuMillis / wallMillis;
        }
    }

    /** A generated file: its bytes, its channel events in order and their scheduled times. */
    record TestFile(String name, byte[] bytes, int[] messages, double[] scheduledMicros, double durationMicros,
            int tempoSegments) {
    }

    // ------------------------------------------------------------------ the files

    /**
     * A file like a Bach prelude: one voice of sixteenth notes (note-off 20 ticks before the next
     * note-on), a conductor track with an initial tempo and {@value #TEMPO_CHANGES} changes spread
     * through it — rubato around 100 bpm, some on a note, some between notes, and a final
     * ritardando.
     *
     * @param seconds about how long it plays
     */
    static TestFile tempoRich(double seconds) {
        int sixteenths = (int) Math.round(seconds * 1e6 / 150_000); // first guess: 100 bpm
        Smf smf = null;
        for (int pass = 0; pass < 3; pass++) {
            smf = tempoRichSmf(sixteenths);
            double d = TempoMap.of(smf).durationMicros();
            sixteenths = (int) Math.round(sixteenths * seconds * 1e6 / d);
        }
        return file("tempo-rich", smf);
    }

    private static Smf tempoRichSmf(int sixteenths) {
        long total = (long) sixteenths * SIXTEENTH;
        Random random = new Random(1722);
        List<SmfEvent> conductor = new ArrayList<>();
        conductor.add(SmfEvent.tempo(0, 600_000));
        for (int j = 1; j <= TEMPO_CHANGES; j++) {
            long tick = Math.round(j * (double) total / (TEMPO_CHANGES + 1) / 20) * 20; // on a note or between
            double f = 1 + 0.2 * Math.sin(2 * Math.PI * j / 19.0) + 0.06 * (random.nextDouble() - 0.5);
            if (j > TEMPO_CHANGES - 12) {
                f *= 1 + 0.05 * (j - (TEMPO_CHANGES - 12)); // ritardando
            }
            conductor.add(SmfEvent.tempo(tick, (int) Math.round(600_000 * f)));
        }
        return notes(conductor, sixteenths);
    }

    /**
     * The same notes at one tempo (120 bpm, a tempo event at tick 0).
     *
     * @param seconds how long it plays
     */
    static TestFile plain(double seconds) {
        int sixteenths = (int) Math.round(seconds * 1e6 / 125_000);
        return file("plain", notes(new ArrayList<>(List.of(SmfEvent.tempo(0, 500_000))), sixteenths));
    }

    private static Smf notes(List<SmfEvent> conductor, int sixteenths) {
        int[] arpeggio = {60, 64, 67, 72, 76, 67, 72, 76}; // C major, as BWV 846 begins
        List<SmfEvent> notes = new ArrayList<>();
        for (int i = 0; i < sixteenths; i++) {
            long tick = (long) i * SIXTEENTH;
            int key = arpeggio[i % 8] + (i / 16 % 3 == 1 ? 2 : i / 16 % 3 == 2 ? -1 : 0);
            notes.add(SmfEvent.channel(tick, 0x90, key, 64));
            notes.add(SmfEvent.channel(tick + SIXTEENTH - 20, 0x80, key, 64));
        }
        long end = (long) sixteenths * SIXTEENTH - 20;
        return Smf.of(1, TimeDivision.ppq(PPQ), List.of(new SmfTrack(conductor, end), new SmfTrack(notes, end)));
    }

    private static TestFile file(String name, Smf smf) {
        byte[] bytes = new SmfWriter().toBytes(smf);
        TempoMap map = TempoMap.of(smf);
        List<SmfTimeline.Entry> channel = SmfTimeline.of(smf).entries().stream()
                .filter(e -> e.event().kind() == SmfEvent.Kind.CHANNEL).toList();
        int[] messages = new int[channel.size()];
        double[] scheduled = new double[channel.size()];
        for (int i = 0; i < messages.length; i++) {
            messages[i] = channel.get(i).event().message();
            scheduled[i] = map.micros(channel.get(i).tick());
        }
        return new TestFile(name, bytes, messages, scheduled, map.durationMicros(), map.segments());
    }

    // ------------------------------------------------------------------ the recorder

    /** Stores the arrival time of every note message; called on one player thread at a time. */
    static final class Recorder implements IntConsumer, Receiver {
        final long[] at;
        final int[] messages;
        private int n;
        /** Published after each store, so that the main thread sees the arrays filled up to it. */
        volatile int count;
        volatile long threadId = -1;
        private final int expected;
        private final CountDownLatch done = new CountDownLatch(1);

        Recorder(int expected) {
            this.expected = expected;
            this.at = new long[expected + 1024];
            this.messages = new int[expected + 1024];
        }

        @Override
        public void accept(int message) {
            record(message, System.nanoTime());
        }

        @Override
        public void send(MidiMessage message, long timeStamp) {
            long t = System.nanoTime();
            if (message instanceof ShortMessage s) {
                record(s.getStatus() | s.getData1() << 8 | s.getData2() << 16, t);
            }
        }

        private void record(int message, long t) {
            int status = message & 0xF0;
            if (status != 0x80 && status != 0x90) {
                return; // whatever else a player sends (controller resets, …) is not in the file's notes
            }
            int i = n;
            if (i == 0) {
                threadId = Thread.currentThread().getId();
            }
            if (i < at.length) {
                at[i] = t;
                messages[i] = message;
                n = i + 1;
                count = i + 1;
            }
            if (i + 1 == expected) {
                done.countDown();
            }
        }

        boolean await(long nanos) throws InterruptedException {
            return done.await(nanos, TimeUnit.NANOSECONDS);
        }

        @Override
        public void close() {
        }
    }

    // ------------------------------------------------------------------ the players

    /**
     * Plays the file on a midihost {@link StreamScheduler} into {@code sink/0}.
     *
     * @param spinMicros the scheduler's spin stretch
     */
    static Outcome midihost(TestFile file, int spinMicros) throws Exception {
        Recorder rec = new Recorder(file.messages().length);
        StreamScheduler scheduler = new StreamScheduler(Converters.standardConverter()
                .convert(Map.of("spin", spinMicros)).to(StreamScheduler.Config.class));
        Host host = new Host();
        try {
            host.addDriver(new SinkDriver(rec), LoopbackConfigs.props(SinkDriver.ID));
            host.setScheduler(scheduler);
            Smf smf = new SmfReader().read(file.bytes());
            List<StreamEvent> events = SmfStreams.toStreamEvents(smf);
            MidiStream stream = host.openStream("sink/0", new StreamCallback() {
            }, OpenOptions.defaults());
            stream.setTimeDivision(smf.division());
            for (int i = 0; i < events.size(); i += 256) { // as a player would: several buffers queued
                stream.out(new StreamBuffer(new ArrayList<>(events.subList(i, Math.min(events.size(), i + 256))), null));
            }
            Thread clock = thread("midihost-scheduler");
            Outcome o = play(file, "midihost stream scheduler (spin " + spinMicros + " µs)", rec, clock,
                    stream::restart);
            stream.stop();
            stream.close();
            return o;
        } finally {
            scheduler.close();
            host.close();
        }
    }

    /** Plays the file on the JDK's real-time sequencer into a {@link Receiver}. */
    static Outcome jdk(TestFile file) throws Exception {
        Recorder rec = new Recorder(file.messages().length);
        Sequence sequence = MidiSystem.getSequence(new ByteArrayInputStream(file.bytes()));
        Sequencer sequencer = MidiSystem.getSequencer(false);
        sequencer.open();
        try {
            sequencer.setSequence(sequence);
            sequencer.getTransmitter().setReceiver(rec);
            Thread player = thread("Java Sound Sequencer");
            return play(file, "JDK real-time Sequencer", rec, player, sequencer::start);
        } finally {
            sequencer.stop();
            sequencer.close();
        }
    }

    private interface Start {
        void run() throws Exception;
    }

    private static Outcome play(TestFile file, String player, Recorder rec, Thread thread, Start start)
            throws Exception {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        System.gc();
        Thread.sleep(200);
        long cpu0 = thread == null ? -1 : mx.getThreadCpuTime(thread.getId());
        long t0 = System.nanoTime();
        start.run();
        boolean complete = rec.await((long) (file.durationMicros() * 1000) + TimeUnit.SECONDS.toNanos(10));
        long t1 = System.nanoTime();
        long cpu1 = thread == null ? -1 : mx.getThreadCpuTime(thread.getId());
        double cpuMillis = cpu0 < 0 || cpu1 < 0 || thread.getId() != rec.threadId ? Double.NaN : (cpu1 - cpu0) / 1e6;
        if (!complete) {
            System.err.printf("   %s on %s: %d of %d note messages arrived%n", player, file.name(), rec.count,
                    file.messages().length);
        }
        return analyse(file, player, rec, t0, cpuMillis, (t1 - t0) / 1e6);
    }

    /** @return the newest live thread with this name, or null */
    private static Thread thread(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name) && t.isAlive())
                .max((a, b) -> Long.compare(a.getId(), b.getId())).orElse(null);
    }

    /** With {@code -Dmidihost.bench.schedulerDump=DIR}: one CSV per playback, scheduled µs and signed error µs. */
    private static void dump(TestFile file, String player, double[] error, int matched) {
        String dir = System.getProperty("midihost.bench.schedulerDump");
        if (dir == null) {
            return;
        }
        StringBuilder sb = new StringBuilder("scheduled_us,error_us\n");
        for (int i = 0; i < matched; i++) {
            sb.append(String.format(java.util.Locale.ROOT, "%.1f,%.1f%n",
                    file.scheduledMicros()[i] - file.scheduledMicros()[0], error[i]));
        }
        try {
            java.nio.file.Path d = java.nio.file.Path.of(dir);
            java.nio.file.Files.createDirectories(d);
            java.nio.file.Files.writeString(d.resolve(file.name() + "-" + player.replaceAll("[^A-Za-z0-9]+", "_")
                    + ".csv"), sb);
        } catch (java.io.IOException e) {
            System.err.println("   cannot write the dump: " + e);
        }
    }

    private static Outcome analyse(TestFile file, String player, Recorder rec, long started, double cpuMillis,
            double wallMillis) {
        int count = Math.min(rec.count, rec.at.length);
        int[] expected = file.messages();
        double[] error = new double[expected.length];
        int j = 0;
        int unmatched = 0;
        long first = 0;
        for (int i = 0; i < count && j < expected.length; i++) {
            if (rec.messages[i] != expected[j]) {
                unmatched++;
                continue;
            }
            if (j == 0) {
                first = rec.at[i];
            }
            double actual = (rec.at[i] - first) / 1e3;
            double scheduled = file.scheduledMicros()[j] - file.scheduledMicros()[0];
            error[j++] = actual - scheduled;
        }
        int matched = j;
        dump(file, player, error, matched);
        if (matched == 0) {
            return new Outcome(player, expected.length, 0, unmatched, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                    Double.NaN, cpuMillis, wallMillis);
        }
        double[] abs = new double[matched];
        for (int i = 0; i < matched; i++) {
            abs[i] = Math.abs(error[i]);
        }
        Arrays.sort(abs);
        double drift = 0;
        int tail = Math.min(DRIFT_EVENTS, matched);
        for (int i = matched - tail; i < matched; i++) {
            drift += error[i];
        }
        drift /= tail;
        return new Outcome(player, expected.length, matched, unmatched, RunAll.percentile(abs, 50),
                RunAll.percentile(abs, 99), abs[matched - 1], drift, (first - started) / 1e3, cpuMillis, wallMillis);
    }
}
