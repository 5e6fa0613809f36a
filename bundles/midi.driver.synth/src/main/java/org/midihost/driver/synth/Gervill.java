package org.midihost.driver.synth;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MidiMessage;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.MidiUnavailableException;
import javax.sound.midi.Receiver;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Soundbank;
import javax.sound.midi.Synthesizer;
import javax.sound.midi.SysexMessage;
import javax.sound.sampled.AudioFormat;

/**
 * One Gervill synthesizer (the JDK's {@code SoftSynthesizer}) opened for stream rendering: its
 * {@link Receiver} takes the MIDI messages, its audio stream gives the rendered audio (read by the
 * {@link Renderer}).
 *
 * <p>Stream rendering ({@code com.sun.media.sound.AudioSynthesizer.openStream}) is the only way to
 * run Gervill without an audio device, and that interface lives in a package {@code java.desktop}
 * does not export. It is called by reflection, once at open, so the bundle imports nothing from
 * that package (no {@code org.osgi.framework.system.packages.extra} needed); the JVM still needs
 * {@value #JVM_FLAG}.
 */
final class Gervill implements AutoCloseable {
    /** The JVM option stream rendering needs. */
    static final String JVM_FLAG = "--add-exports java.desktop/com.sun.media.sound=ALL-UNNAMED";
    private static final String SOUND_PACKAGE = "com.sun.media.sound";
    private static final String AUDIO_SYNTHESIZER = SOUND_PACKAGE + ".AudioSynthesizer";
    /** Gervill's default control rate ({@code "control rate"} in the open info), in buffers a second. */
    private static final float CONTROL_RATE = 147f;

    private final Synthesizer synth;
    private final InputStream audio;
    private final Receiver receiver;
    private final String bank;
    /**
     * Guards {@link #message}, the one reused {@link ShortMessage} that keeps the short-message
     * path free of allocation. The host already serialises calls per device; the lock keeps the
     * reuse safe whatever the caller. Taken by {@link #shortMsg} and {@link #allSoundOff}.
     */
    private final Object messageLock = new Object();
    private final ShortMessage message = new ShortMessage();

    private Gervill(Synthesizer synth, InputStream audio, Receiver receiver, String bank) {
        this.synth = synth;
        this.audio = audio;
        this.receiver = receiver;
        this.bank = bank;
    }

