package org.midihost.driver.synth;

import java.nio.ByteBuffer;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.SourceDataLine;

/** The default audio device: a started {@link SourceDataLine}, whose blocking writes pace the rendering. */
final class LineSink implements AudioSink {
    private final SourceDataLine line;

    private LineSink(SourceDataLine line) {
        this.line = line;
    }

    /**
     * Opens the default audio device.
     *
     * @param format the audio format
     * @param bufferBytes the line's buffer, which sets the latency
     * @return the sink
     * @throws LineUnavailableException if there is no audio device or it cannot be opened (the
     *         message says why)
     */
    static LineSink open(AudioFormat format, int bufferBytes) throws LineUnavailableException {
        SourceDataLine line;
        try {
            line = AudioSystem.getSourceDataLine(format);
        } catch (IllegalArgumentException | SecurityException e) {
            // "No line matching interface SourceDataLine ... is supported": no mixer at all
            LineUnavailableException u = new LineUnavailableException(e.getMessage());
            u.initCause(e);
            throw u;
        }
        line.open(format, bufferBytes);
        line.start();
        return new LineSink(line);
    }

    @Override
    public void write(ByteBuffer frames) {
        int n = frames.remaining();
        line.write(frames.array(), frames.arrayOffset() + frames.position(), n);
        frames.position(frames.limit());
    }

    @Override
    public boolean pacesItself() {
        return true;
    }

    @Override
    public void close() {
        line.stop();
        line.flush();
        line.close();
    }

    @Override
    public String toString() {
        return "line " + line.getLineInfo();
    }
}
