package org.midihost.stream.smf;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.midihost.api.TimeDivision;

/**
 * A strict reader of Standard MIDI Files, formats 0, 1 and 2, PPQ and SMPTE division.
 *
 * <p><b>Strict</b>: a malformed file is refused with an {@link SmfException} naming the byte
 * offset and the problem — no {@code MThd} header, a header length under 6, a format other than
 * 0, 1 or 2, no tracks, a format-0 file declaring several tracks, a bad division, a chunk or an
 * event running past its end, a variable-length quantity longer than 4 bytes, a sysex or meta
 * length larger than what remains in the track, a status byte where a data byte belongs, a data
 * byte with no running status, a status byte not allowed in a file ({@code F1}..{@code F6},
 * {@code F8}..{@code FE}). Running status holds inside a track from one channel message to the
 * next; as the SMF specification says, a sysex or meta event cancels it, so a data byte right
 * after one is an error ("running status after a meta event").
 *
 * <p><b>Tolerant</b> of what real files get wrong, each noted in {@link Smf#warnings()}: a track
 * without End of Track ends at its chunk end (at its last event's tick); bytes after an End of
 * Track inside its chunk are ignored; a header longer than 6 bytes has its extra bytes skipped;
 * chunks other than {@code MTrk} are skipped; bytes after the last declared track are ignored;
 * and a file that simply ends before all the declared tracks gives the tracks it has (at least
 * one, else it is an error). Chunks after the last declared track are not read.
 *
 * <p><b>Bounded</b>: it never allocates more than the bytes present (every declared length is
 * checked against what remains before anything is allocated), refuses files larger than
 * {@link #maxBytes()} before reading them whole, and stops after {@link #maxEvents()} events.
 * Reading is linear in the file size.
 *
 * <p>Immutable and thread-safe.
 */
public final class SmfReader {
    /** The default file size limit: 64 MiB. */
    public static final int DEFAULT_MAX_BYTES = 64 << 20;
    /** The default limit on events, End of Track included: 4 Mi. */
    public static final int DEFAULT_MAX_EVENTS = 4 << 20;

    private final int maxBytes;
    private final int maxEvents;

    /** A reader with the default limits. */
    public SmfReader() {
        this(DEFAULT_MAX_BYTES, DEFAULT_MAX_EVENTS);
    }

    /**
     * @param maxBytes the largest file read, 14..{@code Integer.MAX_VALUE - 8}
     * @param maxEvents the most events read, in all tracks together, 1 or more
     * @throws IllegalArgumentException if a limit is out of range
     */
    public SmfReader(int maxBytes, int maxEvents) {
        if (maxBytes < 14 || maxBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("file size limit " + maxBytes + " is outside 14.." + (Integer.MAX_VALUE - 8));
        }
        if (maxEvents < 1) {
            throw new IllegalArgumentException("event limit " + maxEvents + " is not positive");
        }
        this.maxBytes = maxBytes;
        this.maxEvents = maxEvents;
    }

    /** @return the largest file this reader reads, in bytes */
    public int maxBytes() {
        return maxBytes;
    }

    /** @return the most events this reader reads from one file */
    public int maxEvents() {
        return maxEvents;
    }

    /**
     * @param file a Standard MIDI File
     * @return what it holds
     * @throws SmfException if the file is malformed or past a limit
     * @throws IOException if it cannot be read
     */
    public Smf read(Path file) throws IOException {
        long size = Files.size(file);
        if (size > maxBytes) {
            throw tooLarge(size);
        }
        try (InputStream in = Files.newInputStream(file)) {
            return read(in);
        }
    }

    /**
     * Reads a stream to its end, or until it passes {@link #maxBytes()}.
     *
     * @param in a Standard MIDI File; not closed
     * @return what it holds
     * @throws SmfException if the file is malformed or past a limit
     * @throws IOException if the stream cannot be read
     */
    public Smf read(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(maxBytes + 1); // grows with what arrives, not with the limit
        if (bytes.length > maxBytes) {
            throw tooLarge(-1);
        }
        return read(bytes);
    }

    /**
     * @param file the bytes of a Standard MIDI File; not copied, not changed
     * @return what it holds; its events' data are fresh arrays
     * @throws SmfException if the file is malformed or past a limit
     */
    public Smf read(byte[] file) throws SmfException {
        if (file.length > maxBytes) {
            throw tooLarge(file.length);
        }
        return new Parser(file, maxEvents).file();
    }