    /**
     * Loads the sound bank and opens a synthesizer on it. Either everything is open or nothing is.
     *
     * @param soundbank an SF2 or DLS file, or empty for the JDK's own bank
     * @param format the audio format, 16-bit signed little-endian stereo
     * @param maxPolyphony the most voices at once
     * @param reverb whether the reverb effect is on
     * @param chorus whether the chorus effect is on
     * @return the open synthesizer
     * @throws IllegalArgumentException if the sound bank cannot be loaded; the message names the path
     * @throws IllegalStateException if the JVM does not allow stream rendering, or Gervill fails
     */
    static Gervill open(String soundbank, AudioFormat format, int maxPolyphony, boolean reverb, boolean chorus) {
        checkExported();
        Soundbank custom = soundbank.isEmpty() ? null : loadBank(soundbank);
        Synthesizer synth;
        try {
            synth = MidiSystem.getSynthesizer();
        } catch (MidiUnavailableException e) {
            throw new IllegalStateException("no Java Sound synthesizer: " + e.getMessage(), e);
        }
        Method openStream = openStreamOf(synth);
        Map<String, Object> info = new HashMap<>();
        info.put("max polyphony", maxPolyphony);
        info.put("reverb", reverb);
        info.put("chorus", chorus);
        info.put("load default soundbank", custom == null);
        InputStream audio;
        try {
            audio = (InputStream) openStream.invoke(synth, format, info);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("Gervill stream rendering is not accessible: run the JVM with " + JVM_FLAG, e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("Gervill failed to open: " + e.getCause(), e.getCause());
        }
        try {
            String bankName;
            if (custom != null) {
                if (!synth.isSoundbankSupported(custom) || !synth.loadAllInstruments(custom)) {
                    throw new IllegalArgumentException("soundbank " + soundbank + ": Gervill cannot use this bank");
                }
                bankName = "'" + custom.getName() + "' from " + soundbank;
            } else {
                Soundbank def = synth.getDefaultSoundbank();
                bankName = "the JDK's default bank" + (def == null ? "" : " '" + def.getName() + "'");
            }
            return new Gervill(synth, audio, synth.getReceiver(), bankName);
        } catch (MidiUnavailableException | RuntimeException e) {
            closeQuietly(audio);
            synth.close();
            if (e instanceof IllegalArgumentException iae) {
                throw iae;
            }
            throw new IllegalStateException("Gervill failed to open: " + e, e);
        }
    }

    /**
     * Checks that {@code java.desktop} exports Gervill's package to this bundle's module: cheap, done at
     * activation so that a JVM without {@value #JVM_FLAG} keeps the driver from starting.
     *
     * @throws IllegalStateException naming the flag if it does not
     */
    static void checkExported() {
        Module desktop = Synthesizer.class.getModule();
        if (!desktop.isExported(SOUND_PACKAGE, Gervill.class.getModule())) {
            throw new IllegalStateException("Gervill stream rendering needs package " + SOUND_PACKAGE
                    + ", which java.desktop does not export: run the JVM with " + JVM_FLAG);
        }
    }

    private static Soundbank loadBank(String path) {
        File f = new File(path);
        if (!f.isFile()) {
            throw new IllegalArgumentException("soundbank " + path + ": no such file");
        }
        if (!f.canRead()) {
            throw new IllegalArgumentException("soundbank " + path + ": not readable");
        }
        Soundbank b;
        try {
            b = MidiSystem.getSoundbank(f);
        } catch (InvalidMidiDataException | IOException | RuntimeException e) {
            throw new IllegalArgumentException("soundbank " + path + ": not a sound bank Gervill reads (SF2, DLS): "
                    + e.getMessage(), e);
        }
        if (b == null || b.getInstruments().length == 0) {
            throw new IllegalArgumentException("soundbank " + path + ": the bank holds no instrument");
        }
        return b;
    }

    private static Method openStreamOf(Synthesizer synth) {
        try {
            // The boot loader: the interface is in java.desktop whatever the caller's class loader is.
            Class<?> audioSynth = Class.forName(AUDIO_SYNTHESIZER, false, null);
            if (!audioSynth.isInstance(synth)) {
                throw new IllegalStateException("the default Java Sound synthesizer is not Gervill but "
                        + synth.getDeviceInfo().getName() + ": it cannot render without an audio device");
            }
            return audioSynth.getMethod("openStream", AudioFormat.class, Map.class);
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            throw new IllegalStateException("this JDK has no Gervill stream rendering (" + e + ")", e);
        }
    }

    /**
     * Gervill's fixed delay in stream rendering: a message time-stamped T (or sent at T) is heard
     * from frame {@code T × rate + latencyFrames} of the stream on, sample-accurately — two of its
     * control buffers (the default control rate is 147 Hz: 300 frames a buffer at 44.1 kHz, so
     * 13.6 ms; measured the same at 8 to 96 kHz).
     *
     * @param rate the sample rate
     * @return the delay in frames
     */
    static int latencyFrames(float rate) {
        return 2 * (int) (rate / CONTROL_RATE);
    }

    /** @return the bank loaded, for the log */
    String bank() {
        return bank;
    }

    /** @return the rendered audio, 16-bit signed little-endian stereo; read by the render thread only */
    InputStream audio() {
        return audio;
    }

    /** @return the most voices at once */
    int maxPolyphony() {
        return synth.getMaxPolyphony();
    }

    /**
     * Sends a short message, taking effect in the next block rendered. Allocation-free.
     *
     * @param status the status byte
     * @param data1 the first data byte, 0 if none
     * @param data2 the second data byte, 0 if none
     * @throws InvalidMidiDataException if the bytes are not a short message
     */
    void shortMsg(int status, int data1, int data2) throws InvalidMidiDataException {
        synchronized (messageLock) {
            message.setMessage(status, data1, data2);
            receiver.send(message, -1);
        }
    }

    /**
     * Sends a system-exclusive message.
     *
     * @param bytes {@code F0 … F7}
     * @param length the message's length
     * @throws InvalidMidiDataException if it is not a system-exclusive message
     */
    void sysex(byte[] bytes, int length) throws InvalidMidiDataException {
        receiver.send(new SysexMessage(bytes, length), -1);
    }

    /**
     * Sends a message to take effect at {@code micros} on the synthesizer's clock: microseconds of
     * audio read from its stream since it opened. Gervill queues it and starts it at that point of
     * the audio (offline rendering).
     *
     * @param message the message
     * @param micros when, 0 or more
     */
    void sendAt(MidiMessage message, long micros) {
        receiver.send(message, micros);
    }

    /**
     * Silences every note on every channel at once: sustain pedal off, All Sound Off (which cuts
     * the release tails too) and All Notes Off on all 16 channels. What the effects (reverb,
     * chorus) hold rings out.
     */
    void allSoundOff() {
        synchronized (messageLock) {
            try {
                for (int ch = 0; ch < 16; ch++) {
                    message.setMessage(ShortMessage.CONTROL_CHANGE, ch, 64, 0);
                    receiver.send(message, -1);
                    message.setMessage(ShortMessage.CONTROL_CHANGE, ch, 120, 0);
                    receiver.send(message, -1);
                    message.setMessage(ShortMessage.CONTROL_CHANGE, ch, 123, 0);
                    receiver.send(message, -1);
                }
            } catch (InvalidMidiDataException e) {
                throw new IllegalStateException("a control change was refused", e); // constant, valid bytes
            }
        }
    }

    /** Closes the receiver, the synthesizer and its stream. Call after the render thread stopped. */
    @Override
    public void close() {
        receiver.close();
        synth.close();
        closeQuietly(audio);
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // nothing to do: the synthesizer is closed, the stream had no resource of its own
        }
    }
}
