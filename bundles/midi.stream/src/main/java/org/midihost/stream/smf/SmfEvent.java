package org.midihost.stream.smf;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

import org.midihost.api.StreamEvent;

/**
 * One event of a {@link SmfTrack}, at an absolute tick of its track.
 *
 * <p>Four kinds, as the file has them:
 * <ul>
 * <li>{@link Kind#CHANNEL} — a channel message ({@code 8n}..{@code En}), packed as WinMM packs a
 * short message: status in the low byte, then the first and second data bytes;</li>
 * <li>{@link Kind#SYSEX} — an {@code F0} event: the bytes as the message is sent, beginning with
 * {@code F0} (and normally ending with {@code F7});</li>
 * <li>{@link Kind#ESCAPE} — an {@code F7} event: raw bytes sent as they are (a sysex continuation,
 * or real-time and common messages);</li>
 * <li>{@link Kind#META} — a meta event ({@code FF}): a type 0..127 and its data. Tempo, time and
 * key signature and the text events have accessors for display; other types are kept raw.</li>
 * </ul>
 * The End of Track meta event is not an event of this model: it is {@link SmfTrack#endTick()}.
 *
 * <p>Immutable but for {@code data}, which is not copied: do not change it.
 *
 * @param tick the absolute tick in the track, 0 or more
 * @param kind the kind
 * @param message the packed channel message ({@link Kind#CHANNEL}); 0 otherwise
 * @param metaType the meta type 0..127 ({@link Kind#META}); -1 otherwise
 * @param data the bytes of a {@link Kind#SYSEX}, {@link Kind#ESCAPE} or {@link Kind#META} event
 *        (at most {@link #MAX_LENGTH}); {@code null} for {@link Kind#CHANNEL}
 */
public record SmfEvent(long tick, Kind kind, int message, int metaType, byte[] data) {
    /** The longest data: its length must fit a variable-length quantity (28 bits). */
    public static final int MAX_LENGTH = StreamEvent.MAX_DELTA;

    /** Meta type {@code FF 01}: text. */
    public static final int META_TEXT = 0x01;
    /** Meta type {@code FF 02}: copyright notice. */
    public static final int META_COPYRIGHT = 0x02;
    /** Meta type {@code FF 03}: sequence or track name. */
    public static final int META_TRACK_NAME = 0x03;
    /** Meta type {@code FF 04}: instrument name. */
    public static final int META_INSTRUMENT = 0x04;
    /** Meta type {@code FF 05}: lyric. */
    public static final int META_LYRIC = 0x05;
    /** Meta type {@code FF 06}: marker. */
    public static final int META_MARKER = 0x06;
    /** Meta type {@code FF 07}: cue point. */
    public static final int META_CUE = 0x07;
    /** Meta type {@code FF 2F}: end of track (in this model, {@link SmfTrack#endTick()}). */
    public static final int META_END_OF_TRACK = 0x2F;
    /** Meta type {@code FF 51}: tempo, 3 bytes of microseconds per quarter note. */
    public static final int META_TEMPO = 0x51;
    /** Meta type {@code FF 58}: time signature, 4 bytes. */
    public static final int META_TIME_SIGNATURE = 0x58;
    /** Meta type {@code FF 59}: key signature, 2 bytes. */
    public static final int META_KEY_SIGNATURE = 0x59;

    private static final String[] MAJOR = {"Cb", "Gb", "Db", "Ab", "Eb", "Bb", "F", "C", "G", "D", "A", "E", "B", "F#", "C#"};
    private static final String[] MINOR = {"ab", "eb", "bb", "f", "c", "g", "d", "a", "e", "b", "f#", "c#", "g#", "d#", "a#"};

    /** What an event is. */
    public enum Kind {
        /** A channel message, {@code 8n}..{@code En}. */
        CHANNEL,
        /** An {@code F0} system-exclusive event. */
        SYSEX,
        /** An {@code F7} escape event: raw bytes. */
        ESCAPE,
        /** An {@code FF} meta event. */
        META
    }

