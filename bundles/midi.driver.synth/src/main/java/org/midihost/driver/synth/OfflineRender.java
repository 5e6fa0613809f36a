package org.midihost.driver.synth;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MidiMessage;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.SysexMessage;
import org.midihost.spi.MidiDriverProperties;
import org.midihost.spi.OfflineRenderer;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;

/**
 * Offline rendering ({@code midi:render}) with the synthesizer driver's configuration: each call
 * opens a Gervill of its own for stream rendering, hands it every message with its time stamp
 * (Gervill starts a time-stamped message at that point of its audio), and reads the audio as fast
 * as the machine renders it into a WAV file. It never touches the driver's device or its clients,
 * and holds nothing between calls.
 *
 * <p>Registered next to each {@link SynthDriver} instance (same configuration PID, so one per
 * factory configuration, and the unconfigured one), with the same {@value org.midihost.spi.MidiDriver#ID}.
 * Calls may run concurrently, each on its caller's thread.
 */
@Component(service = OfflineRenderer.class, configurationPid = SynthDriver.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@MidiDriverProperties(id = SynthDriver.DEFAULT_ID)
public final class OfflineRender implements OfflineRenderer {
    /** Frames read from the synthesizer at a time. */
    static final int BLOCK_FRAMES = 1024;
    /** Messages are handed to Gervill this far ahead of the audio read, so that none comes late. */
    private static final long LOOKAHEAD_MICROS = 1_000_000;
    private static final int FRAME_BYTES = 4;

    private final SynthDriver.Config config;

    /**
     * Keeps the configuration; opens nothing and checks nothing yet. A configuration the driver
     * refuses is reported once, by the driver's activation; this renderer reports it when called.
     *
     * @param config the synthesizer's configuration (its output is not used: the caller names the file)
     */
    @Activate
    public OfflineRender(SynthDriver.Config config) {
        this.config = config;
    }

    /**
     * {@inheritDoc}
     *
     * <p>The audio is 16-bit stereo at the configured sample rate, with the configured bank, polyphony
     * and effects, at full volume; it lasts the last message's time plus {@code tailMicros}, rounded
     * up to whole frames.
     *
     * @throws IllegalArgumentException also if a message is not a complete MIDI message (it names its
     *         index and time), or {@code tailMicros} is negative
     * @throws IllegalStateException also if the configuration is one the driver refuses (the message
     *         names the value), or the JVM lacks {@value Gervill#JVM_FLAG}
     */
    @Override
    public long render(List<TimedMessage> messages, long tailMicros, Path wav) throws IOException {
        Settings settings;
        try {
            settings = Settings.of(config);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("synth '" + config.midihost_driver_id() + "': " + e.getMessage(), e);
        }
        if (tailMicros < 0) {
            throw new IllegalArgumentException("tail " + tailMicros + " µs is negative");
        }
        MidiMessage[] parsed = new MidiMessage[messages.size()];
        long last = 0;
        for (int i = 0; i < parsed.length; i++) {
            TimedMessage m = messages.get(i);
            if (m.micros() < last) {
                throw new IllegalArgumentException("message " + i + " at " + m.micros() + " µs comes after one at "
                        + last + " µs: the messages are not in time order");
            }
            last = m.micros();
            parsed[i] = parse(i, m);
        }
        float rate = settings.sampleRate();
        long totalFrames = (long) Math.ceil((last + tailMicros) * (double) rate / 1e6);

        Gervill g;
        try {
            g = Gervill.open(settings.soundbank(), settings.format(), settings.maxPolyphony(), settings.reverb(),
                    settings.chorus());
        } catch (RuntimeException e) {
            throw new IllegalStateException("synth '" + settings.id() + "' cannot open Gervill: " + e.getMessage(), e);
        }
        try {
            WavWriter out = WavWriter.create(wav, settings.format());
            try {
                return micros(render(settings, g, messages, parsed, totalFrames, out), rate);
            } finally {
                out.close();
            }
        } finally {
            g.close();
        }
    }

    private static long render(Settings settings, Gervill g, List<TimedMessage> messages, MidiMessage[] parsed,
            long totalFrames, WavWriter out) throws IOException {
        float rate = settings.sampleRate();
        InputStream audio = g.audio();
        byte[] block = new byte[BLOCK_FRAMES * FRAME_BYTES];
        ByteBuffer buffer = ByteBuffer.wrap(block);
        // Gervill's own delay: a message stamped T sounds from frame T × rate + latency of its stream;
        // with those frames left out, it sounds at T in the file. Messages at 0 are queued first.
        int next = 0;
        while (next < parsed.length && messages.get(next).micros() <= LOOKAHEAD_MICROS) {
            g.sendAt(parsed[next], messages.get(next).micros());
            next++;
        }
        int skip = Gervill.latencyFrames(rate) * FRAME_BYTES;
        while (skip > 0) {
            int n = audio.readNBytes(block, 0, Math.min(skip, block.length));
            if (n <= 0) {
                throw new IOException("synth '" + settings.id() + "': the synthesizer's audio stream ended at its start");
            }
            skip -= n;
        }
        long done = 0;
        while (done < totalFrames) {
            int n = (int) Math.min(BLOCK_FRAMES, totalFrames - done);
            long horizon = micros(done + n, rate) + LOOKAHEAD_MICROS;
            while (next < parsed.length && messages.get(next).micros() <= horizon) {
                g.sendAt(parsed[next], messages.get(next).micros());
                next++;
            }
            int bytes = audio.readNBytes(block, 0, n * FRAME_BYTES);
            if (bytes < n * FRAME_BYTES) {
                throw new IOException("synth '" + settings.id() + "': the synthesizer's audio stream ended at frame "
                        + (done + bytes / FRAME_BYTES));
            }
            buffer.clear().limit(bytes);
            out.write(buffer);
            done += n;
        }
        return done;
    }

    private static long micros(long frames, float rate) {
        return Math.round(frames * 1e6 / rate);
    }

    /** @return the message as Java Sound's, checked to be one complete MIDI message */
    private static MidiMessage parse(int index, TimedMessage m) {
        byte[] b = m.bytes();
        int status = b[0] & 0xFF;
        try {
            if (status == SysexMessage.SYSTEM_EXCLUSIVE) {
                if ((b[b.length - 1] & 0xFF) != ShortMessage.END_OF_EXCLUSIVE) {
                    throw new InvalidMidiDataException("a system-exclusive message must end with F7");
                }
                return new SysexMessage(b, b.length);
            }
            int expected = length(status);
            if (b.length != expected) {
                throw new InvalidMidiDataException(String.format("status %02X takes %d byte(s), not %d", status, expected,
                        b.length));
            }
            return new ShortMessage(status, expected > 1 ? b[1] & 0xFF : 0, expected > 2 ? b[2] & 0xFF : 0);
        } catch (InvalidMidiDataException e) {
            throw new IllegalArgumentException("message " + index + " at " + m.micros() + " µs is not a MIDI message: "
                    + e.getMessage(), e);
        }
    }

    /** @return the length of a short message with this status byte, 0 if it is no status byte */
    private static int length(int status) throws InvalidMidiDataException {
        if (status < 0x80 || status == 0xF7 || status == 0xF4 || status == 0xF5 || status == 0xF9 || status == 0xFD) {
            throw new InvalidMidiDataException(String.format("%02X is not a status byte that starts a message", status));
        }
        if (status < 0xF0) {
            int command = status & 0xF0;
            return command == 0xC0 || command == 0xD0 ? 2 : 3;
        }
        return switch (status) {
            case 0xF1, 0xF3 -> 2;
            case 0xF2 -> 3;
            default -> 1;
        };
    }

    @Override
    public String toString() {
        return "OfflineRender[" + config.midihost_driver_id() + "]";
    }
}
