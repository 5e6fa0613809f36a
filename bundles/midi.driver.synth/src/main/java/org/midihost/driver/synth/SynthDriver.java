package org.midihost.driver.synth;

import java.nio.file.Path;
import java.util.List;
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
 * once. Caps: voices and notes are the configured maximum polyphony, all 16 channels,
 * {@link Support#VOLUME} and {@link Support#LRVOLUME}. It has no input device.
 *
 * <p><b>Lazy audio.</b> Activation only checks the configuration ({@link Settings}); it opens
 * nothing. The first client's open starts an {@link AudioSession}: Gervill, the output, and a
 * render thread that renders in real time to the configured {@link Config#output() output} — the
 * default audio device ({@code line}; with none, the {@link Config#fallback() fallback}, by default
 * a new WAV file {@value #DEFAULT_FALLBACK} in the working directory, said in one warning naming
 * it), a WAV file ({@code wav:PATH}, valid at every moment, complete when the session ends) or
 * nowhere ({@code null}). When the last client closes, the session renders {@link Config#tail()}
 * more for the notes to ring out and then ends: Gervill closed, the WAV complete, no thread left.
 * A client that opens during the tail continues the same session. An open that cannot start the
 * audio (a bank Gervill cannot use, a WAV file that cannot be created) fails with
 * {@link MmResult#MMSYSERR_ERROR} naming the cause.
 *
 * <p>Short and system-exclusive messages go to the synthesizer on the client's thread and take
 * effect in the next block rendered. The device volume scales the rendered audio and is kept from
 * one session to the next.
 *
 * <p>Configuration: PID {@value #PID}, optional; each factory configuration is a synthesizer of its
 * own (give each a different {@link Config#midihost_driver_id() driver id}). A configuration change
 * restarts the driver (DS deactivates and activates the component): clients get CLOSE, and those
 * that asked to reconnect come back to the new one. A configuration that cannot work — a value out
 * of range, a sound bank that is missing, unreadable or not SF2/DLS, a WAV file in a folder that
 * does not exist, a JVM without {@value Gervill#JVM_FLAG} — fails the activation with a one-line
 * message naming it; the device is then absent, never half open.
 *
 * <p>Threads: the host calls {@link #openOut} and an instance's {@code close} one at a time per
 * device; the render thread asks {@link #mayEnd} and reports {@link #ended}. The session lock
 * orders these; nothing calls a client while holding it.
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
    /** Where {@code line} audio goes with no audio device, unless configured otherwise. */
    public static final String DEFAULT_FALLBACK = "wav:midihost-synth-" + Output.COUNTER + ".wav";

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
                description = "line = the default audio device (the fallback if there is none); wav:PATH = a WAV "
                        + "file, written anew by each audio session ({n} in PATH = the first free number); null = nowhere.")
        String output() default "line";

        /** @return where {@code line} audio goes with no audio device: {@code wav:PATH} or {@code null} */
        @AttributeDefinition(name = "Fallback",
                description = "Where the audio goes when output is line and there is no audio device: wav:PATH "
                        + "(a new file per audio session; a relative PATH is in the working directory) or null.")
        String fallback() default DEFAULT_FALLBACK;

        /** @return milliseconds the audio goes on after the last client closed, 0..60000 */
        @AttributeDefinition(name = "Tail", description = "Milliseconds the synthesizer keeps rendering after its "
                + "last client closed, for the notes to ring out (0..60000); a client opening meanwhile continues "
                + "the same audio session.", min = "0", max = "60000")
        int tail() default 1500;

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

    private final Settings settings;
    private final DeviceTable devices;
    private final Volume volume = new Volume();
    /**
     * Guards {@link #current}, {@link #live}, {@link #deactivated} and every session's
     * {@link AudioSession#clients}. Taken by {@link #openOut} (held while a session opens, so that
     * racing opens start one session), by {@link #release} (an instance's close), by the render
     * thread in {@link #mayEnd} and {@link #ended}, and by {@link #deactivate} (not while it waits
     * for render threads). No client is called while it is held, and no render thread is waited for.
     */
    private final Object sessionLock = new Object();
    /** The session clients open onto, {@code null} while none runs or once it is ending for good. */
    private AudioSession current;
    /** Sessions whose render thread has not ended yet (the current one and one finishing its close). */
    private final java.util.Set<AudioSession> live = new java.util.HashSet<>();
    private boolean deactivated;
    /** The last session opened, for tests and the log: its frames and its WAV file. */
    private volatile AudioSession latest;

    /**
     * Checks the configuration; opens nothing (the audio starts with the first client).
     *
     * @param config the configuration
     * @throws IllegalArgumentException if a value is out of range, the sound bank is missing,
     *         unreadable or not SF2/DLS, or a WAV file's folder does not exist (the message names the value)
     * @throws IllegalStateException if the JVM cannot run Gervill without an audio device (the
     *         message says which option it needs)
     */
    @Activate
    public SynthDriver(Config config) {
        try {
            this.settings = Settings.of(config);
        } catch (RuntimeException e) {
            // Declarative Services reports the exception (one line in the distribution); logging it
            // here too would say the same thing again on every retry.
            LOG.debug("synth '{}' not started", config.midihost_driver_id(), e);
            throw e;
        }
        this.devices = DeviceTable.of(settings.name(), settings.maxPolyphony());
        LOG.debug("synth '{}' ready (audio opens with the first client): {} voices, output {}", settings.id(),
                settings.maxPolyphony(), settings.output());
    }

    /**
     * Ends any audio session, after at most its tail if no client holds it (the host has closed
     * them all): its WAV file is complete and Gervill closed when
     * this returns. The host has closed every instance before (its unbind returns first).
     */
    @Deactivate
    void deactivate(org.osgi.framework.BundleContext context) {
        // The framework is stopping (java -jar … -c "midi:play …" ends): let the last notes ring
        // out into the WAV. A driver swap does not wait: its devices come back sooner.
        deactivate(context.getBundle(0).getState() == org.osgi.framework.Bundle.STOPPING);
    }

    /** Ends every audio session now: what tests and a driver swap do. */
    void deactivate() {
        deactivate(false);
    }

    /**
     * @param ringOut whether a session in its tail (no client left) renders the tail first, bounded by it
     */
    void deactivate(boolean ringOut) {
        List<AudioSession> stopping;
        synchronized (sessionLock) {
            deactivated = true;
            current = null;
            stopping = List.copyOf(live);
        }
        // A session whose clients have all closed (the host closes them before this) is in its
        // tail: with ringOut it rings out, bounded by the tail, so that the WAV of a host that
        // stops right after playing ends with the last notes' release.
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(settings.tailMillis() + 500L);
        for (AudioSession s : stopping) {
            if (ringOut) {
                s.renderer().awaitTail(deadline);
            }
            s.stop();
        }
        LOG.debug("synth '{}' stopped", settings.id());
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
     * Opens the synthesizer for one more client; the first one starts the audio (or continues it,
     * during the tail).
     *
     * @throws MidiException {@link MmResult#MMSYSERR_BADDEVICEID} for a device id other than
     *         {@value #DEVICE_ID}; {@link MmResult#MMSYSERR_ERROR} naming the cause if the audio cannot
     *         start; {@link MmResult#MMSYSERR_NODRIVER} after deactivation
     */
    @Override
    public OutInstance openOut(String deviceId, OutClient client) throws MidiException {
        devices.checkOutput(deviceId);
        AudioSession s;
        synchronized (sessionLock) {
            if (deactivated) {
                throw new MidiException(MmResult.MMSYSERR_NODRIVER, "synth '" + settings.id() + "' has stopped");
            }
            s = current;
            if (s == null) {
                s = AudioSession.open(settings, volume, this);
                current = s;
                live.add(s);
                latest = s;
            }
            s.clients++;
            s.renderer().keepGoing();
        }
        return new SynthInstance(s, volume, client, this);
    }

    /**
     * An instance closed: the last one starts the session's tail.
     *
     * @param s the session the instance played on
     */
    void release(AudioSession s) {
        synchronized (sessionLock) {
            if (--s.clients == 0 && s == current) {
                s.renderer().endAfter(Math.round(settings.sampleRate() * settings.tailMillis() / 1000.0));
            }
        }
    }

    /**
     * The render thread reached the end of the tail: the session ends unless a client opened meanwhile.
     *
     * @param s the session
     * @return whether it ends
     */
    boolean mayEnd(AudioSession s) {
        synchronized (sessionLock) {
            if (s.clients > 0) {
                return false;
            }
            if (current == s) {
                current = null;
            }
            return true;
        }
    }

    /**
     * The session's render thread has ended and closed its output and Gervill (on that thread).
     *
     * @param s the session
     */
    void ended(AudioSession s) {
        synchronized (sessionLock) {
            live.remove(s);
            if (current == s) {
                current = null; // the rendering failed: the next open starts a new session
            }
        }
    }

    /**
     * @throws MidiException always {@link MmResult#MMSYSERR_BADDEVICEID}: the synthesizer has no input
     */
    @Override
    public InInstance openIn(String deviceId, InClient client) throws MidiException {
        throw new MidiException(MmResult.MMSYSERR_BADDEVICEID, "synth input '" + deviceId
                + "': the synthesizer has no input");
    }

    /** @return whether an audio session runs (or finishes its close) now */
    boolean audioRunning() {
        synchronized (sessionLock) {
            return !live.isEmpty();
        }
    }

    /** @return frames the last session rendered so far (its clock, and its WAV file's length in frames); 0 before any */
    long renderedFrames() {
        AudioSession s = latest;
        return s == null ? 0 : s.renderer().frames();
    }

    /** @return where the last session's audio went ({@code null}, {@code wav:PATH}, {@code line …}); {@code null} before any */
    String target() {
        AudioSession s = latest;
        return s == null ? null : s.target();
    }

    /** @return the WAV file the last session wrote, {@link Output#COUNTER} resolved; {@code null} for other outputs or before any */
    Path wavFile() {
        AudioSession s = latest;
        return s == null ? null : s.wavFile();
    }

    /** @return the driver id */
    String id() {
        return settings.id();
    }

    /** @return the sample rate */
    float sampleRate() {
        return settings.sampleRate();
    }

    @Override
    public String toString() {
        return "SynthDriver[" + settings.id() + ", " + settings.output() + "]";
    }
}
