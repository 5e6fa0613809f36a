package org.midihost.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.OptionUtils.combine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Hashtable;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.midihost.api.MidiException;
import org.midihost.api.MidiHost;
import org.midihost.api.MidiOut;
import org.midihost.api.MidiOutCallback;
import org.midihost.api.MidiOutCaps;
import org.midihost.api.MmResult;
import org.midihost.api.OpenOptions;
import org.midihost.api.Support;
import org.midihost.api.Technology;
import org.midihost.spi.MidiDriver;
import org.midihost.spi.OfflineRenderer;
import org.osgi.framework.ServiceReference;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;
import org.osgi.framework.Bundle;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The synthesizer driver bundle (Gervill) in Felix, played through the host and recorded to WAV
 * files that the test reads back: the MIDI mapper opens it, what is played is in the file, volume
 * and reset act on the audio, and a bundle update while a client plays closes the client, leaves
 * the old file complete and brings the device back under the same endpoint id. The audio (and its
 * file) starts with the first client's open.
 *
 * <p>The framework runs in failsafe's JVM, which has the {@code --add-exports} Gervill's stream
 * rendering needs (itests/pom.xml). The WAV file's length is the synthesizer's clock: its header
 * is rewritten after every block, so {@code (size - 44) / 4} is the frames rendered so far.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class SynthIT extends MidihostTestBase {
    private static final String SYNTH_BSN = "org.midihost.driver.synth";
    private static final String SYNTH_PID = "org.midihost.driver.synth";
    private static final String DRIVER_ID = "synthit";
    private static final String ENDPOINT = DRIVER_ID + "/0";
    private static final int RATE = 44100;
    private static final int CHURCH_ORGAN = 19; // holds its level while the keys are down
    private static final double SOUNDING = 0.01;
    private static final double SILENT = 1e-4;

    private Path dir;
    private org.osgi.service.cm.Configuration config;

    /** @return the common bundles and the synth driver */
    @Override
    @Configuration
    public Option[] config() {
        return combine(super.config(), reactorBundle("midihost.synth.jar"));
    }

    /** A synth recording to {@code it-<n>.wav} in a fresh folder, with the effects off so that silence is silence. */
    @Before
    public void configureSynth() throws IOException {
        dir = Files.createTempDirectory("midihost-synthit");
        config = service(ConfigurationAdmin.class).createFactoryConfiguration(SYNTH_PID, "?");
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("output", "wav:" + dir.resolve("it-{n}.wav"));
        props.put("reverb", false);
        props.put("chorus", false);
        props.put(MidiDriver.ID, DRIVER_ID);
        config.update(props);
        // the factory configuration replaces the unconfigured instance ("synth"; nobody opens it, so it writes nothing)
        awaitValue(ENDPOINT + " instead of synth/0", () -> outEndpoints(host()),
                o -> o.contains(ENDPOINT) && !o.contains("synth/0"));
    }

    @After
    public void removeFolder() throws IOException {
        if (config != null) {
            try {
                config.delete();
            } catch (IllegalStateException alreadyGone) {
                // the framework went first
            }
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Test
    public void theMapperOpensTheSynthAndWhatItPlaysIsInTheWav() throws Exception {
        MidiHost host = host();
        Path wav = dir.resolve("it-1.wav");
        assertFalse("no audio before a client opens", Files.exists(wav));
        MidiOutCaps caps = host.outCaps(outEndpoints(host).indexOf(ENDPOINT));
        assertEquals(Technology.SWSYNTH, caps.technology());
        assertEquals(64, caps.voices());
        assertEquals(0xFFFF, caps.channelMask());
        assertEquals(Set.of(Support.VOLUME, Support.LRVOLUME), caps.support());

        long loud;
        long loudEnd;
        long quiet;
        long quietEnd;
        long reset;
        long resetEnd;
        // no other software synthesizer: the mapper is this one
        try (MidiOut out = host.openOut(MidiHost.MIDI_MAPPER, MidiOutCallback.NONE, OpenOptions.defaults())) {
            assertTrue(wav + " created by the first open", Files.isRegularFile(wav));
            loud = awaitFrames(wav, frames(wav) + seconds(0.1)); // silence first
            out.shortMsg(0xC0 | CHURCH_ORGAN << 8);
            out.shortMsg(noteOn(0, 60, 100));
            out.shortMsg(noteOn(0, 64, 100));
            out.shortMsg(noteOn(0, 67, 100));
            loudEnd = awaitFrames(wav, loud + seconds(0.5));
            out.setVolume(0x2000_2000);
            quiet = frames(wav);
            quietEnd = awaitFrames(wav, quiet + seconds(0.5));
            out.setVolume(0xFFFF_FFFF);
            reset = frames(wav);
            out.reset();
            resetEnd = awaitFrames(wav, reset + seconds(0.4));
        }
        // deleting the configuration deactivates the instance: its WAV is then complete, and the
        // unconfigured instance comes back after it
        config.delete();
        config = null;
        awaitValue("synth/0 back instead of " + ENDPOINT, () -> outEndpoints(host),
                o -> o.contains("synth/0") && !o.contains(ENDPOINT));

        Samples s = Samples.read(wav);
        long margin = seconds(0.1);
        double loudRms = s.rms(loud + margin, loudEnd);
        double quietRms = s.rms(quiet + margin, quietEnd);
        double resetRms = s.rms(reset + margin, resetEnd);
        System.out.printf("SynthIT: %.2f s of WAV; loud %.4f, after setVolume(1/8) %.4f, after reset %.6f%n",
                s.frames() / (double) RATE, loudRms, quietRms, resetRms);
        assertTrue("before the first note: " + s.rms(0, loud), s.rms(0, loud) < SILENT);
        assertTrue("chord through the mapper: " + loudRms, loudRms > SOUNDING);
        assertTrue("quieter after setVolume(1/8): " + quietRms / loudRms, quietRms / loudRms < 0.2);
        assertTrue("silent after reset: " + resetRms, resetRms < SILENT);
    }

    @Test
    public void bundleUpdateWhilePlayingClosesTheClientCompletesTheWavAndBringsTheDeviceBack() throws Exception {
        MidiHost host = host();
        Path oldWav = dir.resolve("it-1.wav");
        Path newWav = dir.resolve("it-2.wav");
        OutEvents events = new OutEvents();
        MidiOut out = host.openOut(ENDPOINT, events, OpenOptions.defaults());
        events.next(OutEvents.Open.class);
        assertTrue(oldWav + " created by the open", Files.isRegularFile(oldWav));

        AtomicInteger sent = new AtomicInteger();
        AtomicReference<Throwable> stopped = new AtomicReference<>();
        Thread sender = new Thread(() -> {
            try {
                out.shortMsg(0xC0 | CHURCH_ORGAN << 8);
                for (int i = 0;; i++) {
                    out.shortMsg(noteOn(0, 48 + i % 24, 90));
                    out.shortMsg(noteOn(0, 48 + (i + 12) % 24, 0));
                    sent.incrementAndGet();
                }
            } catch (Throwable e) {
                stopped.set(e);
            }
        }, "SynthIT-sender");
        sender.start();
        awaitFrames(oldWav, frames(oldWav) + seconds(0.3));
        await("the sender plays", () -> sent.get() > 100);

        long updating = System.nanoTime();
        installedBundle(SYNTH_BSN).update();
        events.next(OutEvents.Close.class);
        sender.join(TIMEOUT.toMillis());
        assertFalse("sender still running", sender.isAlive());
        assertTrue("sender stopped by " + stopped.get(), stopped.get() instanceof MidiException);
        assertEquals(MmResult.MMSYSERR_NODRIVER, ((MidiException) stopped.get()).result());
        assertFails(MmResult.MMSYSERR_NODRIVER, () -> out.shortMsg(noteOn(0, 60, 100)));

        awaitValue(ENDPOINT + " back", () -> outEndpoints(host), o -> o.contains(ENDPOINT));
        System.out.println("SynthIT: " + ENDPOINT + " back " + (System.nanoTime() - updating) / 1_000_000
                + " ms after update() began; " + sent.get() + " notes sent before");
        // the old instance finished its file before the new one started; the new one took the next number
        Samples old = Samples.read(oldWav);
        assertTrue("old WAV holds the notes: " + old.rms(0, old.frames()), old.rms(0, old.frames()) > SOUNDING);
        assertFalse("the new instance waits for a client", Files.exists(newWav));

        out.close();
        try (MidiOut again = host.openOut(ENDPOINT, MidiOutCallback.NONE, OpenOptions.defaults())) {
            assertTrue(newWav + " created by the open", Files.isRegularFile(newWav));
            long from = frames(newWav);
            again.shortMsg(noteOn(0, 72, 100));
            awaitFrames(newWav, from + seconds(0.2));
            again.reset();
        }
    }

    /** The configured instance registers an offline renderer under its driver id, and it renders a note into a file. */
    @Test
    public void theOfflineRendererOfTheConfiguredSynthRendersANote() throws Exception {
        ServiceReference<OfflineRenderer> ref = awaitValue("an OfflineRenderer for " + DRIVER_ID, () -> {
            try {
                return context.getServiceReferences(OfflineRenderer.class, "(" + MidiDriver.ID + "=" + DRIVER_ID + ")")
                        .stream().findFirst().orElse(null);
            } catch (org.osgi.framework.InvalidSyntaxException e) {
                throw new AssertionError(e);
            }
        }, java.util.Objects::nonNull);
        OfflineRenderer renderer = context.getService(ref);
        Path wav = dir.resolve("offline.wav");
        long micros = renderer.render(List.of(
                new OfflineRenderer.TimedMessage(0, new byte[] {(byte) 0xC0, CHURCH_ORGAN}),
                new OfflineRenderer.TimedMessage(250_000, new byte[] {(byte) 0x90, 60, 100}),
                new OfflineRenderer.TimedMessage(750_000, new byte[] {(byte) 0x80, 60, 0})), 250_000, wav);
        assertEquals(1_000_000, micros);
        Samples s = Samples.read(wav);
        assertEquals(seconds(1.0), s.frames());
        assertTrue("silent before the note", s.rms(0, seconds(0.24)) < SILENT);
        assertTrue("the note", s.rms(seconds(0.3), seconds(0.7)) > SOUNDING);
        context.ungetService(ref);
    }

    private static long seconds(double s) {
        return Math.round(s * RATE);
    }

    /** @return the frames in the WAV file now: the synthesizer's clock */
    private static long frames(Path wav) {
        try {
            return Math.max(0, (Files.size(wav) - 44) / 4);
        } catch (IOException e) {
            throw new AssertionError(wav + ": " + e, e);
        }
    }

    private static long awaitFrames(Path wav, long target) {
        return awaitValue(wav + " at frame " + target, () -> frames(wav), f -> f >= target);
    }

    /** A complete 16-bit stereo WAV file, checked and read back. */
    private record Samples(short[] interleaved) {
        static Samples read(Path wav) throws Exception {
            byte[] all = Files.readAllBytes(wav);
            ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
            assertEquals("RIFF", new String(all, 0, 4, StandardCharsets.US_ASCII));
            assertEquals("RIFF size of " + wav, all.length - 8, b.getInt(4));
            assertEquals("data", new String(all, 36, 4, StandardCharsets.US_ASCII));
            assertEquals("data size of " + wav, all.length - 44, b.getInt(40));
            AudioFileFormat ff = AudioSystem.getAudioFileFormat(wav.toFile());
            assertEquals(AudioFileFormat.Type.WAVE, ff.getType());
            AudioFormat f = ff.getFormat();
            assertEquals(AudioFormat.Encoding.PCM_SIGNED, f.getEncoding());
            assertEquals(RATE, f.getSampleRate(), 0);
            assertEquals(16, f.getSampleSizeInBits());
            assertEquals(2, f.getChannels());
            assertFalse(f.isBigEndian());
            assertEquals("frames in the header", (all.length - 44) / 4, ff.getFrameLength());
            short[] s = new short[(all.length - 44) / 2];
            b.position(44);
            b.asShortBuffer().get(s);
            return new Samples(s);
        }

        long frames() {
            return interleaved.length / 2;
        }

        /** RMS of both channels over frames {@code [from, to)}, full scale 1. */
        double rms(long from, long to) {
            if (from < 0 || to > frames() || from >= to) {
                throw new AssertionError("frames [" + from + ", " + to + ") outside 0.." + frames());
            }
            double sum = 0;
            for (int i = (int) from * 2; i < to * 2; i++) {
                double v = interleaved[i] / 32768.0;
                sum += v * v;
            }
            return Math.sqrt(sum / (2 * (to - from)));
        }
    }
}