    /**
     * @throws IllegalArgumentException for a negative tick, a channel message that is not one
     *         (status outside {@code 80..EF}, a data byte of 128 or more, bytes past its length),
     *         a sysex not beginning with {@code F0}, a meta type outside 0..127, the End of Track
     *         type, data too long, or data missing or present where it should not be
     */
    public SmfEvent {
        Objects.requireNonNull(kind, "kind");
        if (tick < 0) {
            throw new IllegalArgumentException("tick " + tick + " is negative");
        }
        if ((kind == Kind.CHANNEL) == (data != null)) {
            throw new IllegalArgumentException(kind == Kind.CHANNEL ? "a channel message takes no data" : "a " + kind + " event needs data");
        }
        if (data != null && data.length > MAX_LENGTH) {
            throw new IllegalArgumentException(data.length + " bytes of data are more than an SMF length holds (" + MAX_LENGTH + ")");
        }
        if ((kind == Kind.META) != (metaType != -1)) {
            throw new IllegalArgumentException(kind == Kind.META ? "a meta event needs a type" : "only a meta event has a type");
        }
        if (kind != Kind.CHANNEL && message != 0) {
            throw new IllegalArgumentException("only a channel message has a message");
        }
        switch (kind) {
            case CHANNEL -> {
                int status = message & 0xFF;
                int length = dataLength(status);
                if (status < 0x80 || status > 0xEF) {
                    throw new IllegalArgumentException(String.format("0x%06X is not a channel message (status 80..EF)", message));
                }
                if ((message & 0xFF80_8000) != 0 || (length == 1 && (message & 0xFF_0000) != 0)) {
                    throw new IllegalArgumentException(String.format("channel message 0x%06X has a bad data byte", message));
                }
            }
            case SYSEX -> {
                if (data.length == 0 || (data[0] & 0xFF) != 0xF0) {
                    throw new IllegalArgumentException("a system-exclusive event begins with F0");
                }
            }
            case META -> {
                if (metaType < 0 || metaType > 0x7F) {
                    throw new IllegalArgumentException("meta type " + metaType + " is outside 0..127");
                }
                if (metaType == META_END_OF_TRACK) {
                    throw new IllegalArgumentException("End of Track is the track's end tick, not an event");
                }
            }
            default -> {
            }
        }
    }

    /**
     * @param tick the absolute tick
     * @param message the packed channel message: status {@code 80..EF} in the low byte
     * @return the event
     */
    public static SmfEvent channel(long tick, int message) {
        return new SmfEvent(tick, Kind.CHANNEL, message, -1, null);
    }

    /**
     * @param tick the absolute tick
     * @param status the status byte, {@code 80..EF}
     * @param data1 the first data byte, 0..127
     * @param data2 the second data byte, 0..127 (0 for program change and channel pressure)
     * @return the event
     */
    public static SmfEvent channel(long tick, int status, int data1, int data2) {
        return channel(tick, status | data1 << 8 | data2 << 16);
    }

    /**
     * @param tick the absolute tick
     * @param bytes the message as sent, beginning with {@code F0} (not copied)
     * @return the event
     */
    public static SmfEvent sysex(long tick, byte[] bytes) {
        return new SmfEvent(tick, Kind.SYSEX, 0, -1, Objects.requireNonNull(bytes, "bytes"));
    }

    /**
     * @param tick the absolute tick
     * @param bytes the raw bytes of an {@code F7} event (not copied)
     * @return the event
     */
    public static SmfEvent escape(long tick, byte[] bytes) {
        return new SmfEvent(tick, Kind.ESCAPE, 0, -1, Objects.requireNonNull(bytes, "bytes"));
    }

