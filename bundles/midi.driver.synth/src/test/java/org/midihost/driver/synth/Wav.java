package org.midihost.driver.synth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * A WAV file read back with javax.sound.sampled, after checking that its header's sizes agree
 * with the file's length: left and right channels as samples in -1..1, and measures over a range
 * of frames.
 */
final class Wav {
    final AudioFileFormat fileFormat;
    final AudioFormat format;
    final float[] left;
    final float[] right;

    private Wav(AudioFileFormat fileFormat, float[] left, float[] right) {
        this.fileFormat = fileFormat;
        this.format = fileFormat.getFormat();
        this.left = left;
        this.right = right;
    }

    /**
     * Reads a WAV file that is still being written: the writer appends a block, then updates the
     * sizes in the header, so a read between the two sees the sizes one block behind. Reads until
     * the header matches the file (within a deadline), as a player polling the file would.
     *
     * @param file the file
     * @return its samples as of a moment where the header matched the file
     */
    static Wav readLive(Path file) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            try {
                return read(file);
            } catch (AssertionError e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.onSpinWait();
            }
        }
    }

    /**
     * Reads a complete WAV file: the RIFF and data sizes in the header must match the file.
     *
     * @param file the file
     * @return its samples
     */
    static Wav read(Path file) throws IOException, UnsupportedAudioFileException {
        long length = Files.size(file);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            byte[] header = new byte[44];
            raf.readFully(header);
            ByteBuffer h = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
            assertThat(new String(header, 0, 4, "US-ASCII")).as("RIFF tag").isEqualTo("RIFF");
            assertThat(h.getInt(4) & 0xFFFFFFFFL).as("RIFF size of " + file).isEqualTo(length - 8);
            assertThat(new String(header, 36, 4, "US-ASCII")).as("data tag").isEqualTo("data");
            assertThat(h.getInt(40) & 0xFFFFFFFFL).as("data size of " + file).isEqualTo(length - 44);
        }
        AudioFileFormat ff = AudioSystem.getAudioFileFormat(file.toFile());
        try (AudioInputStream in = AudioSystem.getAudioInputStream(file.toFile())) {
            byte[] all = in.readAllBytes();
            int frames = all.length / 4;
            float[] l = new float[frames];
            float[] r = new float[frames];
            ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < frames; i++) {
                l[i] = b.getShort() / 32768f;
                r[i] = b.getShort() / 32768f;
            }
            return new Wav(ff, l, r);
        }
    }

    /** @return the number of frames */
    int frames() {
        return left.length;
    }

    /** @return the duration in seconds */
    double seconds() {
        return frames() / (double) format.getSampleRate();
    }

    /** @return RMS of both channels over frames {@code [from, to)}, 0..1 */
    double rms(long from, long to) {
        return Math.sqrt((sumSquares(left, from, to) + sumSquares(right, from, to)) / (2.0 * (to - from)));
    }

    /** @return RMS of one channel over frames {@code [from, to)} */
    static double rms(float[] channel, long from, long to) {
        return Math.sqrt(sumSquares(channel, from, to) / (to - from));
    }

    private static double sumSquares(float[] s, long from, long to) {
        checkRange(s, from, to);
        double sum = 0;
        for (int i = (int) from; i < to; i++) {
            sum += s[i] * (double) s[i];
        }
        return sum;
    }

    /**
     * The power at one frequency (Goertzel), normalised by the range's length: compares how much
     * of two pitches a stretch of audio holds.
     */
    double power(float[] channel, long from, long to, double hz) {
        checkRange(channel, from, to);
        double w = 2 * Math.PI * hz / format.getSampleRate();
        double coeff = 2 * Math.cos(w);
        double s1 = 0;
        double s2 = 0;
        for (int i = (int) from; i < to; i++) {
            double s0 = channel[i] + coeff * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        double n = to - from;
        return (s1 * s1 + s2 * s2 - coeff * s1 * s2) / (n * n);
    }

    private static void checkRange(float[] s, long from, long to) {
        if (from < 0 || to > s.length || from >= to) {
            throw new AssertionError("frames [" + from + ", " + to + ") outside the file's 0.." + s.length);
        }
    }
}