    private SmfException tooLarge(long size) {
        return new SmfException(maxBytes, (size < 0 ? "the file" : "the file of " + size + " bytes") + " is larger than the limit of "
                + maxBytes + " bytes");
    }

    /** One parse of one file: a cursor, the warnings and the event count. */
    private static final class Parser {
        private final byte[] b;
        private final int maxEvents;
        private final List<String> warnings = new ArrayList<>();
        private int events;
        private int p;

        Parser(byte[] b, int maxEvents) {
            this.b = b;
            this.maxEvents = maxEvents;
        }

        Smf file() throws SmfException {
            if (b.length < 8 || !isId(0, "MThd")) {
                throw new SmfException(0, "not a Standard MIDI File (no MThd header)");
            }
            long headerLength = u32(4);
            if (headerLength < 6) {
                throw new SmfException(4, "header length " + headerLength + " is less than 6");
            }
            if (headerLength > b.length - 8) {
                throw new SmfException(4, "header length " + headerLength + " runs past the end of the file (" + b.length + " bytes)");
            }
            int format = u16(8);
            if (format > 2) {
                throw new SmfException(8, "format " + format + " is not 0, 1 or 2");
            }
            int declared = u16(10);
            if (declared == 0) {
                throw new SmfException(10, "the header declares no tracks");
            }
            if (format == 0 && declared != 1) {
                throw new SmfException(10, "format 0 has exactly one track, but the header declares " + declared);
            }
            TimeDivision division;
            try {
                division = TimeDivision.fromSmf(u16(12));
            } catch (IllegalArgumentException e) {
                throw new SmfException(12, "bad " + e.getMessage());
            }
            if (headerLength > 6) {
                warnings.add("offset 14: header length " + headerLength + ": " + (headerLength - 6) + " extra bytes skipped");
            }
            p = 8 + (int) headerLength;
            List<SmfTrack> tracks = new ArrayList<>();
            while (tracks.size() < declared) {
                int chunk = p;
                if (b.length - chunk < 8) {
                    warnings.add("offset " + chunk + ": the header declares " + declared + " tracks, but the file ends after "
                            + tracks.size() + (chunk < b.length ? " (" + (b.length - chunk) + " stray bytes ignored)" : ""));
                    p = b.length;
                    break;
                }
                long length = u32(chunk + 4);
                boolean track = isId(chunk, "MTrk");
                String name = track ? "track " + (tracks.size() + 1) : "chunk '" + chunkId(chunk) + "'";
                if (length > b.length - chunk - 8) {
                    throw new SmfException(chunk, name + " length " + length + " runs past the end of the file (" + b.length + " bytes)");
                }
                int start = chunk + 8;
                int end = start + (int) length;
                if (track) {
                    tracks.add(track(tracks.size() + 1, start, end));
                } else {
                    warnings.add("offset " + chunk + ": unknown " + name + " (" + length + " bytes) skipped");
                }
                p = end;
            }
            if (tracks.isEmpty()) {
                throw new SmfException(p, "no track: the header declares " + declared + " but the file has none");
            }
            if (p < b.length) {
                warnings.add("offset " + p + ": " + (b.length - p) + " bytes after the last track ignored");
            }
            return new Smf(format, division, tracks, warnings);
        }

