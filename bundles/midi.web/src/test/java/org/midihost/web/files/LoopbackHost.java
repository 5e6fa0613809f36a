package org.midihost.web.files;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;
import org.midihost.api.MidiException;
import org.midihost.api.MidiIn;
import org.midihost.api.MidiInCallback;
import org.midihost.api.OpenOptions;
import org.midihost.driver.loopback.LoopbackDriver;
import org.midihost.host.Host;
import org.midihost.spi.MidiDriver;
import org.midihost.stream.StreamScheduler;
import org.midihost.testkit.Configs;

/** A real host with one loopback cable ({@code loopback/0}) and the stream scheduler, for the files tests. */
final class LoopbackHost implements AutoCloseable {
    final Host host = new Host();
    final LoopbackDriver loopback = new LoopbackDriver(Configs.of(LoopbackDriver.Config.class, "cables", 1));
    final StreamScheduler scheduler = new StreamScheduler(Configs.of(StreamScheduler.Config.class));

    LoopbackHost() {
        host.addDriver(loopback, Map.of(MidiDriver.ID, "loopback"));
        host.setScheduler(scheduler);
    }

    /** Short messages arriving at an input. */
    static final class Watcher implements MidiInCallback {
        final LinkedBlockingQueue<Integer> messages = new LinkedBlockingQueue<>();

        @Override
        public void onData(MidiIn in, int message, long millis, long nanos) {
            messages.add(message);
        }

        /** @return the next message, or {@code null} after the timeout */
        Integer next(long millis) throws InterruptedException {
            return messages.poll(millis, TimeUnit.MILLISECONDS);
        }
    }

    /** @return a started input on {@code loopback/0} that collects what arrives (direct delivery) */
    MidiIn watch(Watcher w) throws MidiException {
        MidiIn in = host.openIn("loopback/0", w, OpenOptions.direct());
        in.start();
        return in;
    }

    /**
     * @param notes the notes, one every {@code stepMillis} at 120 bpm, 480 PPQ
     * @return a type-1 .mid written by the JDK's javax.sound.midi (someone else's writer)
     */
    static byte[] jdkFile(int stepMillis, int... notes) throws InvalidMidiDataException, IOException {
        Sequence seq = new Sequence(Sequence.PPQ, 480);
        Track track = seq.createTrack();
        long ticksPerStep = Math.round(stepMillis * 480 / 500.0); // 500 ms a quarter at 120 bpm
        long t = 0;
        for (int n : notes) {
            track.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_ON, 0, n, 100), t));
            track.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_OFF, 0, n, 0), t + ticksPerStep / 2));
            t += ticksPerStep;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MidiSystem.write(seq, 1, out);
        return out.toByteArray();
    }

    @Override
    public void close() {
        scheduler.close();
        host.close();
    }
}
