package org.midihost.driver.synth;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.LineUnavailableException;
import org.midihost.api.MidiException;
import org.midihost.api.MmResult;
import org.midihost.api.Support;
import org.midihost.api.Technology;
import org.midihost.spi.InClient;
import org.midihost.spi.InDevice;
import org.midihost.spi.InInstance;
import org.midihost.spi.MidiDriver;
import org.midihost.spi.MidiDriverProperties;
import org.midihost.spi.OutClient;
import org.midihost.spi.OutDevice;
import org.midihost.spi.OutInstance;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JDK's General MIDI software synthesizer (Gervill) as one output device, device id
 * {@code "0"} (endpoint {@code synth/0}), technology {@link Technology#SWSYNTH}, for many clients at
 * once. Caps: voices and notes are the maximum polyphony, all 16 channels, {@link Support#VOLUME}
 * and {@link Support#LRVOLUME}. It has no input device.
 *
 * <p>The synthesizer renders in real time on a thread of its own ({@link Renderer}) to the
 * configured {@link Config#output() output}: the default audio device ({@code line}; with none,
 * as on a headless server, the driver says so in one warning and drops the audio), a WAV file
 * ({@code wav:PATH}, valid at every moment, complete when the driver stops) or nowhere
 * ({@code null}). Short and system-exclusive messages go to the synthesizer on the client's thread
 * and take effect in the next block rendered. The device volume scales the rendered audio.
 *
 * <p>Configuration: PID {@value #PID}, optional; each factory configuration is a synthesizer of its
 * own (give each a different {@link Config#midihost_driver_id() driver id}): two synthesizers with
 * different sound banks can exist side by side. A configuration change restarts the synthesizer
 * (DS deactivates and activates the component): clients get CLOSE, and those that asked to
 * reconnect come back to the new one. A configuration the driver cannot honour — a sound bank that
 * is missing or unreadable, a WAV file that cannot be created, a value out of range — fails the
 * activation with a one-line message naming the value, logged; the device is then absent, never
 * half open.
 *
 * <p>The JVM needs {@value Gervill#JVM_FLAG} (Gervill's stream rendering lives in a package that
 * {@code java.desktop} does not export); without it activation fails and says so.
 */
@Component(service = MidiDriver.class, immediate = true, configurationPid = SynthDriver.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = SynthDriver.Config.class, factory = true)
@MidiDriverProperties(id = SynthDriver.DEFAULT_ID)
public final class SynthDriver implements MidiDriver {
    /** The configuration PID, also the factory PID. */
    public static final String PID = "org.midihost.driver.synth";
    /** The driver id of an instance whose configuration gives none. */
    public static final String DEFAULT_ID = "synth";
    /** The device id of the synthesizer within the driver. */
    public static final String DEVICE_ID = "0";

    private static final Logger LOG = LoggerFactory.getLogger(SynthDriver.class);

    /** The configuration of one synthesizer (metatype, so that the Felix web console and Karaf can edit it). */
    @ObjectClassDefinition(id = SynthDriver.PID, name = "midihost synthesizer driver (Gervill)",
            description = "The JDK's General MIDI software synthesizer as a midihost output device.")
    public @interface Config {
        /** @return an SF2 or DLS file, or empty for the JDK's own bank */
        @AttributeDefinition(name = "Sound bank", required = false,
                description = "SF2 or DLS file; empty for the JDK's own General MIDI bank.")
        String soundbank() default "";

        /** @return the output: {@code line}, {@code wav:PATH} or {@code null} */
        @AttributeDefinition(name = "Output",
                description = "line = the default audio device (null if there is none); wav:PATH = a WAV file "
                        + "({n} in PATH = the first free number); null = nowhere.")
        String output() default "line";

        /** @return the sample rate in Hz, 8000..192000 */
        @AttributeDefinition(name = "Sample rate", description = "Hz, 8000..192000.", min = "8000", max = "192000")
        int sampleRate() default 44100;

        /** @return how far the rendering runs ahead, in milliseconds, 1..1000 */
        @AttributeDefinition(name = "Latency", description = "Milliseconds the audio runs ahead (1..1000): "
                + "the audio device's buffer; blocks are a quarter of it.", min = "1", max = "1000")
        int latency() default 40;

        /** @return the most voices sounding at once, 1..1024 */
        @AttributeDefinition(name = "Max polyphony", description = "Voices at once (1..1024).", min = "1", max = "1024")
        int maxPolyphony() default 64;

        /** @return whether the reverb effect is on */
        @AttributeDefinition(name = "Reverb", description = "Reverb effect on.")
        boolean reverb() default true;

        /** @return whether the chorus effect is on */
        @AttributeDefinition(name = "Chorus", description = "Chorus effect on.")
        boolean chorus() default true;

        /** @return the device name */
        @AttributeDefinition(name = "Name", description = "Device name (31 characters at most are shown).")
        String name() default "Gervill Synthesizer";

        /**
         * @return the driver id, service property {@value MidiDriver#ID}: non-empty, no '/', no
         *         whitespace, unique among the drivers present
         */
        @AttributeDefinition(name = "Driver id", description = "First half of the endpoint id; unique per instance.")
        String midihost_driver_id() default DEFAULT_ID;

        /** @return the driver's place in the numbering, service property {@value MidiDriver#ORDER} */
        @AttributeDefinition(name = "Driver order", description = "Place in the device numbering; lower first.")
        int midihost_driver_order() default MidiDriver.DEFAULT_ORDER;
    }

    private final String id;
    private final DeviceTable devices;
    private final Gervill gervill;
    private final Renderer renderer;
    private final Output output;
    private final Path wavFile;
    private final float sampleRate;

    /**
     * Loads the bank, opens the synthesizer and its output, and starts rendering.
     *
     * @param config the configuration
     * @throws IllegalArgumentException if a value is out of range, the sound bank cannot be loaded
     *         or the WAV file cannot be created (the message names the value); nothing stays open
     * @throws IllegalStateException if the JVM cannot run Gervill without an audio device (the
     *         message says which option it needs)
     */
    @Activate
    public SynthDriver(Config config) {
        this.id = config.midihost_driver_id();
        try {
            Output wanted = Output.parse(config.output());
            this.sampleRate = check("sampleRate", config.sampleRate(), 8000, 192000);
            int latency = check("latency", config.latency(), 1, 1000);
            int polyphony = check("maxPolyphony", config.maxPolyphony(), 1, 1024);
            String bankPath = config.soundbank() == null ? "" : config.soundbank().strip();
            AudioFormat format = new AudioFormat(sampleRate, 16, 2, true, false);

            Gervill g = Gervill.open(bankPath, format, polyphony, config.reverb(), config.chorus());
            AudioSink sink;
            Output actual = wanted;
            try {
                sink = openSink(wanted, format, latency);
            } catch (RuntimeException e) {
                g.close();
                throw e;
            }
            if (sink == AudioSink.NULL && wanted.kind() == Output.Kind.LINE) {
                actual = Output.NULL;
            }
            this.gervill = g;
            this.output = actual;
            this.wavFile = sink instanceof WavWriter w ? w.path() : null;
            this.renderer = new Renderer(id, g.audio(), sampleRate, latency, sink);
            int voices = g.maxPolyphony();
            this.devices = DeviceTable.of(config.name(), voices);
            renderer.start();
            LOG.info("synth '{}': {} voices, {} Hz, {} ms, bank {}, output {}", id, voices, (int) sampleRate, latency,
                    g.bank(), wavFile != null ? "wav:" + wavFile : actual);
        } catch (RuntimeException e) {
            // Declarative Services reports the exception (one line in the distribution); logging it
            // here too would say the same thing again on every retry.
            LOG.debug("synth '{}' not started", id, e);
            throw e;
        }
    }

    private static int check(String property, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(property + " " + value + " is outside " + min + ".." + max);
        }
        return value;
    }

    private AudioSink openSink(Output wanted, AudioFormat format, int latencyMillis) {
        switch (wanted.kind()) {
            case WAV:
                try {
                    return WavWriter.create(wanted.path(), format);
                } catch (IOException e) {
                    throw new IllegalArgumentException("output " + wanted + ": cannot create the WAV file: " + e, e);
                }
            case LINE:
                int bytes = Math.max(1, Math.round(format.getSampleRate() * latencyMillis / 1000f)) * format.getFrameSize();
                try {
                    return LineSink.open(format, bytes);
                } catch (LineUnavailableException | RuntimeException e) {
                    LOG.warn("synth '{}': no audio device ({}); output 'line' falls back to 'null': the audio is dropped",
                            id, e.getMessage());
                    return AudioSink.NULL;
                }
            default:
                return AudioSink.NULL;
        }
    }

    /**
     * Stops rendering, completes the WAV file and closes the synthesizer. The host has closed
     * every instance before (its unbind returns first).
     */
    @Deactivate
    void deactivate() {
        renderer.stop();
        gervill.close();
        LOG.info("synth '{}' stopped after {} frames", id, renderer.frames());
    }

    /** @return the synthesizer, one multi-client {@link Technology#SWSYNTH} device */
    @Override
    public List<OutDevice> outDevices() {
        return devices.outDevices();
    }

    /** @return none: the synthesizer has no input */
    @Override
    public List<InDevice> inDevices() {
        return devices.inDevices();
    }

    /**
     * Opens the synthesizer for one more client.
     *
     * @throws MidiException {@link MmResult#MMSYSERR_BADDEVICEID} for a device id other than
     *         {@value #DEVICE_ID}
     */
    @Override
    public OutInstance openOut(String deviceId, OutClient client) throws MidiException {
        devices.checkOutput(deviceId);
        return new SynthInstance(gervill, renderer, client);
    }

    /**
     * @throws MidiException always {@link MmResult#MMSYSERR_BADDEVICEID}: the synthesizer has no input
     */
    @Override
    public InInstance openIn(String deviceId, InClient client) throws MidiException {
        throw new MidiException(MmResult.MMSYSERR_BADDEVICEID, "synth input '" + deviceId
                + "': the synthesizer has no input");
    }

    /** @return frames rendered so far: the synthesizer's clock, and the WAV file's length in frames */
    long renderedFrames() {
        return renderer.frames();
    }

    /** @return the output in use: {@code null} where {@code line} found no audio device */
    Output output() {
        return output;
    }

    /** @return the WAV file written, {@link Output#COUNTER} resolved; {@code null} for other outputs */
    Path wavFile() {
        return wavFile;
    }

    /** @return the sample rate */
    float sampleRate() {
        return sampleRate;
    }

    @Override
    public String toString() {
        return "SynthDriver[" + id + ", " + (wavFile != null ? "wav:" + wavFile : output) + "]";
    }
}
