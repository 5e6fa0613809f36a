package org.midihost.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.midihost.dist.HostProcess.jar;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README's first command, as a new user runs it: the jar plays the tune shipped in
 * {@code dist/tunes} through the MIDI mapper onto the synthesizer. This machine has no audio
 * device, so the synth says so and writes the audio to a WAV file it names: the test reads that
 * file with the JDK's own WAV reader and checks it is as long as the tune and not silent. Also
 * {@code midi:render} of the same tune.
 */
class MainJobIT {
    private static final Duration WAIT = Duration.ofSeconds(150);
    private static final Pattern FIRST_COMMAND = Pattern.compile(
            "^mvn -B -q package -DskipTests && java -jar dist/target/midihost\\.jar -c \"([^\"]+)\"$", Pattern.MULTILINE);

    @TempDir
    Path work;

    /** @return the commands of README's first command line, after {@code -c} */
    private static String readmeCommands() throws Exception {
        String readme = Files.readString(Path.of("../README.md"));
        Matcher m = FIRST_COMMAND.matcher(readme);
        assertThat(m.find()).as("README has the first command: mvn … && java -jar dist/target/midihost.jar -c \"…\"").isTrue();
        return m.group(1);
    }

    private void copyTune() throws Exception {
        Files.createDirectories(work.resolve("dist/tunes"));
        Files.copy(Path.of("tunes/demo.mid"), work.resolve("dist/tunes/demo.mid"));
    }

    @Test
    void theFirstCommandPlaysTheTuneOnTheSynthAndLeavesAWavWithoutAnAudioDevice() throws Exception {
        copyTune();
        String commands = readmeCommands();
        try (HostProcess p = new HostProcess(jar(), work, "-c", commands)) {
            assertThat(p.awaitExit(WAIT)).as(p.transcript()).isZero();
            List<String> all = new ArrayList<>(p.out());
            all.addAll(p.err());
            assertThat(all).as(p.transcript()).anyMatch(l -> l.matches("out\\s+1\\s+synth/0\\s+Gervill Synthesizer\\s+swsynth\\s+synth\\s+\\d+"));
            assertThat(all).as(p.transcript()).anyMatch(l -> l.startsWith("playing dist/tunes/demo.mid: format 1, ")
                    && l.contains("on the MIDI mapper → synth/0"));
            assertThat(all).as(p.transcript()).anyMatch(l -> l.startsWith("played 0:3"));
            String wavLine = all.stream().filter(l -> l.contains("writing the audio to ")).findFirst().orElse(null);
            assertThat(wavLine).as("the synth names its WAV file; " + p.transcript()).isNotNull();
            Path wav = Path.of(wavLine.substring(wavLine.indexOf("writing the audio to ") + "writing the audio to ".length()).strip());
            assertThat(wav).isRegularFile();
            assertThat(wav.getParent().toRealPath()).isEqualTo(work.toRealPath());
            double seconds = checkAudio(wav);
            System.out.printf("MainJobIT: %s, %.1f s of audio%n", wav, seconds);
            assertThat(seconds).as("the tune is about 38 s; the WAV holds what played, with the tail").isBetween(37.0, 50.0);
        }
    }

    @Test
    void renderWritesTheTuneIntoAWavFasterThanRealTime() throws Exception {
        copyTune();
        try (HostProcess p = new HostProcess(jar(), work, "-c", "midi:render dist/tunes/demo.mid demo.wav")) {
            assertThat(p.awaitExit(WAIT)).as(p.transcript()).isZero();
            assertThat(p.out()).as(p.transcript()).anyMatch(l -> l.startsWith("rendered 0:4") && l.contains("demo.wav"));
        }
        double seconds = checkAudio(work.resolve("demo.wav"));
        assertThat(seconds).as("38 s of tune and 2 s of tail").isBetween(39.0, 41.5);
    }

    /** @return the audio's length in seconds; asserts it is 16-bit stereo and not silent */
    private static double checkAudio(Path wav) throws Exception {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(new File(wav.toString()))) {
            AudioFormat f = in.getFormat();
            assertThat(f.getChannels()).isEqualTo(2);
            assertThat(f.getSampleSizeInBits()).isEqualTo(16);
            byte[] all = in.readAllBytes();
            assertThat((long) all.length).isEqualTo(in.getFrameLength() * f.getFrameSize());
            int peak = 0;
            for (int i = 0; i + 1 < all.length; i += 2) {
                int s = f.isBigEndian() ? (short) (all[i] << 8 | all[i + 1] & 0xFF) : (short) (all[i] & 0xFF | all[i + 1] << 8);
                peak = Math.max(peak, Math.abs(s));
            }
            assertThat(peak).as("peak sample of " + wav).isGreaterThan(3000);
            return in.getFrameLength() / f.getFrameRate();
        }
    }
}
