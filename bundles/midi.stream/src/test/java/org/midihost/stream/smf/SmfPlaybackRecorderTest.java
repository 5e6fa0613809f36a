package org.midihost.stream.smf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.midihost.api.MidiIn;
import org.midihost.api.MidiOut;
import org.midihost.api.MidiOutCallback;
import org.midihost.api.MidiStream;
import org.midihost.api.OpenOptions;
import org.midihost.api.TimeDivision;
import org.midihost.driver.loopback.LoopbackDriver;
import org.midihost.host.Host;
import org.midihost.spi.MidiDriver;
import org.midihost.stream.StreamScheduler;
import org.midihost.testkit.Configs;

/**
 * {@link SmfPlayback} and {@link SmfRecorder} through a real host: a file played on a loopback
 * cable's output is recorded at its input, event for event; a stop ends a playback early; a
 * recording ends by itself at its bound or when its input goes.
 */
@Timeout(60)
class SmfPlaybackRecorderTest {
    final Host host = new Host();
    final LoopbackDriver loopback = new LoopbackDriver(Configs.of(LoopbackDriver.Config.class, "cables", 1));
    final StreamScheduler scheduler = new StreamScheduler(Configs.of(StreamScheduler.Config.class));

    @BeforeEach
    void setUp() {
        host.addDriver(loopback, Map.of(MidiDriver.ID, "loopback"));
        host.setScheduler(scheduler);
    }

    @AfterEach
    void tearDown() {
        scheduler.close();
        host.close();
    }

    /** @return {@code n} notes on two channels, a note every {@code step} ticks at 480 PPQ and 120 bpm */
    private static Smf notes(int n, int step) {
        List<SmfEvent> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int note = 48 + i % 24;
            events.add(SmfEvent.channel((long) i * step, 0x90 | i % 2 | note << 8 | (40 + i % 80) << 16));
            events.add(SmfEvent.channel((long) i * step + step / 2, 0x80 | i % 2 | note << 8 | 64 << 16));
        }
        return Smf.of(0, TimeDivision.ppq(480), List.of(SmfTrack.of(events)));
    }

    private static List<Integer> channelMessages(Smf smf) {
        return SmfTimeline.of(smf).entries().stream().filter(e -> e.event().kind() == SmfEvent.Kind.CHANNEL)
                .map(e -> e.event().message()).toList();
    }

    @Test
    void aFilePlayedOnTheCableIsRecordedAtItsInputEventForEvent() throws Exception {
        Smf file = notes(20, 48); // 50 ms a note: about a second
        SmfRecorder recorder = new SmfRecorder(480, Long.MAX_VALUE);
        MidiIn in = host.openIn("loopback/0", recorder, OpenOptions.defaults());
        recorder.start(in);
        SmfPlayback playback = new SmfPlayback(file);
        assertThat(playback.events()).isEqualTo(40);
        assertThat(playback.durationMillis()).isEqualTo(Math.round(TempoMap.of(file).durationMicros() / 1000));
        MidiStream stream = host.openStream("loopback/0", playback, OpenOptions.defaults());
        playback.start(stream);
        assertThatThrownBy(() -> playback.start(stream)).isInstanceOf(IllegalStateException.class);
        assertThat(playback.awaitDone(10_000)).as("played within 10 s").isTrue();
        assertThat(playback.isOpen()).isTrue();
        assertThat(playback.isStopped()).isFalse();
        playback.stop(); // after the end: nothing more to do
        playback.close();
        playback.close();
        assertThat(playback.isOpen()).isFalse();

        long deadline = System.nanoTime() + 5_000_000_000L;
        while (recorder.events() < 40 && System.nanoTime() < deadline) {
            Thread.sleep(10); // bounded polling: the input's host thread delivers
        }
        recorder.stop();
        in.reset(); // the recorder's sysex buffers come back
        in.close();
        assertThat(recorder.events()).isEqualTo(40);
        assertThat(recorder.errors()).isZero();
        assertThat(recorder.lost()).isZero();
        assertThat(recorder.isFull()).isFalse();
        Smf back = new SmfReader().read(new SmfWriter().toBytes(recorder.toSmf("Loopback 1")));
        assertThat(back.format()).isEqualTo(1);
        assertThat(back.tracks()).hasSize(2);
        assertThat(channelMessages(back)).containsExactlyElementsOf(channelMessages(file));
        // the last note-off about 975 ms after the first note-on, give or take the machine
        assertThat(recorder.lengthMillis()).isBetween(900L, 1200L);
    }

    @Test
    void stopEndsAPlaybackEarly() throws Exception {
        SmfPlayback playback = new SmfPlayback(notes(200, 480)); // 100 s
        MidiStream stream = host.openStream("loopback/0", playback, OpenOptions.defaults());
        playback.start(stream);
        assertThat(playback.awaitDone(200)).isFalse();
        playback.stop();
        assertThat(playback.isDone()).isTrue();
        assertThat(playback.isStopped()).isTrue();
        assertThat(playback.positionMillis()).isLessThan(playback.durationMillis());
        playback.close();
    }

    @Test
    void aRecordingStopsBySelfAtItsBound() throws Exception {
        SmfRecorder recorder = new SmfRecorder(480, 3 * 7); // three short messages
        MidiIn in = host.openIn("loopback/0", recorder, OpenOptions.defaults());
        recorder.start(in);
        try (MidiOut out = host.openOut("loopback/0", MidiOutCallback.NONE, OpenOptions.defaults())) {
            for (int i = 0; i < 5; i++) {
                out.shortMsg(0x90 | (60 + i) << 8 | 100 << 16);
            }
        }
        assertThat(recorder.awaitEnd(5_000)).as("full").isTrue();
        assertThat(recorder.isFull()).isTrue();
        assertThat(recorder.isClosed()).isFalse();
        assertThat(recorder.events()).isEqualTo(3);
        in.reset(); // the recorder's sysex buffers come back
        in.close();
    }

    @Test
    void aRecordingEndsWhenItsInputGoes() throws Exception {
        SmfRecorder recorder = new SmfRecorder(96, Long.MAX_VALUE);
        recorder.start(host.openIn("loopback/0", recorder, OpenOptions.defaults()));
        assertThat(recorder.awaitEnd(50)).isFalse();
        host.removeDriver(loopback);
        assertThat(recorder.awaitEnd(5_000)).as("the input closed").isTrue();
        assertThat(recorder.isClosed()).isTrue();
        assertThat(recorder.toSmf("gone").tracks()).hasSize(2);
    }

    @Test
    void badArgumentsAreRefused() {
        assertThatThrownBy(() -> new SmfRecorder(0, 1)).hasMessage("ppq 0 is not 1..32767");
        assertThatThrownBy(() -> new SmfRecorder(480, 0)).hasMessage("maxBytes 0 is not 1 or more");
    }
}
