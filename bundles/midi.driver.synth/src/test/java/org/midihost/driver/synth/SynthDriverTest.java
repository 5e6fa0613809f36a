package org.midihost.driver.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.midihost.driver.synth.SynthRig.awaitFrames;
import static org.midihost.driver.synth.SynthRig.frames;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.Line;
import javax.sound.sampled.SourceDataLine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.midihost.api.DeviceCaps;
import org.midihost.api.MidiException;
import org.midihost.api.MidiHeader;
import org.midihost.api.MidiOut;
import org.midihost.api.MidiOutCallback;
import org.midihost.api.MidiOutCaps;
import org.midihost.api.MmResult;
import org.midihost.api.OpenOptions;
import org.midihost.api.Support;
import org.midihost.api.Technology;
import org.midihost.testkit.Configs;

/**
 * The synth driver through the real host, rendering to WAV files that the tests read back: caps,
 * format and duration, sound while notes play, silence after reset, volume, sysex, two clients,
 * hot unbind, shutdown, and every configuration error.
 */
class SynthDriverTest {
    /** RMS (full scale 1) that sounding notes stay above: -40 dBFS. */
    private static final double SOUNDING = 0.01;
    /** RMS that counts as silence: -80 dBFS. */
    private static final double SILENT = 1e-4;
    /** Skipped at the start of each measured stretch: a message takes effect within a block or two. */
    private static final double SETTLE = 0.1;
    private static final int CHURCH_ORGAN = 19; // holds its level while the keys are down
    private static final Path TIM_GM6MB = Path.of("/usr/share/sounds/sf2/TimGM6mb.sf2");

    @TempDir
    Path dir;

    private static int msg(int status, int data1, int data2) {
        return status | data1 << 8 | data2 << 16;
    }

    private static int noteOn(int channel, int key, int velocity) {
        return msg(0x90 | channel, key, velocity);
    }

    @Test
    void oneMultiClientSoftwareSynthWithHonestCaps() throws Exception {
        try (SynthRig rig = new SynthRig()) {
            rig.start(dir, "synth", "maxPolyphony", 48, "name", "GS Wavetable");

            MidiOutCaps caps = rig.host.outCaps(0);
            assertThat(caps.endpointId()).isEqualTo("synth/0");
            assertThat(caps.productName()).isEqualTo("GS Wavetable");
            assertThat(caps.technology()).isEqualTo(Technology.SWSYNTH);
            assertThat(caps.voices()).isEqualTo(48);
            assertThat(caps.notes()).isEqualTo(48);
            assertThat(caps.channelMask()).isEqualTo(0xFFFF);
            assertThat(caps.support()).containsExactlyInAnyOrder(Support.VOLUME, Support.LRVOLUME);
            assertThat(rig.host.outDeviceCount()).isEqualTo(1);
            assertThat(rig.host.inDeviceCount()).isZero();

            try (MidiOut a = rig.host.openOut("synth/0", MidiOutCallback.NONE, OpenOptions.direct());
                    MidiOut b = rig.host.openOut(0, MidiOutCallback.NONE, OpenOptions.direct())) {
                assertThat(a.volume()).isEqualTo(0xFFFF_FFFF);
                b.setVolume(0x1234_5678);
                assertThat(a.volume()).as("one volume for the device, as a WinMM synth").isEqualTo(0x1234_5678);
            }
        }
    }