    /**
     * @param tick the absolute tick
     * @param type the meta type, 0..127 but not End of Track
     * @param data its data (not copied)
     * @return the event
     */
    public static SmfEvent meta(long tick, int type, byte[] data) {
        return new SmfEvent(tick, Kind.META, 0, type, Objects.requireNonNull(data, "data"));
    }

    /**
     * @param tick the absolute tick
     * @param microsPerQuarter the tempo, 1..16777215 microseconds per quarter note
     * @return a tempo meta event
     * @throws IllegalArgumentException if the tempo is out of range
     */
    public static SmfEvent tempo(long tick, int microsPerQuarter) {
        if (microsPerQuarter < 1 || microsPerQuarter > 0xFFFFFF) {
            throw new IllegalArgumentException("tempo " + microsPerQuarter + " µs per quarter note is outside 1..16777215");
        }
        return meta(tick, META_TEMPO, new byte[] {(byte) (microsPerQuarter >> 16), (byte) (microsPerQuarter >> 8), (byte) microsPerQuarter});
    }

    /**
     * @param tick the absolute tick
     * @param type a text meta type, {@link #META_TEXT}..{@link #META_CUE}
     * @param text the text, stored as ISO-8859-1 (other characters become {@code ?})
     * @return a text meta event
     * @throws IllegalArgumentException if the type is not a text type
     */
    public static SmfEvent text(long tick, int type, String text) {
        if (type < META_TEXT || type > META_CUE) {
            throw new IllegalArgumentException("meta type " + type + " is not a text type (1..7)");
        }
        return meta(tick, type, text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /**
     * @param tick the absolute tick
     * @param numerator beats per bar, 1..255
     * @param denominator the beat's note value, a power of two 1..128 (4 for a quarter note)
     * @param clocksPerClick MIDI clocks per metronome click (24 for one click per quarter note)
     * @param thirtySecondsPerQuarter notated 32nd notes in a MIDI quarter note (normally 8)
     * @return a time-signature meta event
     * @throws IllegalArgumentException if the denominator is not a power of two 1..128
     */
    public static SmfEvent timeSignature(long tick, int numerator, int denominator, int clocksPerClick, int thirtySecondsPerQuarter) {
        if (denominator < 1 || denominator > 128 || Integer.bitCount(denominator) != 1) {
            throw new IllegalArgumentException("time signature denominator " + denominator + " is not a power of two 1..128");
        }
        return meta(tick, META_TIME_SIGNATURE, new byte[] {(byte) numerator, (byte) Integer.numberOfTrailingZeros(denominator),
                (byte) clocksPerClick, (byte) thirtySecondsPerQuarter});
    }

    /**
     * @param tick the absolute tick
     * @param sharps sharps (positive) or flats (negative), -7..7
     * @param minor whether the key is minor
     * @return a key-signature meta event
     * @throws IllegalArgumentException if {@code sharps} is outside -7..7
     */
    public static SmfEvent keySignature(long tick, int sharps, boolean minor) {
        if (sharps < -7 || sharps > 7) {
            throw new IllegalArgumentException(sharps + " sharps is outside -7..7");
        }
        return meta(tick, META_KEY_SIGNATURE, new byte[] {(byte) sharps, (byte) (minor ? 1 : 0)});
    }

    /**
     * @param status a status byte
     * @return how many data bytes a channel message with this status has: 1 for program change
     *         and channel pressure, 2 for the others
     */
    static int dataLength(int status) {
        int high = status & 0xF0;
        return high == 0xC0 || high == 0xD0 ? 1 : 2;
    }

    /** @return the status byte of a channel message; 0 for other kinds */
    public int status() {
        return kind == Kind.CHANNEL ? message & 0xFF : 0;
    }

    /** @return whether this is a well-formed tempo meta event (3 bytes of data) */
    public boolean isTempo() {
        return kind == Kind.META && metaType == META_TEMPO && data.length == 3;
    }

    /**
     * @return the tempo in microseconds per quarter note
     * @throws IllegalStateException unless {@link #isTempo()}
     */
    public int tempoMicros() {
        if (!isTempo()) {
            throw new IllegalStateException(this + " is not a tempo event");
        }
        return (data[0] & 0xFF) << 16 | (data[1] & 0xFF) << 8 | data[2] & 0xFF;
    }

    /** @return whether this is a text meta event, types 1..7 */
    public boolean isText() {
        return kind == Kind.META && metaType >= META_TEXT && metaType <= META_CUE;
    }

    /**
     * @return the text, read as ISO-8859-1 (every byte a character)
     * @throws IllegalStateException unless {@link #isText()}
     */
    public String text() {
        if (!isText()) {
            throw new IllegalStateException(this + " is not a text event");
        }
        return new String(data, StandardCharsets.ISO_8859_1);
    }

    /**
     * @param tick the new absolute tick
     * @return this event at another tick
     */
    public SmfEvent atTick(long tick) {
        return new SmfEvent(tick, kind, message, metaType, data);
    }

    /** @return what the event is, for display: {@code note on ch 1 60 100}, {@code tempo 500000 µs/q (120.00 bpm)}, … */
    public String describe() {
        return switch (kind) {
            case CHANNEL -> describeChannel();
            case SYSEX -> "sysex " + hex(data);
            case ESCAPE -> "escape " + hex(data);
            case META -> describeMeta();
        };
    }

    private String describeChannel() {
        int channel = (message & 0x0F) + 1;
        int d1 = message >> 8 & 0x7F;
        int d2 = message >> 16 & 0x7F;
        return switch (message & 0xF0) {
            case 0x80 -> "note off ch " + channel + " " + d1 + " " + d2;
            case 0x90 -> "note on ch " + channel + " " + d1 + " " + d2;
            case 0xA0 -> "key pressure ch " + channel + " " + d1 + " " + d2;
            case 0xB0 -> "control change ch " + channel + " " + d1 + " " + d2;
            case 0xC0 -> "program change ch " + channel + " " + d1;
            case 0xD0 -> "channel pressure ch " + channel + " " + d1;
            default -> "pitch bend ch " + channel + " " + ((d2 << 7 | d1) - 8192);
        };
    }

    private String describeMeta() {
        if (isText()) {
            String[] names = {"text", "copyright", "track name", "instrument", "lyric", "marker", "cue"};
            return names[metaType - 1] + " \"" + text() + "\"";
        }
        if (isTempo()) {
            return String.format("tempo %d µs/q (%.2f bpm)", tempoMicros(), 60e6 / tempoMicros());
        }
        if (metaType == META_TIME_SIGNATURE && data.length == 4 && (data[1] & 0xFF) <= 7) {
            return "time signature " + (data[0] & 0xFF) + "/" + (1 << data[1]) + " (" + (data[2] & 0xFF) + " clocks per click, "
                    + (data[3] & 0xFF) + " 32nds per quarter)";
        }
        if (metaType == META_KEY_SIGNATURE && data.length == 2 && data[0] >= -7 && data[0] <= 7 && (data[1] & 0xFE) == 0) {
            return "key signature " + (data[1] == 0 ? MAJOR[data[0] + 7] + " major" : MINOR[data[0] + 7] + " minor");
        }
        return String.format("meta 0x%02X %s", metaType, hex(data));
    }

    private static String hex(byte[] bytes) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < Math.min(bytes.length, 16); i++) {
            s.append(i == 0 ? "" : " ").append(String.format("%02X", bytes[i] & 0xFF));
        }
        return bytes.length > 16 ? s + " … (" + bytes.length + " bytes)" : s.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SmfEvent e && e.tick == tick && e.kind == kind && e.message == message && e.metaType == metaType
                && Arrays.equals(e.data, data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(tick, kind, message, metaType, Arrays.hashCode(data));
    }

    @Override
    public String toString() {
        return "@" + tick + " " + describe();
    }
}
