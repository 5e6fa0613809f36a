package org.midihost.driver.synth;

import java.io.IOException;
import java.nio.file.Path;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.LineUnavailableException;
import org.midihost.api.MidiException;
import org.midihost.api.MmResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One audio session of a synthesizer driver: from the first client's open to the end of the tail
 * after the last client's close. It owns a Gervill synthesizer, its output (an audio device, a WAV
 * file, or nowhere) and the render thread; nothing of it exists between sessions, so an idle
 * driver costs no CPU.
 *
 * <p>Its client count is guarded by the driver's session lock (see {@link SynthDriver}); the rest is
 * fixed at open or belongs to the render thread.
 */
final class AudioSession {
    private static final Logger LOG = LoggerFactory.getLogger(AudioSession.class);

    private final Gervill gervill;
    private final Renderer renderer;
    private final Path wavFile;
    private final String target;
    /** Clients attached; guarded by the driver's session lock. */
    int clients;

    private AudioSession(Gervill gervill, AudioSink sink, Settings settings, Volume volume, SynthDriver owner) {
        this.gervill = gervill;
        this.wavFile = sink instanceof WavWriter w ? w.path() : null;
        this.target = sink.toString();
        this.renderer = new Renderer(settings.id(), gervill.audio(), settings.sampleRate(), settings.latencyMillis(), sink,
                volume, () -> owner.mayEnd(this), () -> {
                    gervill.close();
                    owner.ended(this);
                });
    }

    /**
     * Opens Gervill and the output and starts rendering. Either everything is open or nothing is.
     *
     * @param settings the driver's settings
     * @param volume the device volume
     * @param owner the driver, asked by the render thread whether the session may end and told when it has
     * @return the running session
     * @throws MidiException {@link MmResult#MMSYSERR_ERROR} naming the cause if Gervill or the output
     *         cannot be opened: a sound bank Gervill cannot use, a WAV file that cannot be created
     */
    static AudioSession open(Settings settings, Volume volume, SynthDriver owner) throws MidiException {
        String id = settings.id();
        Gervill g;
        try {
            g = Gervill.open(settings.soundbank(), settings.format(), settings.maxPolyphony(), settings.reverb(),
                    settings.chorus());
        } catch (RuntimeException e) {
            throw new MidiException(MmResult.MMSYSERR_ERROR, "synth '" + id + "' cannot open Gervill: " + e.getMessage(), e);
        }
        AudioSink sink;
        try {
            sink = openSink(settings);
        } catch (MidiException | RuntimeException e) {
            g.close();
            throw e;
        }
        AudioSession s = new AudioSession(g, sink, settings, volume, owner);
        s.renderer.start();
        LOG.debug("synth '{}': audio on, {} voices, {} Hz, {} ms, bank {}, output {}", id, settings.maxPolyphony(),
                (int) settings.sampleRate(), settings.latencyMillis(), g.bank(), s.target);
        return s;
    }

    private static AudioSink openSink(Settings settings) throws MidiException {
        Output out = settings.output();
        AudioFormat format = settings.format();
        switch (out.kind()) {
            case WAV:
                try {
                    return WavWriter.create(out.path(), format);
                } catch (IOException e) {
                    throw new MidiException(MmResult.MMSYSERR_ERROR, "synth '" + settings.id() + "': output " + out
                            + ": cannot create the WAV file: " + e, e);
                }
            case LINE:
                int bytes = Math.max(1, Math.round(format.getSampleRate() * settings.latencyMillis() / 1000f))
                        * format.getFrameSize();
                try {
                    return LineSink.open(format, bytes);
                } catch (LineUnavailableException | RuntimeException e) {
                    return fallback(settings, e.getMessage());
                }
            default:
                return AudioSink.NULL;
        }
    }

    /** No audio device: the fallback, said in one warning that names where the audio goes. */
    private static AudioSink fallback(Settings settings, String why) {
        Output fb = settings.fallback();
        String id = settings.id();
        if (fb.kind() == Output.Kind.WAV) {
            Path pattern = fb.path().toAbsolutePath();
            try {
                WavWriter w = WavWriter.create(pattern, settings.format());
                LOG.warn("synth '{}': no audio device ({}); writing the audio to {}", id, why, w.path());
                return w;
            } catch (IOException e) {
                LOG.warn("synth '{}': no audio device ({}), and the fallback {} cannot be created ({}); the audio is dropped",
                        id, why, fb, e);
                return AudioSink.NULL;
            }
        }
        LOG.warn("synth '{}': no audio device ({}); the audio is dropped (fallback null)", id, why);
        return AudioSink.NULL;
    }

    /** @return the synthesizer the clients play */
    Gervill gervill() {
        return gervill;
    }

    /** @return the render thread */
    Renderer renderer() {
        return renderer;
    }

    /** @return the WAV file this session writes, {@code null} for other outputs */
    Path wavFile() {
        return wavFile;
    }

    /** @return where the audio goes, for the log and tests: {@code null}, {@code wav:PATH}, {@code line …} */
    String target() {
        return target;
    }

    /** Ends the rendering now, without the tail: the output is complete and Gervill closed when this returns. */
    void stop() {
        renderer.stop();
    }

    @Override
    public String toString() {
        return "AudioSession[" + target + "]";
    }
}