    @Test
    void phraseToWavSoundsIsQuieterAfterSetVolumeAndSilentAfterReset() throws Exception {
        SynthDriver d;
        long elapsedNanos;
        long loud;
        long loudEnd;
        long quiet;
        long quietEnd;
        long leftOnly;
        long leftOnlyEnd;
        long reset;
        long resetEnd;
        try (SynthRig rig = new SynthRig()) {
            d = rig.start(dir, "synth");
            long t0;
            try (MidiOut out = rig.host.openOut("synth/0", MidiOutCallback.NONE, OpenOptions.direct())) {
                t0 = System.nanoTime(); // the audio session began inside the open
                awaitFrames(d, frames(d, 0.1)); // a stretch of silence first
                out.shortMsg(msg(0xC0, CHURCH_ORGAN, 0));
                loud = d.renderedFrames();
                out.shortMsg(noteOn(0, 60, 100));
                out.shortMsg(msg(64, 100, 0)); // running status: E
                out.shortMsg(msg(67, 100, 0)); // and G
                loudEnd = awaitFrames(d, loud + frames(d, 0.5));

                out.setVolume(0x2000_2000); // 1/8 on both sides: -18 dB
                assertThat(out.volume()).isEqualTo(0x2000_2000);
                quiet = d.renderedFrames();
                quietEnd = awaitFrames(d, quiet + frames(d, 0.5));

                out.setVolume(0x0000_FFFF); // left full, right off
                leftOnly = d.renderedFrames();
                leftOnlyEnd = awaitFrames(d, leftOnly + frames(d, 0.4));

                out.setVolume(0xFFFF_FFFF);
                reset = d.renderedFrames();
                out.reset(); // the chord is still held down
                resetEnd = awaitFrames(d, reset + frames(d, 0.4));
            }
            rig.stop(d);
            elapsedNanos = System.nanoTime() - t0;
        }

        Wav wav = Wav.read(d.wavFile());
        assertThat(wav.fileFormat.getType()).isEqualTo(AudioFileFormat.Type.WAVE);
        assertThat(wav.format.getEncoding()).isEqualTo(AudioFormat.Encoding.PCM_SIGNED);
        assertThat(wav.format.getSampleRate()).isEqualTo(44100f);
        assertThat(wav.format.getSampleSizeInBits()).isEqualTo(16);
        assertThat(wav.format.getChannels()).isEqualTo(2);
        assertThat(wav.format.isBigEndian()).isFalse();
        assertThat((long) wav.frames()).as("frames in the file vs. rendered").isEqualTo(d.renderedFrames());
        double elapsed = elapsedNanos / 1e9;
        // real time: the file is as long as the driver ran, plus the latency it renders ahead
        assertThat(wav.seconds()).as("duration vs. %.3f s of wall clock", elapsed).isBetween(elapsed - 0.05, elapsed + 0.3);

        long settle = frames(d, SETTLE);
        double loudRms = wav.rms(loud + settle, loudEnd);
        double quietRms = wav.rms(quiet + settle, quietEnd);
        System.out.printf("phrase: loud %.4f, quiet %.4f (ratio %.3f), left %.4f right %.6f, after reset %.6f%n",
                loudRms, quietRms, quietRms / loudRms, Wav.rms(wav.left, leftOnly + settle, leftOnlyEnd),
                Wav.rms(wav.right, leftOnly + settle, leftOnlyEnd), wav.rms(reset + settle, resetEnd));
        assertThat(wav.rms(0, loud)).as("before the first note").isLessThan(SILENT);
        assertThat(loudRms).as("chord at full volume").isGreaterThan(SOUNDING);
        assertThat(quietRms / loudRms).as("setVolume(1/8): gain").isBetween(0.08, 0.18);
        assertThat(Wav.rms(wav.left, leftOnly + settle, leftOnlyEnd)).as("left at full volume").isGreaterThan(SOUNDING);
        assertThat(Wav.rms(wav.right, leftOnly + settle, leftOnlyEnd)).as("right at volume 0").isLessThan(SILENT);
        assertThat(wav.rms(reset + settle, resetEnd)).as("after reset, keys still down").isLessThan(SILENT);
    }

    @Test
    void sysexReachesTheSynthAndComesBackDone() throws Exception {
        SynthDriver d;
        long before;
        long beforeEnd;
        long after;
        long afterEnd;
        CountDownLatch done = new CountDownLatch(1);
        MidiHeader masterVolume = new MidiHeader(new byte[] {(byte) 0xF0, 0x7F, 0x7F, 0x04, 0x01, 0x00, 0x10,
            (byte) 0xF7});
        try (SynthRig rig = new SynthRig()) {
            d = rig.start(dir, "synth");
            MidiOutCallback callback = new MidiOutCallback() {
                @Override
                public void onDone(MidiOut out, MidiHeader header) {
                    if (header == masterVolume) {
                        done.countDown();
                    }
                }
            };
            try (MidiOut out = rig.host.openOut("synth/0", callback, OpenOptions.direct())) {
                out.shortMsg(msg(0xC0, CHURCH_ORGAN, 0));
                before = d.renderedFrames();
                out.shortMsg(noteOn(0, 62, 110));
                beforeEnd = awaitFrames(d, before + frames(d, 0.4));
                out.prepareHeader(masterVolume);
                after = d.renderedFrames();
                out.longMsg(masterVolume); // GM master volume 0x10/0x7F
                assertThat(done.await(10, TimeUnit.SECONDS)).as("DONE for the sysex").isTrue();
                assertThat(masterVolume.isDone()).isTrue();
                afterEnd = awaitFrames(d, after + frames(d, 0.4));
                out.unprepareHeader(masterVolume);
            }
            rig.stop(d);
        }
        Wav wav = Wav.read(d.wavFile());
        long settle = frames(d, SETTLE);
        double full = wav.rms(before + settle, beforeEnd);
        double low = wav.rms(after + settle, afterEnd);
        System.out.printf("sysex: master volume full %.4f, 0x10 %.4f%n", full, low);
        assertThat(full).isGreaterThan(SOUNDING);
        assertThat(low / full).as("after GM master volume 0x10").isLessThan(0.5);
    }

