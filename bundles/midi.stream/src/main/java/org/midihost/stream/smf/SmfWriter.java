package org.midihost.stream.smf;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a {@link Smf} as a Standard MIDI File: the {@code MThd} header with the file's format
 * (normally 1: a conductor track with tempo and time signature, then one track per part),
 * division and track count, then one {@code MTrk} chunk per track with variable-length deltas
 * and an End of Track at {@link SmfTrack#endTick()}.
 *
 * <p>With running status (the default), a channel message with the same status as the channel
 * message just before it in its track is written without its status byte; a sysex or meta event
 * in between cancels running status, as the SMF specification says (and {@link SmfReader}
 * requires). Reading what it writes gives the same {@link Smf}, event by event.
 *
 * <p>Immutable and thread-safe.
 */
public final class SmfWriter {
    private final boolean runningStatus;

    /** A writer that uses running status. */
    public SmfWriter() {
        this(true);
    }

    /** @param runningStatus whether to omit repeated status bytes of channel messages */
    public SmfWriter(boolean runningStatus) {
        this.runningStatus = runningStatus;
    }

    /**
     * @param smf the file
     * @param out where to write it; not closed
     * @throws IOException if the stream fails
     */
    public void write(Smf smf, OutputStream out) throws IOException {
        out.write(toBytes(smf));
    }

    /**
     * Writes to a new file, or replaces an existing one.
     *
     * @param smf the file
     * @param file where to write it
     * @throws IOException if the file cannot be written
     */
    public void write(Smf smf, Path file) throws IOException {
        Files.write(file, toBytes(smf));
    }

    /**
     * @param smf the file
     * @return its bytes
     */
    public byte[] toBytes(Smf smf) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {'M', 'T', 'h', 'd'});
        u32(out, 6);
        u16(out, smf.format());
        u16(out, smf.tracks().size());
        u16(out, smf.division().toSmf());
        for (SmfTrack track : smf.tracks()) {
            byte[] body = track(track);
            out.writeBytes(new byte[] {'M', 'T', 'r', 'k'});
            u32(out, body.length);
            out.writeBytes(body);
        }
        return out.toByteArray();
    }

    private byte[] track(SmfTrack track) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long tick = 0;
        int running = 0;
        for (SmfEvent e : track.events()) {
            vlq(out, e.tick() - tick);
            tick = e.tick();
            switch (e.kind()) {
                case CHANNEL -> {
                    int status = e.status();
                    if (!runningStatus || status != running) {
                        out.write(status);
                    }
                    running = status;
                    out.write(e.message() >> 8 & 0x7F);
                    if (SmfEvent.dataLength(status) == 2) {
                        out.write(e.message() >> 16 & 0x7F);
                    }
                }
                case SYSEX -> {
                    out.write(0xF0);
                    vlq(out, e.data().length - 1);
                    out.write(e.data(), 1, e.data().length - 1);
                    running = 0;
                }
                case ESCAPE -> {
                    out.write(0xF7);
                    vlq(out, e.data().length);
                    out.writeBytes(e.data());
                    running = 0;
                }
                case META -> {
                    out.write(0xFF);
                    out.write(e.metaType());
                    vlq(out, e.data().length);
                    out.writeBytes(e.data());
                    running = 0;
                }
            }
        }
        vlq(out, track.endTick() - tick);
        out.writeBytes(new byte[] {(byte) 0xFF, SmfEvent.META_END_OF_TRACK, 0});
        return out.toByteArray();
    }

    /** Writes a variable-length quantity; the model keeps every value within 28 bits. */
    private static void vlq(ByteArrayOutputStream out, long value) {
        int v = (int) value;
        if (v >= 1 << 21) {
            out.write(0x80 | v >> 21 & 0x7F);
        }
        if (v >= 1 << 14) {
            out.write(0x80 | v >> 14 & 0x7F);
        }
        if (v >= 1 << 7) {
            out.write(0x80 | v >> 7 & 0x7F);
        }
        out.write(v & 0x7F);
    }

    private static void u16(ByteArrayOutputStream out, int value) {
        out.write(value >> 8);
        out.write(value);
    }

    private static void u32(ByteArrayOutputStream out, long value) {
        u16(out, (int) (value >> 16));
        u16(out, (int) value);
    }
}
