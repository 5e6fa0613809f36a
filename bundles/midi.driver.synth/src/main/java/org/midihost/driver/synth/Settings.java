package org.midihost.driver.synth;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sound.sampled.AudioFormat;

/**
 * A synthesizer's configuration, checked: everything that can be checked without opening Gervill
 * (values in range, outputs that parse, a sound bank file that exists, is readable and starts as
 * an SF2 or DLS file does, a WAV file's folder that exists, the JDK-internal export Gervill's
 * stream rendering needs). What only Gervill can tell (a bank it cannot use, no audio device)
 * shows when the audio opens.
 *
 * @param id the driver id
 * @param name the device name
 * @param output where the audio goes
 * @param fallback where {@code line} audio goes when there is no audio device: a WAV file or
 *        {@link Output#NULL}
 * @param format 16-bit signed little-endian stereo at the sample rate
 * @param latencyMillis how far rendering runs ahead
 * @param maxPolyphony the most voices at once
 * @param soundbank an SF2 or DLS file, or empty for the JDK's own bank
 * @param reverb whether the reverb effect is on
 * @param chorus whether the chorus effect is on
 * @param tailMillis how long the audio goes on after the last client closed
 */
record Settings(String id, String name, Output output, Output fallback, AudioFormat format, int latencyMillis,
        int maxPolyphony, String soundbank, boolean reverb, boolean chorus, int tailMillis) {

    /**
     * Checks a configuration.
     *
     * @param config the configuration
     * @return the settings
     * @throws IllegalArgumentException naming the value if a value is out of range, an output does
     *         not parse, the sound bank is missing, unreadable or not SF2/DLS, or a WAV file's folder
     *         does not exist
     * @throws IllegalStateException if the JVM lacks {@value Gervill#JVM_FLAG}
     */
    static Settings of(SynthDriver.Config config) {
        Output output = Output.parse(config.output());
        Output fallback = Output.parse(config.fallback());
        if (fallback.kind() == Output.Kind.LINE) {
            throw new IllegalArgumentException("fallback 'line': expected wav:PATH or null");
        }
        int rate = check("sampleRate", config.sampleRate(), 8000, 192000);
        int latency = check("latency", config.latency(), 1, 1000);
        int polyphony = check("maxPolyphony", config.maxPolyphony(), 1, 1024);
        int tail = check("tail", config.tail(), 0, 60_000);
        String bank = config.soundbank() == null ? "" : config.soundbank().strip();
        if (!bank.isEmpty()) {
            checkBank(bank);
        }
        if (output.kind() == Output.Kind.WAV) {
            checkFolder("output", output);
        }
        Gervill.checkExported();
        String name = config.name() == null || config.name().isBlank() ? "Gervill Synthesizer" : config.name();
        return new Settings(config.midihost_driver_id(), name, output, fallback, new AudioFormat(rate, 16, 2, true, false),
                latency, polyphony, bank, config.reverb(), config.chorus(), tail);
    }

    private static int check(String property, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(property + " " + value + " is outside " + min + ".." + max);
        }
        return value;
    }

    /** The cheap half of loading a bank: the file is there, readable, and begins as SF2 or DLS. */
    private static void checkBank(String path) {
        Path f = Path.of(path);
        if (!Files.isRegularFile(f)) {
            throw new IllegalArgumentException("soundbank " + path + ": no such file");
        }
        if (!Files.isReadable(f)) {
            throw new IllegalArgumentException("soundbank " + path + ": not readable");
        }
        byte[] head = new byte[12];
        int n;
        try (InputStream in = Files.newInputStream(f)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            throw new IllegalArgumentException("soundbank " + path + ": not readable: " + e.getMessage(), e);
        }
        String riff = new String(head, 0, 4, StandardCharsets.US_ASCII);
        String form = new String(head, 8, 4, StandardCharsets.US_ASCII);
        if (n < head.length || !riff.equals("RIFF") || !(form.equals("sfbk") || form.equals("DLS "))) {
            throw new IllegalArgumentException("soundbank " + path
                    + ": not a sound bank Gervill reads (SF2, DLS): it does not begin with a RIFF sfbk or DLS header");
        }
    }

    /** A WAV file can only be created in a folder that exists. */
    private static void checkFolder(String property, Output wav) {
        Path parent = wav.path().toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new IllegalArgumentException(property + " " + wav + ": cannot create the WAV file: no folder " + parent);
        }
    }

    /** @return the sample rate in Hz */
    float sampleRate() {
        return format.getSampleRate();
    }
}