    @Test
    void twoClientsPlayAtTheSameTimeEachWithItsOwnRunningStatus() throws Exception {
        SynthDriver d;
        long both;
        long bothEnd;
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try (SynthRig rig = new SynthRig()) {
            d = rig.start(dir, "synth");
            try (MidiOut a = rig.host.openOut("synth/0", MidiOutCallback.NONE, OpenOptions.direct());
                    MidiOut b = rig.host.openOut("synth/0", MidiOutCallback.NONE, OpenOptions.direct())) {
                // channel 1 hard left, channel 2 hard right, the same sustained sound on both
                a.shortMsg(msg(0xC0, CHURCH_ORGAN, 0));
                a.shortMsg(msg(0xB0, 10, 0));
                b.shortMsg(msg(0xC1, CHURCH_ORGAN, 0));
                b.shortMsg(msg(0xB1, 10, 127));
                // each handle's running status: a note-on on its own channel, at velocity 0 (silent)
                a.shortMsg(noteOn(0, 40, 0));
                b.shortMsg(noteOn(1, 40, 0));
                both = d.renderedFrames();
                CyclicBarrier together = new CyclicBarrier(2);
                Thread ta = player(a, 69, together, failure); // A4, 440 Hz, on channel 1
                Thread tb = player(b, 76, together, failure); // E5, 659 Hz, on channel 2
                ta.join();
                tb.join();
                assertThat(failure.get()).isNull();
                bothEnd = awaitFrames(d, both + frames(d, 0.6));
            }
            rig.stop(d);
        }
        Wav wav = Wav.read(d.wavFile());
        long from = both + frames(d, 0.2);
        double leftA = wav.power(wav.left, from, bothEnd, 440);
        double leftB = wav.power(wav.left, from, bothEnd, 659.26);
        double rightA = wav.power(wav.right, from, bothEnd, 440);
        double rightB = wav.power(wav.right, from, bothEnd, 659.26);
        System.out.printf("two clients: left 440 Hz %.3g, 659 Hz %.3g; right 440 Hz %.3g, 659 Hz %.3g%n", leftA, leftB,
                rightA, rightB);
        assertThat(Wav.rms(wav.left, from, bothEnd)).as("client A, left").isGreaterThan(SOUNDING);
        assertThat(Wav.rms(wav.right, from, bothEnd)).as("client B, right").isGreaterThan(SOUNDING);
        assertThat(leftA).as("A's A4 on the left, over E5").isGreaterThan(10 * leftB);
        assertThat(rightB).as("B's E5 on the right, over A4").isGreaterThan(10 * rightA);
    }

    /** A thread that, together with the other player, sends one note by running status (data bytes only). */
    private static Thread player(MidiOut out, int key, CyclicBarrier together, AtomicReference<Throwable> failure) {
        Thread t = new Thread(() -> {
            try {
                together.await(10, TimeUnit.SECONDS);
                for (int i = 0; i < 50; i++) {
                    out.shortMsg(msg(key, 0, 0)); // note off (velocity 0) by running status …
                    out.shortMsg(msg(key, 100, 0)); // … and on again
                }
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            }
        }, "player-" + key);
        t.start();
        return t;
    }

