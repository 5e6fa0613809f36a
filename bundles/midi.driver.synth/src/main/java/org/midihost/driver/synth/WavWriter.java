package org.midihost.driver.synth;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import javax.sound.sampled.AudioFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A RIFF/WAVE file of 16-bit PCM that is valid at every moment: the header's RIFF and data sizes
 * are rewritten after every block, so the file is complete up to the last block written whether
 * the driver closes it, its bundle stops, the host shuts down, or the process dies. A WAV file
 * holds at most 4 GiB; past that the writer stops with one logged warning and drops the rest.
 */
final class WavWriter implements AudioSink {
    private static final Logger LOG = LoggerFactory.getLogger(WavWriter.class);
    private static final int HEADER_BYTES = 44;
    private static final int RIFF_SIZE_AT = 4;
    private static final int DATA_SIZE_AT = 40;

    private final Path path;
    private final FileChannel channel;
    private final int frameBytes;
    private final long maxDataBytes;
    // Reused for the two size fields, so the per-block path allocates nothing.
    private final ByteBuffer sizeField = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
    private long dataBytes;
    private boolean full;
    private boolean closed;

    private WavWriter(Path path, FileChannel channel, int frameBytes) {
        this.path = path;
        this.channel = channel;
        this.frameBytes = frameBytes;
        this.maxDataBytes = (0xFFFF_FFFFL - (HEADER_BYTES - 8)) / frameBytes * frameBytes;
    }

    /**
     * Creates the file, replacing one that exists, or, if {@code path} holds {@link Output#COUNTER},
     * the first file of that pattern that does not exist yet, and writes an empty but valid header.
     *
     * @param path the path, maybe with {@link Output#COUNTER}
     * @param format 16-bit signed little-endian PCM
     * @return the writer
     * @throws IOException if the file cannot be created or written
     */
    static WavWriter create(Path path, AudioFormat format) throws IOException {
        String pattern = path.toString();
        FileChannel ch;
        Path file;
        if (pattern.contains(Output.COUNTER)) {
            for (int n = 1;; n++) {
                file = Path.of(pattern.replace(Output.COUNTER, Integer.toString(n)));
                try {
                    ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                    break;
                } catch (FileAlreadyExistsException taken) {
                    if (n == Integer.MAX_VALUE) {
                        throw taken;
                    }
                }
            }
        } else {
            file = path;
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE);
        }
        WavWriter w = new WavWriter(file, ch, format.getFrameSize());
        try {
            w.writeHeader(format);
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        return w;
    }

    /** @return the file written, with any {@link Output#COUNTER} resolved */
    Path path() {
        return path;
    }

    private void writeHeader(AudioFormat format) throws IOException {
        int channels = format.getChannels();
        int rate = Math.round(format.getSampleRate());
        int bits = format.getSampleSizeInBits();
        ByteBuffer h = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        h.put(ascii("RIFF")).putInt(HEADER_BYTES - 8).put(ascii("WAVE"));
        h.put(ascii("fmt ")).putInt(16).putShort((short) 1).putShort((short) channels).putInt(rate)
                .putInt(rate * frameBytes).putShort((short) frameBytes).putShort((short) bits);
        h.put(ascii("data")).putInt(0);
        h.flip();
        while (h.hasRemaining()) {
            channel.write(h);
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    @Override
    public void write(ByteBuffer frames) throws IOException {
        if (full || closed) {
            frames.position(frames.limit());
            return;
        }
        int n = frames.remaining();
        long room = maxDataBytes - dataBytes;
        if (n > room) {
            frames.limit(frames.position() + (int) room);
            n = (int) room;
            full = true;
            LOG.warn("{}: a WAV file holds at most 4 GiB; the rest of the audio is dropped", path);
        }
        while (frames.hasRemaining()) {
            channel.write(frames);
        }
        dataBytes += n;
        patchSizes();
    }

    private void patchSizes() throws IOException {
        putSize(RIFF_SIZE_AT, dataBytes + HEADER_BYTES - 8);
        putSize(DATA_SIZE_AT, dataBytes);
    }

    private void putSize(long at, long value) throws IOException {
        sizeField.clear();
        sizeField.putInt((int) value).flip();
        while (sizeField.hasRemaining()) {
            channel.write(sizeField, at + sizeField.position());
        }
    }

    @Override
    public boolean pacesItself() {
        return false;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try (FileChannel c = channel) {
            patchSizes();
            c.force(false);
        } catch (IOException e) {
            LOG.error("{}: closing the WAV file failed; it holds the audio up to the last block written", path, e);
        }
    }

    @Override
    public String toString() {
        return "wav:" + path;
    }
}
