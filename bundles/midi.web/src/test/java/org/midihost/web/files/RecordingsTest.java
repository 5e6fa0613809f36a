package org.midihost.web.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.midihost.api.MidiOut;
import org.midihost.api.MidiOutCallback;
import org.midihost.api.OpenOptions;
import org.midihost.web.ApiException;

/** Recording a real host's loopback input, read back by the JDK's javax.sound.midi. */
@Timeout(60)
class RecordingsTest {
    final LoopbackHost lb = new LoopbackHost();
    final Recordings recordings = new Recordings(lb.host);

    @AfterEach
    void tearDown() {
        recordings.close();
        lb.close();
    }

    @Test
    void notesSentToTheCableAreInTheDownloadedFile() throws Exception {
        Recordings.Status s = recordings.start("loopback/0");
        assertThat(s.id()).isEqualTo("r1");
        assertThat(s.state()).isEqualTo("recording");
        assertThat(s.stoppedBecause()).isNull();
        assertThatThrownBy(() -> recordings.file("r1")).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.status()).isEqualTo(409));
        try (MidiOut out = lb.host.openOut("loopback/0", MidiOutCallback.NONE, OpenOptions.defaults())) {
            for (int n : new int[] {60, 64, 67}) {
                out.shortMsg(0x90 | n << 8 | 100 << 16);
                out.shortMsg(0x80 | n << 8);
            }
        }
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (recordings.status("r1").events() < 6 && System.nanoTime() < deadline) {
            Thread.sleep(10); // bounded polling: the input's host thread delivers
        }
        Recordings.Status end = recordings.stop("r1");
        assertThat(end.state()).isEqualTo("stopped");
        assertThat(end.events()).isEqualTo(6);
        assertThat(end.stoppedBecause()).isEqualTo("stopped by request");
        Recordings.Download d = recordings.file("r1");
        assertThat(d.name()).isEqualTo("midihost-loopback_0-r1.mid");
        Sequence seq = MidiSystem.getSequence(new ByteArrayInputStream(d.bytes()));
        assertThat(seq.getResolution()).isEqualTo(480);
        List<Integer> notesOn = new ArrayList<>();
        for (Track t : seq.getTracks()) {
            for (int i = 0; i < t.size(); i++) {
                MidiEvent e = t.get(i);
                if (e.getMessage() instanceof ShortMessage m && m.getCommand() == ShortMessage.NOTE_ON) {
                    notesOn.add(m.getData1());
                }
            }
        }
        assertThat(notesOn).containsExactly(60, 64, 67);
        assertThat(recordings.stop("r1").stoppedBecause()).as("stop again: the first reason stays").isEqualTo("stopped by request");
    }

    @Test
    void aRecordingWhoseInputGoesStopsBySelfAndSaysWhy() throws Exception {
        recordings.start("loopback/0");
        lb.host.removeDriver(lb.loopback);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (recordings.status("r1").stoppedBecause() == null && System.nanoTime() < deadline) {
            Thread.sleep(10); // bounded polling against the checker thread
        }
        assertThat(recordings.status("r1").stoppedBecause()).isEqualTo("the input loopback/0 went away");
        assertThat(recordings.file("r1").bytes()).isNotEmpty();
    }

    @Test
    void aRecordingStopsBySelfAtItsTimeOrSizeBoundAndSaysWhich() throws Exception {
        Recordings bounded = new Recordings(lb.host, 300, 3 * 7);
        try {
            Recordings.Status timed = bounded.start("loopback/0");
            awaitStopped(bounded, timed.id());
            assertThat(bounded.status(timed.id()).stoppedBecause()).isEqualTo("the limit of 300 ms");
            assertThat(bounded.status(timed.id()).elapsedMs()).isGreaterThanOrEqualTo(300);

            Recordings.Status sized = bounded.start("loopback/0");
            try (MidiOut out = lb.host.openOut("loopback/0", MidiOutCallback.NONE, OpenOptions.defaults())) {
                for (int n = 60; n < 65; n++) {
                    out.shortMsg(0x90 | n << 8 | 100 << 16);
                }
            }
            awaitStopped(bounded, sized.id());
            Recordings.Status s = bounded.status(sized.id());
            assertThat(s.stoppedBecause()).isEqualTo("the limit of 21 bytes of events");
            assertThat(s.events()).isEqualTo(3);
            assertThat(bounded.file(sized.id()).bytes()).isNotEmpty();
        } finally {
            bounded.close();
        }
    }

    private static void awaitStopped(Recordings r, String id) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (r.status(id).stoppedBecause() == null && System.nanoTime() < deadline) {
            Thread.sleep(10); // bounded polling against the checker thread
        }
        assertThat(r.status(id).state()).isEqualTo("stopped");
    }

    @Test
    void errorsNameWhatIsWrong() {
        assertThatThrownBy(() -> recordings.start("nosuch/0")).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(404);
            assertThat(e.getMessage()).startsWith("cannot open input 'nosuch/0': ");
        });
        assertThatThrownBy(() -> recordings.start(null)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.status()).isEqualTo(400));
        assertThatThrownBy(() -> recordings.stop("r5")).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.status()).isEqualTo(404));
        assertThatThrownBy(() -> recordings.file("r5")).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.status()).isEqualTo(404));
    }
}