    @Test
    void aClientThatClosesReleasesTheNotesItHeldAndOnlyThose() throws Exception {
        SynthDriver d;
        long closed;
        long closedEnd;
        try (SynthRig rig = new SynthRig()) {
            d = rig.start(dir, "synth");
            try (MidiOut stays = rig.host.openOut("synth/0", MidiOutCallback.NONE, OpenOptions.direct())) {
                stays.shortMsg(msg(0xC0, CHURCH_ORGAN, 0));
                stays.shortMsg(msg(0xB0, 10, 0)); // the staying client's channel hard left
                MidiOut leaves = rig.host.openOut("synth/0", MidiOutCallback.NONE, OpenOptions.direct());
                leaves.shortMsg(msg(0xC1, CHURCH_ORGAN, 0));
                leaves.shortMsg(msg(0xB1, 10, 127)); // the leaving client's channel hard right
                stays.shortMsg(noteOn(0, 60, 100));
                leaves.shortMsg(noteOn(1, 67, 100));
                leaves.shortMsg(noteOn(1, 71, 100));
                leaves.shortMsg(noteOn(1, 71, 0)); // released by the client itself
                awaitFrames(d, d.renderedFrames() + frames(d, 0.3));
                leaves.close();
                closed = d.renderedFrames();
                closedEnd = awaitFrames(d, closed + frames(d, 1.0));
            }
            rig.stop(d);
        }
        Wav wav = Wav.read(d.wavFile());
        long from = closed + frames(d, 0.6); // the organ's release has ended by then
        assertThat(Wav.rms(wav.right, from, closedEnd)).as("the closed client's notes, right").isLessThan(SILENT);
        assertThat(Wav.rms(wav.left, from, closedEnd)).as("the other client's note, left").isGreaterThan(SOUNDING);
    }

    @Test
    void hotUnbindWhilePlayingClosesTheClientAndLeavesACompleteWav() throws Exception {
        SynthDriver d;
        try (SynthRig rig = new SynthRig()) {
            d = rig.start(dir, "synth");
            CountDownLatch closed = new CountDownLatch(1);
            MidiOut out = rig.host.openOut("synth/0", new MidiOutCallback() {
                @Override
                public void onClose(MidiOut o) {
                    closed.countDown();
                }
            }, OpenOptions.defaults());
            AtomicInteger sent = new AtomicInteger();
            AtomicReference<Throwable> stopped = new AtomicReference<>();
            Thread sender = new Thread(() -> {
                try {
                    out.shortMsg(msg(0xC0, CHURCH_ORGAN, 0));
                    for (int i = 0;; i++) {
                        int key = 48 + i % 24;
                        out.shortMsg(noteOn(0, key, 90));
                        out.shortMsg(noteOn(0, (key + 12) % 128, 0));
                        sent.incrementAndGet();
                    }
                } catch (Throwable e) {
                    stopped.set(e);
                }
            }, "sender");
            sender.start();
            awaitFrames(d, d.renderedFrames() + frames(d, 0.3));
            assertThat(sent.get()).as("notes sent before the unbind").isPositive();

            rig.host.removeDriver(d);
            assertThat(closed.await(10, TimeUnit.SECONDS)).as("CLOSE after the unbind").isTrue();
            sender.join(TimeUnit.SECONDS.toMillis(10));
            assertThat(stopped.get()).isInstanceOf(MidiException.class);
            assertThat(((MidiException) stopped.get()).result()).isEqualTo(MmResult.MMSYSERR_NODRIVER);
            rig.stop(d); // the component deactivates
        }
        Wav wav = Wav.read(d.wavFile());
        assertThat((long) wav.frames()).isEqualTo(d.renderedFrames());
        assertThat(wav.rms(0, wav.frames())).as("the notes are in the file").isGreaterThan(SOUNDING);
    }

    @Test
    void hostShutdownLeavesACompleteWav() throws Exception {
        SynthDriver d;
        try (SynthRig rig = new SynthRig()) {
            d = rig.start(dir, "synth");
            MidiOut out = rig.host.openOut("synth/0", MidiOutCallback.NONE, OpenOptions.direct());
            long from = d.renderedFrames();
            out.shortMsg(noteOn(0, 72, 100));
            awaitFrames(d, from + frames(d, 0.3));
            // no close, no stop: the host shuts down, then the component deactivates
        }
        Wav wav = Wav.read(d.wavFile());
        assertThat((long) wav.frames()).isEqualTo(d.renderedFrames());
        assertThat(wav.rms(0, wav.frames())).isGreaterThan(SOUNDING / 4);
    }

    @Test
    void wavFileIsValidWhileItIsBeingWritten() throws Exception {
        try (SynthRig rig = new SynthRig()) {
            SynthDriver d = rig.start(dir, "synth");
            try (MidiOut out = rig.host.openOut("synth/0", MidiOutCallback.NONE, OpenOptions.direct())) {
                awaitFrames(d, frames(d, 0.2));
                Wav wav = Wav.readLive(d.wavFile()); // the header's sizes catch up with the file at every block
                assertThat(wav.frames()).isGreaterThan(0);
            }
        }
    }

