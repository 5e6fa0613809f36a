package org.midihost.driver.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.midihost.spi.OfflineRenderer;
import org.midihost.spi.OfflineRenderer.TimedMessage;
import org.midihost.testkit.Configs;

/**
 * Offline rendering: timed messages into a WAV file as fast as the machine renders, read back: the
 * file's length, sound where the notes play and silence before, the notes' onsets where their time
 * stamps put them, and the errors.
 */
class OfflineRenderTest {
    private static final double SOUNDING = 0.01;
    private static final double SILENT = 1e-4;
    private static final int RATE = 44100;

    @TempDir
    Path dir;

    private static OfflineRenderer renderer() {
        return new OfflineRender(Configs.of(SynthDriver.Config.class, "reverb", false, "chorus", false));
    }

    private static TimedMessage at(double seconds, int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return new TimedMessage(Math.round(seconds * 1e6), b);
    }

    private static long frames(double seconds) {
        return Math.round(seconds * RATE);
    }

    @Test
    void aFewNotesGiveAWavOfTheRightLengthSilentBeforeTheFirstNoteAndSoundingWhereTheyPlay() throws Exception {
        Path wav = dir.resolve("notes.wav");
        List<TimedMessage> messages = List.of(
                at(0, 0xC0, 19), // church organ: holds its level while the key is down
                at(0.5, 0x90, 60, 100),
                at(1.0, 0x90, 64, 100),
                at(1.5, 0x80, 60, 0),
                at(1.5, 0x80, 64, 0),
                at(2.0, 0x90, 67, 100),
                at(2.5, 0x80, 67, 0));
        long started = System.nanoTime();
        long micros = renderer().render(messages, 1_000_000, wav);
        double took = (System.nanoTime() - started) / 1e9;

        Wav w = Wav.read(wav);
        System.out.printf("offline: %.2f s of audio rendered in %.2f s%n", w.seconds(), took);
        assertThat(w.format.getSampleRate()).isEqualTo((float) RATE);
        assertThat(w.format.getChannels()).isEqualTo(2);
        assertThat(micros).as("the duration returned: last message + tail").isEqualTo(3_500_000);
        assertThat((long) w.frames()).as("frames = duration × rate, within one block").isBetween(frames(3.5),
                frames(3.5) + OfflineRender.BLOCK_FRAMES);
        assertThat(took).as("faster than real time").isLessThan(3.5);
        assertThat(w.rms(0, frames(0.49))).as("before the first note").isLessThan(SILENT);
        assertThat(w.rms(frames(0.6), frames(1.4))).as("while the notes play").isGreaterThan(SOUNDING);
        assertThat(w.rms(frames(2.1), frames(2.4))).as("the last note").isGreaterThan(SOUNDING);
        assertThat(w.rms(frames(3.2), w.frames())).as("after the release, no effects").isLessThan(SILENT);
    }

    @Test
    void aNoteAtOneSecondStartsInTheAudioNearOneSecond() throws Exception {
        Path wav = dir.resolve("onset.wav");
        renderer().render(List.of(at(0, 0xC0, 19), at(1.0, 0x90, 72, 127), at(1.2, 0x80, 72, 0)), 200_000, wav);
        Wav w = Wav.read(wav);
        int first = -1;
        for (int i = 0; i < w.frames(); i++) {
            if (Math.abs(w.left[i]) > 1e-3 || Math.abs(w.right[i]) > 1e-3) {
                first = i;
                break;
            }
        }
        double onset = first / (double) RATE;
        System.out.printf("offline: note at 1.000 s sounds from %.4f s%n", onset);
        assertThat(first).as("the note is heard").isPositive();
        assertThat(onset).as("its onset, seconds").isBetween(0.999, 1.003);
    }

    @Test
    void sysexAndNoMessagesRenderToo() throws Exception {
        Path quiet = dir.resolve("quiet.wav");
        assertThat(renderer().render(List.of(), 250_000, quiet)).isEqualTo(250_000);
        Wav w = Wav.read(quiet);
        assertThat((long) w.frames()).isEqualTo(frames(0.25));
        assertThat(w.rms(0, w.frames())).isLessThan(SILENT);

        Path gm = dir.resolve("gm.wav");
        renderer().render(List.of(at(0, 0xF0, 0x7E, 0x7F, 0x09, 0x01, 0xF7), at(0.01, 0x90, 60, 100)), 300_000, gm);
        assertThat(Wav.read(gm).rms(frames(0.05), frames(0.3))).isGreaterThan(SOUNDING);
    }

    @Test
    void messagesOutOfOrderAreRefusedBeforeAnyFileIsWritten() {
        Path wav = dir.resolve("never.wav");
        assertThatThrownBy(() -> renderer().render(List.of(at(1.0, 0x90, 60, 100), at(0.5, 0x80, 60, 0)), 0, wav))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("message 1 at 500000 µs comes after one at 1000000 µs: the messages are not in time order");
        assertThat(wav).doesNotExist();
    }

    @Test
    void aMessageThatIsNotCompleteOrANegativeTailIsRefusedNamingIt() {
        Path wav = dir.resolve("never.wav");
        assertThatThrownBy(() -> renderer().render(List.of(at(0.25, 0x90, 60)), 0, wav))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("message 0 at 250000 µs is not a MIDI message: status 90 takes 3 byte(s), not 2");
        assertThatThrownBy(() -> renderer().render(List.of(at(0, 0x3C, 0x40)), 0, wav))
                .hasMessage("message 0 at 0 µs is not a MIDI message: 3C is not a status byte that starts a message");
        assertThatThrownBy(() -> renderer().render(List.of(at(0, 0xF0, 0x7E)), 0, wav))
                .hasMessage("message 0 at 0 µs is not a MIDI message: a system-exclusive message must end with F7");
        assertThatThrownBy(() -> renderer().render(List.of(), -1, wav)).hasMessage("tail -1 µs is negative");
        assertThat(wav).doesNotExist();
    }

    @Test
    void aConfigurationTheDriverRefusesFailsTheRenderNamingTheValue() {
        Path bank = dir.resolve("missing.sf2");
        OfflineRenderer r = new OfflineRender(Configs.of(SynthDriver.Config.class, "soundbank", bank.toString()));
        assertThatThrownBy(() -> r.render(List.of(), 0, dir.resolve("never.wav")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("synth 'synth': soundbank " + bank + ": no such file");
    }

    @Test
    void aFileThatCannotBeWrittenIsAnIOException() {
        Path wav = dir.resolve("no-such-folder").resolve("x.wav");
        assertThatThrownBy(() -> renderer().render(List.of(at(0, 0x90, 60, 100)), 0, wav))
                .isInstanceOf(java.io.IOException.class);
        assertThat(Files.exists(wav)).isFalse();
    }
}