        private SmfTrack track(int number, int start, int end) throws SmfException {
            String track = "track " + number + ": ";
            List<SmfEvent> list = new ArrayList<>();
            long tick = 0;
            int running = 0;
            String cancelledBy = null;
            p = start;
            while (p < end) {
                int event = p;
                tick += vlq(track, end);
                count(event);
                if (p >= end) {
                    throw new SmfException(event, track + "the track ends after a delta time, with no event");
                }
                int status = b[p] & 0xFF;
                if (status < 0x80) {
                    if (running == 0) {
                        throw new SmfException(p, track + String.format("data byte 0x%02X with no status: ", status)
                                + (cancelledBy == null ? "no running status at the start of a track" : "running status after a " + cancelledBy
                                        + " (it cancels running status)"));
                    }
                    status = running;
                } else if (status < 0xF0) {
                    running = status;
                    p++;
                }
                if (status < 0xF0) {
                    int n = SmfEvent.dataLength(status);
                    if (end - p < n) {
                        throw new SmfException(event, track + String.format("channel message %02X needs %d data bytes; the track ends after %d",
                                status, n, end - p));
                    }
                    int message = status;
                    for (int i = 0; i < n; i++) {
                        int data = b[p] & 0xFF;
                        if (data >= 0x80) {
                            throw new SmfException(p, track + String.format("channel message %02X: data byte expected, found status 0x%02X",
                                    status, data));
                        }
                        message |= data << 8 * (i + 1);
                        p++;
                    }
                    list.add(SmfEvent.channel(tick, message));
                } else if (status == 0xF0 || status == 0xF7) {
                    p++;
                    running = 0;
                    cancelledBy = "system exclusive event";
                    int length = length(track, status == 0xF0 ? "system exclusive event" : "escape (F7) event", end);
                    if (status == 0xF0) {
                        byte[] bytes = new byte[length + 1];
                        bytes[0] = (byte) 0xF0;
                        System.arraycopy(b, p, bytes, 1, length);
                        list.add(SmfEvent.sysex(tick, bytes));
                    } else {
                        list.add(SmfEvent.escape(tick, Arrays.copyOfRange(b, p, p + length)));
                    }
                    p += length;
                } else if (status == 0xFF) {
                    p++;
                    running = 0;
                    cancelledBy = "meta event";
                    if (p >= end) {
                        throw new SmfException(event, track + "meta event runs past the end of the track (no type)");
                    }
                    int type = b[p] & 0xFF;
                    if (type >= 0x80) {
                        throw new SmfException(p, track + String.format("meta type 0x%02X is not 0..127", type));
                    }
                    p++;
                    int length = length(track, String.format("meta event %02X", type), end);
                    if (type == SmfEvent.META_END_OF_TRACK) {
                        p += length;
                        if (p < end) {
                            warnings.add("offset " + p + ": " + track + (end - p) + " bytes after End of Track ignored");
                        }
                        return new SmfTrack(list, tick);
                    }
                    list.add(SmfEvent.meta(tick, type, Arrays.copyOfRange(b, p, p + length)));
                    p += length;
                } else {
                    throw new SmfException(p, track + String.format("status 0x%02X is not allowed in a Standard MIDI File", status));
                }
            }
            warnings.add("offset " + end + ": " + track + "no End of Track; the track ends at its chunk end (tick " + tick + ")");
            return new SmfTrack(list, tick);
        }

        /** Reads a sysex or meta length and checks it against what remains of the track. */
        private int length(String track, String what, int end) throws SmfException {
            int at = p;
            int length = vlq(track, end);
            if (length > end - p) {
                throw new SmfException(at, track + what + " length " + length + " runs past the end of the track (" + (end - p)
                        + " bytes left)");
            }
            return length;
        }

        /** Reads a variable-length quantity of at most 4 bytes. */
        private int vlq(String track, int end) throws SmfException {
            int at = p;
            int value = 0;
            for (int i = 0; i < 4; i++) {
                if (p >= end) {
                    throw new SmfException(at, track + "a variable-length quantity runs past the end of the track");
                }
                int c = b[p++] & 0xFF;
                value = value << 7 | c & 0x7F;
                if (c < 0x80) {
                    return value;
                }
            }
            throw new SmfException(at, track + "variable-length quantity longer than 4 bytes");
        }

        private void count(int at) throws SmfException {
            if (++events > maxEvents) {
                throw new SmfException(at, "more than " + maxEvents + " events (the reader's limit)");
            }
        }

        private boolean isId(int at, String id) {
            for (int i = 0; i < 4; i++) {
                if (b[at + i] != id.charAt(i)) {
                    return false;
                }
            }
            return true;
        }

        private String chunkId(int at) {
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < 4; i++) {
                int c = b[at + i] & 0xFF;
                s.append(c >= 0x20 && c < 0x7F ? String.valueOf((char) c) : String.format("\\x%02X", c));
            }
            return s.toString();
        }

        private int u16(int at) {
            return (b[at] & 0xFF) << 8 | b[at + 1] & 0xFF;
        }

        private long u32(int at) {
            return (long) u16(at) << 16 | u16(at + 2);
        }
    }
}