    @Test
    void counterInTheWavPathGivesEachAudioSessionItsOwnFile() throws Exception {
        try (SynthRig rig = new SynthRig()) {
            String pattern = "wav:" + dir.resolve("take-{n}.wav");
            SynthDriver first = rig.start(dir, "synth", "output", pattern, "tail", 0);
            SynthDriver second = rig.start(dir, "synth2", "output", pattern);
            assertThat(first.wavFile()).as("no file before a client opens").isNull();
            try (MidiOut a = rig.host.openOut("synth/0", MidiOutCallback.NONE, OpenOptions.direct());
                    MidiOut b = rig.host.openOut("synth2/0", MidiOutCallback.NONE, OpenOptions.direct())) {
                assertThat(first.wavFile()).isEqualTo(dir.resolve("take-1.wav"));
                assertThat(second.wavFile()).isEqualTo(dir.resolve("take-2.wav"));
            }
            awaitAudioOff(first);
            try (MidiOut again = rig.host.openOut("synth/0", MidiOutCallback.NONE, OpenOptions.direct())) {
                assertThat(first.wavFile()).as("the next session, and an existing take is never overwritten")
                        .isEqualTo(dir.resolve("take-3.wav"));
            }
        }
        assertThat(Wav.read(dir.resolve("take-1.wav")).format.getSampleRate()).isEqualTo(44100f);
    }

    @Test
    void twoSynthsWithDifferentBanksSideBySide() throws Exception {
        try (SynthRig rig = new SynthRig()) {
            SynthDriver byDefault = rig.start(dir, "synth");
            MidiOut listening = rig.host.openOut("synth/0", MidiOutCallback.NONE, OpenOptions.direct());
            // This JDK has no soundbank.gm: opening the default synth made Gervill write its generated bank here.
            Path emergency = Path.of(System.getProperty("user.home"), ".gervill", "soundbank-emg.sf2");
            assumeTrue(Files.isRegularFile(emergency), "Gervill's generated bank is at " + emergency);
            Path bank = Files.copy(emergency, dir.resolve("bank.sf2"));
            SynthDriver custom = rig.start(dir, "synth2", "soundbank", bank.toString());

            assertThat(rig.host.outDevices().devices()).extracting(DeviceCaps::endpointId)
                    .containsExactly("synth/0", "synth2/0");
            long from;
            try (MidiOut out = rig.host.openOut("synth2/0", MidiOutCallback.NONE, OpenOptions.direct())) {
                from = custom.renderedFrames();
                out.shortMsg(noteOn(0, 64, 100));
                awaitFrames(custom, from + frames(custom, 0.4));
            }
            listening.close();
            rig.stop(custom);
            rig.stop(byDefault);
            assertThat(Wav.read(custom.wavFile()).rms(from + frames(custom, SETTLE), from + frames(custom, 0.4)))
                    .as("the synth with the file bank").isGreaterThan(SOUNDING);
            Wav other = Wav.read(byDefault.wavFile());
            assertThat(other.rms(0, other.frames())).as("the other synth heard nothing").isLessThan(SILENT);
        }
    }

    @Test
    void timGm6mbBankPlaysWhenInstalled() throws Exception {
        assumeTrue(Files.isReadable(TIM_GM6MB), "Debian's timgm6mb-soundfont is not installed");
        try (SynthRig rig = new SynthRig()) {
            SynthDriver d = rig.start(dir, "synth", "soundbank", TIM_GM6MB.toString());
            long from;
            try (MidiOut out = rig.host.openOut("synth/0", MidiOutCallback.NONE, OpenOptions.direct())) {
                from = d.renderedFrames();
                out.shortMsg(noteOn(0, 60, 100));
                awaitFrames(d, from + frames(d, 0.4));
            }
            rig.stop(d);
            assertThat(Wav.read(d.wavFile()).rms(from + frames(d, SETTLE), from + frames(d, 0.4))).isGreaterThan(SOUNDING);
        }
    }

    @Test
    void missingSoundbankFailsNamingThePathAndOpensNothing() {
        Path bank = dir.resolve("no-such-bank.sf2");
        Path wav = dir.resolve("never.wav");
        assertThatThrownBy(() -> new SynthDriver(Configs.of(SynthDriver.Config.class, "soundbank", bank.toString(), "output", "wav:" + wav)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("soundbank " + bank + ": no such file");
        assertThat(wav).doesNotExist();
        assertThat(renderThreads()).isEmpty();
    }

    @Test
    void aFileThatIsNoSoundbankFailsNamingThePathAndOpensNothing() throws Exception {
        Path bank = Files.writeString(dir.resolve("garbage.sf2"), "this is not a sound bank\n".repeat(50));
        Path wav = dir.resolve("never.wav");
        assertThatThrownBy(() -> new SynthDriver(Configs.of(SynthDriver.Config.class, "soundbank", bank.toString(), "output", "wav:" + wav)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("soundbank " + bank + ": not a sound bank");
        assertThat(wav).doesNotExist();
        assertThat(renderThreads()).isEmpty();
    }

    @Test
    void wavFileThatCannotBeCreatedFailsNamingItAndLeavesNothingOpen() {
        Path wav = dir.resolve("no-such-folder").resolve("x.wav");
        assertThatThrownBy(() -> new SynthDriver(Configs.of(SynthDriver.Config.class, "output", "wav:" + wav)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("output wav:" + wav + ": cannot create the WAV file");
        assertThat(renderThreads()).isEmpty();
    }

    @Test
    void valuesOutOfRangeFailWithOneLineNamingThem() {
        assertThatThrownBy(() -> new SynthDriver(Configs.of(SynthDriver.Config.class, "output", "speaker")))
                .hasMessage("output 'speaker': expected line, null or wav:PATH");
        assertThatThrownBy(() -> new SynthDriver(Configs.of(SynthDriver.Config.class, "output", "wav:")))
                .hasMessageStartingWith("output 'wav:': wav: needs a file path");
        assertThatThrownBy(() -> new SynthDriver(Configs.of(SynthDriver.Config.class, "output", "null", "sampleRate", 1000)))
                .hasMessage("sampleRate 1000 is outside 8000..192000");
        assertThatThrownBy(() -> new SynthDriver(Configs.of(SynthDriver.Config.class, "output", "null", "latency", 0)))
                .hasMessage("latency 0 is outside 1..1000");
        assertThatThrownBy(() -> new SynthDriver(Configs.of(SynthDriver.Config.class, "output", "null", "maxPolyphony", 5000)))
                .hasMessage("maxPolyphony 5000 is outside 1..1024");
        assertThatThrownBy(() -> new SynthDriver(Configs.of(SynthDriver.Config.class, "output", "null", "tail", -1)))
                .hasMessage("tail -1 is outside 0..60000");
        assertThatThrownBy(() -> new SynthDriver(Configs.of(SynthDriver.Config.class, "fallback", "line")))
                .hasMessage("fallback 'line': expected wav:PATH or null");
        assertThatThrownBy(() -> new SynthDriver(Configs.of(SynthDriver.Config.class, "fallback", "speaker")))
                .hasMessage("output 'speaker': expected line, null or wav:PATH");
        assertThat(renderThreads()).isEmpty();
    }

    @Test
    void lineWithoutAnAudioDeviceWritesEachSessionToANewWavAndSaysSoOnce() throws Exception {
        assumeTrue(AudioSystem.getSourceLineInfo(new Line.Info(SourceDataLine.class)).length == 0,
                "this machine has an audio device");
        String fallback = "wav:" + dir.resolve("fb-{n}.wav");
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        SynthDriver d;
        long from;
        long end;
        Path first;
        try (SynthRig rig = new SynthRig()) {
            d = rig.start(dir, "synth", "output", "line", "fallback", fallback);
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            try {
                try (MidiOut out = rig.host.openOut(0, MidiOutCallback.NONE, OpenOptions.direct())) {
                    out.shortMsg(msg(0xC0, CHURCH_ORGAN, 0));
                    from = d.renderedFrames();
                    out.shortMsg(noteOn(0, 60, 100));
                    end = awaitFrames(d, from + frames(d, 0.4));
                }
                first = d.wavFile();
                awaitAudioOff(d); // the session ends after its tail: the file is complete
                try (MidiOut out = rig.host.openOut(0, MidiOutCallback.NONE, OpenOptions.direct())) {
                    awaitFrames(d, frames(d, 0.05));
                }
                awaitAudioOff(d);
            } finally {
                System.setErr(err);
            }
            assertThat(d.target()).isEqualTo("wav:" + dir.resolve("fb-2.wav"));
        }
        assertThat(first).isEqualTo(dir.resolve("fb-1.wav"));
        Wav wav = Wav.read(first);
        assertThat(wav.rms(from + frames(d, SETTLE), end)).as("the note is in the fallback file").isGreaterThan(SOUNDING);
        assertThat((long) wav.frames()).as("the session's length: up to the note's end, then the 0.2 s tail")
                .isGreaterThanOrEqualTo(end + frames(d, 0.2));
        assertThat(Wav.read(dir.resolve("fb-2.wav")).frames()).isPositive();
        List<String> warnings = captured.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("WARN")).toList();
        assertThat(warnings).as("one warning per session, naming the file").hasSize(2);
        assertThat(warnings.get(0)).contains("synth 'synth': no audio device (")
                .endsWith("); writing the audio to " + dir.resolve("fb-1.wav"));
        assertThat(warnings.get(1)).endsWith("; writing the audio to " + dir.resolve("fb-2.wav"));
    }

    @Test
    void lineWithoutAnAudioDeviceAndFallbackNullDropsTheAudio() throws Exception {
        assumeTrue(AudioSystem.getSourceLineInfo(new Line.Info(SourceDataLine.class)).length == 0,
                "this machine has an audio device");
        try (SynthRig rig = new SynthRig()) {
            SynthDriver d = rig.start(dir, "synth", "output", "line", "fallback", "null");
            try (MidiOut out = rig.host.openOut(0, MidiOutCallback.NONE, OpenOptions.direct())) {
                out.shortMsg(noteOn(0, 60, 100));
                awaitFrames(d, d.renderedFrames() + frames(d, 0.1)); // it renders, into nowhere
            }
            assertThat(d.target()).isEqualTo("null");
            assertThat(d.wavFile()).isNull();
        }
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            assertThat(files).as("no file written").isEmpty();
        }
    }

    @Test
    void noAudioAndNoRenderThreadUntilAClientOpensAndNoneAfterTheLastClosesAndTheTailRangOut() throws Exception {
        try (SynthRig rig = new SynthRig()) {
            SynthDriver d = rig.start(dir, "lazy", "tail", 300, "maxPolyphony", 40);
            assertThat(rig.host.outCaps(0).voices()).as("caps from the configuration, no Gervill").isEqualTo(40);
            assertThat(renderThreads("lazy")).as("idle after activation").isEmpty();
            assertThat(d.audioRunning()).isFalse();
            assertThat(dir.resolve("lazy.wav")).as("no file before a client").doesNotExist();

            MidiOut a = rig.host.openOut("lazy/0", MidiOutCallback.NONE, OpenOptions.direct());
            assertThat(renderThreads("lazy")).as("rendering while a client is open").hasSize(1);
            MidiOut b = rig.host.openOut("lazy/0", MidiOutCallback.NONE, OpenOptions.direct());
            assertThat(renderThreads("lazy")).as("one session for all clients").hasSize(1);
            a.shortMsg(noteOn(0, 60, 100));
            a.close();
            long afterA = d.renderedFrames();
            awaitFrames(d, afterA + frames(d, 0.5)); // past the tail's length: b keeps the audio going
            assertThat(renderThreads("lazy")).hasSize(1);
            long closedAt = d.renderedFrames();
            b.close();
            awaitAudioOff(d);
            assertThat(renderThreads("lazy")).as("gone after the last close and the tail").isEmpty();
            assertThat(d.renderedFrames() - closedAt).as("the tail, rendered").isBetween(frames(d, 0.3) - frames(d, 0.05),
                    frames(d, 0.3) + frames(d, 0.1));
            Wav wav = Wav.read(d.wavFile());
            assertThat((long) wav.frames()).as("the file is complete").isEqualTo(d.renderedFrames());
        }
    }

    @Test
    void aClientOpeningDuringTheTailContinuesTheSameSession() throws Exception {
        try (SynthRig rig = new SynthRig()) {
            SynthDriver d = rig.start(dir, "synth", "tail", 60_000, "output", "wav:" + dir.resolve("s-{n}.wav"));
            rig.host.openOut(0, MidiOutCallback.NONE, OpenOptions.direct()).close(); // the tail begins: 60 s
            long atClose = d.renderedFrames();
            Path file = d.wavFile();
            try (MidiOut again = rig.host.openOut(0, MidiOutCallback.NONE, OpenOptions.direct())) {
                assertThat(d.wavFile()).as("the same session, the same file").isEqualTo(file);
                assertThat(d.renderedFrames()).isGreaterThanOrEqualTo(atClose);
                assertThat(renderThreads("synth")).hasSize(1);
            }
            assertThat(dir.resolve("s-2.wav")).doesNotExist();
        }
        assertThat(renderThreads("synth")).as("deactivation cuts the tail").isEmpty();
    }

    @Test
    void clientsOpeningAndClosingRacingWithTheTailLeaveNoAudioRunningAndEveryFileComplete() throws Exception {
        int threads = 4;
        int rounds = 40;
        try (SynthRig rig = new SynthRig()) {
            SynthDriver d = rig.start(dir, "race", "tail", 0, "output", "wav:" + dir.resolve("r-{n}.wav"));
            CyclicBarrier together = new CyclicBarrier(threads);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            List<Thread> ts = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int key = 60 + t;
                Thread th = new Thread(() -> {
                    try {
                        together.await(10, TimeUnit.SECONDS);
                        for (int i = 0; i < rounds; i++) {
                            try (MidiOut out = rig.host.openOut("race/0", MidiOutCallback.NONE, OpenOptions.direct())) {
                                out.shortMsg(noteOn(0, key, 90));
                            }
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                }, "racer-" + t);
                th.start();
                ts.add(th);
            }
            for (Thread th : ts) {
                th.join(TimeUnit.SECONDS.toMillis(60));
                assertThat(th.isAlive()).as(th.getName() + " finished").isFalse();
            }
            assertThat(failure.get()).isNull();
            awaitAudioOff(d);
            assertThat(renderThreads("race")).isEmpty();
        }
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            List<Path> wavs = files.toList();
            assertThat(wavs).isNotEmpty();
            for (Path w : wavs) {
                Wav.read(w); // checks the header's sizes against the file
            }
        }
    }

    @Test
    void aBankGervillCannotReadFailsTheOpenNamingTheCauseAndLeavesNothingRunning() throws Exception {
        byte[] fake = new byte[4096];
        System.arraycopy("RIFF".getBytes(StandardCharsets.US_ASCII), 0, fake, 0, 4);
        fake[4] = (byte) 0xF8; // a RIFF size that fits the file
        fake[5] = 0x0F;
        System.arraycopy("sfbk".getBytes(StandardCharsets.US_ASCII), 0, fake, 8, 4);
        Path bank = Files.write(dir.resolve("fake.sf2"), fake);
        try (SynthRig rig = new SynthRig()) {
            rig.start(dir, "synth", "soundbank", bank.toString());
            for (int i = 0; i < 2; i++) { // and again: nothing half open stays behind
                assertThatThrownBy(() -> rig.host.openOut(0, MidiOutCallback.NONE, OpenOptions.direct()))
                        .isInstanceOfSatisfying(MidiException.class,
                                e -> assertThat(e.result()).isEqualTo(MmResult.MMSYSERR_ERROR))
                        .hasMessageContaining("synth 'synth' cannot open Gervill: soundbank " + bank);
                assertThat(renderThreads("synth")).isEmpty();
            }
        }
        assertThat(dir.resolve("synth.wav")).doesNotExist();
    }

    @Test
    void aWavFileThatCannotBeCreatedAtOpenFailsTheOpenNamingIt() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("gone"));
        Path wav = folder.resolve("x.wav");
        try (SynthRig rig = new SynthRig()) {
            rig.start(dir, "synth", "output", "wav:" + wav);
            Files.delete(folder);
            assertThatThrownBy(() -> rig.host.openOut(0, MidiOutCallback.NONE, OpenOptions.direct()))
                    .isInstanceOfSatisfying(MidiException.class,
                            e -> assertThat(e.result()).isEqualTo(MmResult.MMSYSERR_ERROR))
                    .hasMessageContaining("synth 'synth': output wav:" + wav + ": cannot create the WAV file");
            assertThat(renderThreads("synth")).isEmpty();
        }
    }

    /** Waits, polling against a deadline, until the driver's audio session has ended (its render thread too). */
    private static void awaitAudioOff(SynthDriver d) {
        long deadline = System.nanoTime() + SynthRig.TIMEOUT.toNanos();
        while (d.audioRunning() || !renderThreads(d.id()).isEmpty()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("the audio still runs after " + SynthRig.TIMEOUT.toMillis() + " ms");
            }
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5)); // a poll, not a wait
        }
    }

    private static List<String> renderThreads(String driverId) {
        return renderThreads().stream().filter(n -> n.equals("midihost-synth-" + driverId)).toList();
    }

    private static List<String> renderThreads() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(n -> n.startsWith("midihost-synth-")).toList();
    }
}
