package org.midihost.route;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The filter and transform of a route, after CoreMIDI's thru-connection parameters: which
 * message types and channels pass, a note range (keyboard split), transposition, velocity,
 * controller number map and value scale, and a channel map. Applied to MIDI 1.0 short messages
 * in WinMM packing ({@code midiOutShortMsg}): status in bits 0–7, data 1 in bits 8–15, data 2 in
 * bits 16–23.
 *
 * <p>The steps, in order: type filter → channel filter → note range (on the source note) →
 * transposition → velocity → controller map and value scale → channel map. System messages
 * (status {@code F0}–{@code FF}) pass or drop by type only; channel, note, velocity and
 * controller settings never touch them. System-exclusive messages are not transformed: a router
 * asks {@link #passesSysex()} and passes or drops them whole.
 *
 * <p>A transposed note that leaves 0..127 is dropped, not wrapped; since a note-off (and a
 * note-on with velocity 0, which is a note-off) transposes exactly as its note-on did, its
 * note-off is dropped too and no note is left hanging. Note-off velocities are never changed,
 * and a note-on never becomes velocity 0.
 *
 * <p>Immutable and thread-safe. {@link #apply(int)} allocates nothing and takes no lock: every
 * setting is compiled into lookup tables when the transform is built, so it can run on a
 * driver's input thread for every routed message. Build one with {@link #builder()} or read
 * one from configuration properties with {@link #fromProperties(Map)}.
 */
public final class Transform {

    /** What {@link #apply(int)} returns for a message the transform drops: {@value}. */
    public static final int DROP = -1;

    /**
     * Property {@value}: the message types that pass, by {@link MessageType#propertyName()}, as a
     * comma-separated String or a String[] ({@code notes,cc,pitchbend}); absent means all, empty
     * means none.
     */
    public static final String PROPERTY_TYPES = "types";
    /**
     * Property {@value}: the channels (1..16) that pass, as comma-separated channels and ranges
     * ({@code 1-9,11-16}) or a String[]; absent means all, empty means none.
     */
    public static final String PROPERTY_CHANNELS = "channels";
    /**
     * Property {@value}: source channel = destination channel pairs, comma-separated
     * ({@code 10=1,2=3}) or a String[]; channels not named keep their channel.
     */
    public static final String PROPERTY_CHANNEL_MAP = "channel.map";
    /**
     * Property {@value}: the source note range that passes, {@code low-high} in 0..127
     * ({@code 0-59}), or one note; applies to note on/off and polyphonic pressure.
     */
    public static final String PROPERTY_NOTES = "notes";
    /** Property {@value}: transposition in semitones, a whole number in -127..127. */
    public static final String PROPERTY_TRANSPOSE = "transpose";
    /** Property {@value}: note-on velocity factor, a positive number (result clamped to 1..127). */
    public static final String PROPERTY_VELOCITY_SCALE = "velocity.scale";
    /** Property {@value}: added to note-on velocities, -127..127 (result clamped to 1..127). */
    public static final String PROPERTY_VELOCITY_OFFSET = "velocity.offset";
    /** Property {@value}: every note-on gets this velocity, 1..127; excludes scale and offset. */
    public static final String PROPERTY_VELOCITY_FIXED = "velocity.fixed";
    /**
     * Property {@value}: source controller = destination controller pairs (0..127),
     * comma-separated ({@code 1=11,7=7}) or a String[]; controllers not named keep their number.
     */
    public static final String PROPERTY_CC_MAP = "cc.map";
    /**
     * Property {@value}: control change value factor, a positive number (result clamped to
     * 0..127); channel mode messages (controllers 120..127) keep their values.
     */
    public static final String PROPERTY_CC_SCALE = "cc.scale";

    /** The message types a transform passes or drops, each with its property name. */
    public enum MessageType {
        /** Note off ({@code 8n}) and note on ({@code 9n}). */
        NOTES("notes"),
        /** Polyphonic key pressure ({@code An}). */
        POLY_PRESSURE("polypressure"),
        /** Control change ({@code Bn}), channel mode messages included. */
        CONTROL_CHANGE("cc"),
        /** Program change ({@code Cn}). */
        PROGRAM_CHANGE("program"),
        /** Channel pressure ({@code Dn}). */
        CHANNEL_PRESSURE("channelpressure"),
        /** Pitch bend ({@code En}). */
        PITCH_BEND("pitchbend"),
        /** System exclusive ({@code F0} … {@code F7}). */
        SYSEX("sysex"),
        /** MIDI clock and other system real time ({@code F8}–{@code FF} except {@code FE}). */
        REALTIME("realtime"),
        /** Active sensing ({@code FE}). */
        ACTIVE_SENSING("activesensing"),
        /** System common ({@code F1}–{@code F6}: time code, song position, song select, tune request). */
        SYSTEM_COMMON("common");

        private final String propertyName;

        MessageType(String propertyName) {
            this.propertyName = propertyName;
        }

        /** @return the name of this type in the {@value Transform#PROPERTY_TYPES} property */
        public String propertyName() {
            return propertyName;
        }

        /**
         * @param name a name in the {@value Transform#PROPERTY_TYPES} property, case-insensitive,
         *        surrounding blanks ignored; not {@code null}
         * @return the type with that name
         * @throws IllegalArgumentException if no type has that name
         */
        public static MessageType ofPropertyName(String name) {
            String n = name.trim().toLowerCase(Locale.ROOT);
            for (MessageType t : values()) {
                if (t.propertyName.equals(n)) {
                    return t;
                }
            }
            throw new IllegalArgumentException("unknown message type '" + name + "' (known: "
                    + String.join(",", Arrays.stream(values()).map(MessageType::propertyName).toList()) + ")");
        }

        /**
         * @param status a status byte, {@code 0x80..0xFF}
         * @return the type of a message with that status
         * @throws IllegalArgumentException if {@code status} is not a status byte
         */
        public static MessageType of(int status) {
            if (status < 0x80 || status > 0xFF) {
                throw new IllegalArgumentException("status 0x" + Integer.toHexString(status)
                        + " is outside 0x80..0xff");
            }
            switch (status >> 4) {
                case 0x8:
                case 0x9:
                    return NOTES;
                case 0xA:
                    return POLY_PRESSURE;
                case 0xB:
                    return CONTROL_CHANGE;
                case 0xC:
                    return PROGRAM_CHANGE;
                case 0xD:
                    return CHANNEL_PRESSURE;
                case 0xE:
                    return PITCH_BEND;
                default:
                    if (status == 0xF0 || status == 0xF7) {
                        return SYSEX;
                    }
                    if (status == 0xFE) {
                        return ACTIVE_SENSING;
                    }
                    return status >= 0xF8 ? REALTIME : SYSTEM_COMMON;
            }
        }
    }

    private static final int ALL_TYPES = (1 << MessageType.values().length) - 1;
    private static final int ALL_CHANNELS = 0xFFFF;
    /** Controllers from here on are channel mode messages, whose values {@code cc.scale} leaves. */
    private static final int FIRST_MODE_CONTROLLER = 120;

    /** Passes every message unchanged. */
    public static final Transform NONE = builder().build(); // after the constants its builder reads

    // The settings, for equals, toString and toProperties.
    private final int types;
    private final int channels;
    private final int[] channelMap;
    private final int noteLow;
    private final int noteHigh;
    private final int transpose;
    private final double velocityScale;
    private final int velocityOffset;
    private final int velocityFixed;
    private final int[] ccMap;
    private final double ccScale;

    // The compiled tables apply() reads.
    private final boolean[] passStatus = new boolean[256];
    private final int[] channelOut = new int[16];
    private final int[] noteOut = new int[128];
    private final int[] velocityOut = new int[128];
    private final int[] ccOut = new int[128];
    private final int[] ccValueOut = new int[128];

    private Transform(Builder b) {
        types = b.types;
        channels = b.channels;
        channelMap = b.channelMap.clone();
        noteLow = b.noteLow;
        noteHigh = b.noteHigh;
        transpose = b.transpose;
        velocityScale = b.velocityScale;
        velocityOffset = b.velocityOffset;
        velocityFixed = b.velocityFixed;
        ccMap = b.ccMap.clone();
        ccScale = b.ccScale;

        for (int s = 0x80; s <= 0xFF; s++) {
            passStatus[s] = (types & bit(MessageType.of(s))) != 0;
        }
        for (int c = 0; c < 16; c++) {
            channelOut[c] = (channels & (1 << c)) != 0 ? channelMap[c] - 1 : DROP;
        }
        for (int n = 0; n < 128; n++) {
            int t = n + transpose;
            noteOut[n] = n >= noteLow && n <= noteHigh && t >= 0 && t <= 127 ? t : DROP;
        }
        velocityOut[0] = 0; // a note-on with velocity 0 is a note-off: it stays one
        for (int v = 1; v < 128; v++) {
            velocityOut[v] = velocityFixed != 0 ? velocityFixed
                    : clamp(Math.round(v * velocityScale) + velocityOffset, 1, 127);
        }
        for (int i = 0; i < 128; i++) {
            ccOut[i] = ccMap[i];
            ccValueOut[i] = clamp(Math.round(i * ccScale), 0, 127);
        }
    }

    private static int bit(MessageType t) {
        return 1 << t.ordinal();
    }

    private static int clamp(long v, int low, int high) {
        return (int) Math.max(low, Math.min(high, v));
    }

    /** @return a builder that starts from {@link #NONE} */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder that starts from this transform's settings */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.types = types;
        b.channels = channels;
        b.channelMap = channelMap.clone();
        b.noteLow = noteLow;
        b.noteHigh = noteHigh;
        b.transpose = transpose;
        b.velocityScale = velocityScale;
        b.velocityOffset = velocityOffset;
        b.velocityFixed = velocityFixed;
        b.ccMap = ccMap.clone();
        b.ccScale = ccScale;
        return b;
    }

    /**
     * Transforms one short message. Allocates nothing; safe to call from any number of threads.
     *
     * @param message a short message in WinMM packing: status in bits 0–7, data 1 in bits 8–15,
     *        data 2 in bits 16–23; bits 24–31 are ignored
     * @return the transformed message in the same packing with bits 24–31 clear, or
     *         {@link #DROP} if the transform drops it; a low byte that is not a status byte
     *         (running status) is dropped, since the transform cannot know its type
     */
    public int apply(int message) {
        int status = message & 0xFF;
        if (!passStatus[status]) {
            return DROP;
        }
        if (status >= 0xF0) {
            return message & 0xFFFFFF;
        }
        int channel = channelOut[status & 0x0F];
        if (channel < 0) {
            return DROP;
        }
        int kind = status & 0xF0;
        int data1 = (message >>> 8) & 0x7F;
        int data2 = (message >>> 16) & 0x7F;
        switch (kind) {
            case 0x80:
            case 0xA0: {
                int note = noteOut[data1];
                return note < 0 ? DROP : kind | channel | note << 8 | data2 << 16;
            }
            case 0x90: {
                int note = noteOut[data1];
                return note < 0 ? DROP : kind | channel | note << 8 | velocityOut[data2] << 16;
            }
            case 0xB0:
                return kind | channel | ccOut[data1] << 8
                        | (data1 < FIRST_MODE_CONTROLLER ? ccValueOut[data2] : data2) << 16;
            default:
                return kind | channel | (message & 0xFFFF00);
        }
    }

    /** @return whether system-exclusive messages pass (they are never transformed) */
    public boolean passesSysex() {
        return passStatus[0xF0];
    }

    /**
     * Whether messages with this status pass the type filter. For a channel message the channel
     * filter and note range may still drop it; {@link #apply(int)} decides that.
     *
     * @param status a status byte; any value outside {@code 0x80..0xFF} gives {@code false}
     * @return whether the type of {@code status} passes
     */
    public boolean passesTypeOf(int status) {
        return status >= 0x80 && status <= 0xFF && passStatus[status];
    }

    /**
     * Reads a transform from configuration properties, as a ConfigAdmin factory configuration
     * {@code org.midihost.route} or the shell's {@code midi:connect} options give them. The
     * property names are the {@code PROPERTY_*} constants of this class; other keys (such as
     * {@code service.pid} or a route's endpoints) are ignored. A value may be a String, a Number
     * (Integer, Long, Double, …), an array or a Collection (whose elements are joined with
     * commas), as ConfigAdmin and Felix File Install give them.
     *
     * @param properties the properties, not {@code null}; values may be {@code null} (absent)
     * @return the transform they describe; {@link #NONE} equals what an empty map gives
     * @throws IllegalArgumentException with a one-line message naming the property and value,
     *         if a value is malformed, out of range, or names an unknown message type
     */
    public static Transform fromProperties(Map<String, ?> properties) {
        Objects.requireNonNull(properties, "properties");
        Builder b = builder();
        Object v;
        if ((v = properties.get(PROPERTY_TYPES)) != null) {
            String text = text(PROPERTY_TYPES, v);
            Set<MessageType> set = EnumSet.noneOf(MessageType.class);
            for (String name : items(text)) {
                property(PROPERTY_TYPES, text, () -> set.add(MessageType.ofPropertyName(name)));
            }
            b.types(set);
        }
        if ((v = properties.get(PROPERTY_CHANNELS)) != null) {
            String text = text(PROPERTY_CHANNELS, v);
            List<Integer> list = new ArrayList<>();
            for (String item : items(text)) {
                int[] range = range(PROPERTY_CHANNELS, text, item);
                for (int c = range[0]; c <= range[1]; c++) {
                    list.add(c);
                }
            }
            property(PROPERTY_CHANNELS, text,
                    () -> b.channels(list.stream().mapToInt(Integer::intValue).toArray()));
        }
        if ((v = properties.get(PROPERTY_CHANNEL_MAP)) != null) {
            String text = text(PROPERTY_CHANNEL_MAP, v);
            map(PROPERTY_CHANNEL_MAP, text, b::mapChannel);
        }
        if ((v = properties.get(PROPERTY_NOTES)) != null) {
            String text = text(PROPERTY_NOTES, v).trim();
            int[] range = range(PROPERTY_NOTES, text, text);
            property(PROPERTY_NOTES, text, () -> b.noteRange(range[0], range[1]));
        }
        if ((v = properties.get(PROPERTY_TRANSPOSE)) != null) {
            int n = whole(PROPERTY_TRANSPOSE, v);
            property(PROPERTY_TRANSPOSE, v, () -> b.transpose(n));
        }
        if ((v = properties.get(PROPERTY_VELOCITY_SCALE)) != null) {
            double d = number(PROPERTY_VELOCITY_SCALE, v);
            property(PROPERTY_VELOCITY_SCALE, v, () -> b.velocityScale(d));
        }
        if ((v = properties.get(PROPERTY_VELOCITY_OFFSET)) != null) {
            int n = whole(PROPERTY_VELOCITY_OFFSET, v);
            property(PROPERTY_VELOCITY_OFFSET, v, () -> b.velocityOffset(n));
        }
        if ((v = properties.get(PROPERTY_VELOCITY_FIXED)) != null) {
            int n = whole(PROPERTY_VELOCITY_FIXED, v);
            property(PROPERTY_VELOCITY_FIXED, v, () -> b.velocityFixed(n));
        }
        if ((v = properties.get(PROPERTY_CC_MAP)) != null) {
            String text = text(PROPERTY_CC_MAP, v);
            map(PROPERTY_CC_MAP, text, b::mapController);
        }
        if ((v = properties.get(PROPERTY_CC_SCALE)) != null) {
            double d = number(PROPERTY_CC_SCALE, v);
            property(PROPERTY_CC_SCALE, v, () -> b.controllerScale(d));
        }
        return b.build();
    }

    /**
     * The settings that differ from {@link #NONE} as configuration properties, for persisting:
     * {@link #fromProperties(Map)} reads them into an equal transform. Lists and maps are
     * comma-separated Strings, whole numbers Integers, factors Doubles.
     *
     * @return a new modifiable map in a fixed order; empty for {@link #NONE}
     */
    public Map<String, Object> toProperties() {
        Map<String, Object> p = new LinkedHashMap<>();
        if (types != ALL_TYPES) {
            p.put(PROPERTY_TYPES, typeList());
        }
        if (channels != ALL_CHANNELS) {
            p.put(PROPERTY_CHANNELS, channelList());
        }
        String m = mapList(channelMap, 1);
        if (!m.isEmpty()) {
            p.put(PROPERTY_CHANNEL_MAP, m);
        }
        if (noteLow != 0 || noteHigh != 127) {
            p.put(PROPERTY_NOTES, noteLow + "-" + noteHigh);
        }
        if (transpose != 0) {
            p.put(PROPERTY_TRANSPOSE, transpose);
        }
        if (velocityScale != 1.0) {
            p.put(PROPERTY_VELOCITY_SCALE, velocityScale);
        }
        if (velocityOffset != 0) {
            p.put(PROPERTY_VELOCITY_OFFSET, velocityOffset);
        }
        if (velocityFixed != 0) {
            p.put(PROPERTY_VELOCITY_FIXED, velocityFixed);
        }
        m = mapList(ccMap, 0);
        if (!m.isEmpty()) {
            p.put(PROPERTY_CC_MAP, m);
        }
        if (ccScale != 1.0) {
            p.put(PROPERTY_CC_SCALE, ccScale);
        }
        return p;
    }

    /**
     * @return a short description of the settings that differ from {@link #NONE}, such as
     *         {@code channels 1-9,11-16, transpose +12, velocity ×0.8}, or {@code pass all}
     */
    @Override
    public String toString() {
        StringJoiner s = new StringJoiner(", ");
        if (types != ALL_TYPES) {
            s.add("types " + (types == 0 ? "none" : typeList()));
        }
        if (channels != ALL_CHANNELS) {
            s.add("channels " + (channels == 0 ? "none" : channelList()));
        }
        String m = mapList(channelMap, 1);
        if (!m.isEmpty()) {
            s.add("channel map " + m.replace("=", "→"));
        }
        if (noteLow != 0 || noteHigh != 127) {
            s.add("notes " + noteLow + "-" + noteHigh);
        }
        if (transpose != 0) {
            s.add(String.format(Locale.ROOT, "transpose %+d", transpose));
        }
        if (velocityFixed != 0) {
            s.add("velocity =" + velocityFixed);
        }
        if (velocityScale != 1.0) {
            s.add("velocity ×" + factor(velocityScale));
        }
        if (velocityOffset != 0) {
            s.add(String.format(Locale.ROOT, "velocity %+d", velocityOffset));
        }
        m = mapList(ccMap, 0);
        if (!m.isEmpty()) {
            s.add("cc map " + m.replace("=", "→"));
        }
        if (ccScale != 1.0) {
            s.add("cc ×" + factor(ccScale));
        }
        return s.length() == 0 ? "pass all" : s.toString();
    }

    /** @return whether {@code o} is a transform with the same settings */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Transform)) {
            return false;
        }
        Transform t = (Transform) o;
        return types == t.types && channels == t.channels && Arrays.equals(channelMap, t.channelMap)
                && noteLow == t.noteLow && noteHigh == t.noteHigh && transpose == t.transpose
                && Double.compare(velocityScale, t.velocityScale) == 0 && velocityOffset == t.velocityOffset
                && velocityFixed == t.velocityFixed && Arrays.equals(ccMap, t.ccMap)
                && Double.compare(ccScale, t.ccScale) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(types, channels, Arrays.hashCode(channelMap), noteLow, noteHigh, transpose,
                velocityScale, velocityOffset, velocityFixed, Arrays.hashCode(ccMap), ccScale);
    }

    private String typeList() {
        StringJoiner j = new StringJoiner(",");
        for (MessageType t : MessageType.values()) {
            if ((types & bit(t)) != 0) {
                j.add(t.propertyName());
            }
        }
        return j.toString();
    }

    /** Channels as ranges, {@code 1-9,11-16}. */
    private String channelList() {
        StringJoiner j = new StringJoiner(",");
        for (int c = 0; c < 16; c++) {
            if ((channels & (1 << c)) != 0) {
                int end = c;
                while (end + 1 < 16 && (channels & (1 << (end + 1))) != 0) {
                    end++;
                }
                j.add(end == c ? Integer.toString(c + 1) : (c + 1) + "-" + (end + 1));
                c = end;
            }
        }
        return j.toString();
    }

    /** The entries that are not the identity, {@code 10=1,2=3}; {@code base} 1 for channels. */
    private static String mapList(int[] map, int base) {
        StringJoiner j = new StringJoiner(",");
        for (int i = 0; i < map.length; i++) {
            if (map[i] != i + base) {
                j.add((i + base) + "=" + map[i]);
            }
        }
        return j.toString();
    }

    private static String factor(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    // ---- property parsing

    private static final Pattern RANGE = Pattern.compile("(\\d{1,9})(?:\\s*-\\s*(\\d{1,9}))?");
    private static final Pattern PAIR = Pattern.compile("(\\d{1,9})\\s*=\\s*(\\d{1,9})");
    private static final Pattern WHOLE = Pattern.compile("[+-]?\\d{1,9}");

    /** A property value as text: arrays and collections joined with commas. */
    private static String text(String property, Object v) {
        if (v instanceof String) {
            return (String) v;
        }
        if (v instanceof Number) {
            return v.toString();
        }
        if (v.getClass().isArray()) {
            StringJoiner j = new StringJoiner(",");
            for (int i = 0; i < Array.getLength(v); i++) {
                j.add(String.valueOf(Array.get(v, i)));
            }
            return j.toString();
        }
        if (v instanceof Collection) {
            StringJoiner j = new StringJoiner(",");
            for (Object o : (Collection<?>) v) {
                j.add(String.valueOf(o));
            }
            return j.toString();
        }
        throw new IllegalArgumentException("property " + property + " = " + v + ": a "
                + v.getClass().getSimpleName() + " is not a String, number or array");
    }

    /** The comma-separated items of a list; a blank list has none, a blank item is refused. */
    private static List<String> items(String text) {
        List<String> out = new ArrayList<>();
        if (text.isBlank()) {
            return out;
        }
        for (String item : text.split(",", -1)) {
            out.add(item.trim());
        }
        return out;
    }

    private static int[] range(String property, String text, String item) {
        Matcher m = RANGE.matcher(item);
        if (!m.matches()) {
            throw new IllegalArgumentException("property " + property + " = '" + text + "': '" + item
                    + "' is not a number or a range low-high");
        }
        int low = Integer.parseInt(m.group(1));
        int high = m.group(2) == null ? low : Integer.parseInt(m.group(2));
        if (low > high && !property.equals(PROPERTY_NOTES)) {
            throw new IllegalArgumentException("property " + property + " = '" + text + "': range "
                    + item + ": low is above high");
        }
        return new int[] {low, high};
    }

    private interface Setter {
        void set(int from, int to);
    }

    private static void map(String property, String text, Setter setter) {
        Set<Integer> seen = new HashSet<>();
        for (String item : items(text)) {
            Matcher m = PAIR.matcher(item);
            if (!m.matches()) {
                throw new IllegalArgumentException("property " + property + " = '" + text + "': '" + item
                        + "' is not a pair from=to");
            }
            int from = Integer.parseInt(m.group(1));
            int to = Integer.parseInt(m.group(2));
            if (!seen.add(from)) {
                throw new IllegalArgumentException("property " + property + " = '" + text + "': " + from
                        + " is mapped twice");
            }
            property(property, text, () -> setter.set(from, to));
        }
    }

    private static int whole(String property, Object v) {
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            long n = ((Number) v).longValue();
            if (n == (int) n) {
                return (int) n;
            }
        } else if (v instanceof Number) {
            double d = ((Number) v).doubleValue();
            if (d == Math.rint(d) && Math.abs(d) <= Integer.MAX_VALUE) {
                return (int) d;
            }
        } else {
            String s = text(property, v).trim();
            if (WHOLE.matcher(s).matches()) {
                return Integer.parseInt(s);
            }
        }
        throw new IllegalArgumentException("property " + property + " = '" + text(property, v)
                + "': not a whole number in range");
    }

    private static double number(String property, Object v) {
        if (v instanceof Number) {
            return ((Number) v).doubleValue();
        }
        String s = text(property, v).trim();
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("property " + property + " = '" + s + "': not a number");
        }
    }

    /** Runs a builder step, naming the property and value in the message if it refuses. */
    private static void property(String property, Object value, Runnable step) {
        try {
            step.run();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("property " + property + " = '" + text(property, value)
                    + "': " + e.getMessage(), e);
        }
    }

    /**
     * Collects the settings of a {@link Transform}. Each method checks its argument at once and
     * throws {@link IllegalArgumentException} with a one-line message naming the setting and the
     * value. Not thread-safe; one builder can build any number of transforms.
     */
    public static final class Builder {
        private int types = ALL_TYPES;
        private int channels = ALL_CHANNELS;
        private int[] channelMap = identity(1, 16);
        private int noteLow = 0;
        private int noteHigh = 127;
        private int transpose;
        private double velocityScale = 1.0;
        private int velocityOffset;
        private int velocityFixed;
        private int[] ccMap = identity(0, 128);
        private double ccScale = 1.0;

        private Builder() {
        }

        private static int[] identity(int base, int length) {
            int[] a = new int[length];
            for (int i = 0; i < length; i++) {
                a[i] = i + base;
            }
            return a;
        }

        /**
         * @param pass the message types that pass, not {@code null}; the others are dropped
         * @return this builder
         */
        public Builder types(Collection<MessageType> pass) {
            int t = 0;
            for (MessageType m : pass) {
                t |= bit(Objects.requireNonNull(m, "message type"));
            }
            types = t;
            return this;
        }

        /**
         * @param type a message type, not {@code null}
         * @param pass whether it passes
         * @return this builder
         */
        public Builder pass(MessageType type, boolean pass) {
            int b = bit(Objects.requireNonNull(type, "message type"));
            types = pass ? types | b : types & ~b;
            return this;
        }

        /**
         * @param pass the channels, 1..16, whose channel messages pass; the others are dropped
         *        (none at all drops every channel message)
         * @return this builder
         * @throws IllegalArgumentException if a channel is outside 1..16
         */
        public Builder channels(int... pass) {
            int c = 0;
            for (int ch : pass) {
                c |= 1 << (channel("channel", ch) - 1);
            }
            channels = c;
            return this;
        }

        /**
         * @param from a source channel, 1..16
         * @param to the channel its messages go out on, 1..16
         * @return this builder
         * @throws IllegalArgumentException if a channel is outside 1..16
         */
        public Builder mapChannel(int from, int to) {
            channelMap[channel("channel", from) - 1] = channel("channel", to);
            return this;
        }

        /**
         * A keyboard split: notes outside {@code low..high} (of the source note, before
         * transposition) are dropped, for note on/off and polyphonic pressure.
         *
         * @param low the lowest note that passes, 0..127
         * @param high the highest note that passes, 0..127, not below {@code low}
         * @return this builder
         * @throws IllegalArgumentException if a note is out of range or {@code low > high}
         */
        public Builder noteRange(int low, int high) {
            check("note", low, 0, 127);
            check("note", high, 0, 127);
            if (low > high) {
                throw new IllegalArgumentException("note range " + low + ".." + high + ": low is above high");
            }
            noteLow = low;
            noteHigh = high;
            return this;
        }

        /**
         * @param semitones added to note numbers (note on/off, polyphonic pressure), -127..127; a
         *        note that leaves 0..127 is dropped, with its note-off
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder transpose(int semitones) {
            transpose = check("transpose", semitones, -127, 127);
            return this;
        }

        /**
         * @param factor note-on velocities are multiplied by this and rounded, then clamped to
         *        1..127; a positive finite number, 1.0 for none
         * @return this builder
         * @throws IllegalArgumentException if not a positive finite number
         */
        public Builder velocityScale(double factor) {
            velocityScale = positive("velocity scale", factor);
            return this;
        }

        /**
         * @param offset added to note-on velocities after the scale, then clamped to 1..127;
         *        -127..127, 0 for none
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder velocityOffset(int offset) {
            velocityOffset = check("velocity offset", offset, -127, 127);
            return this;
        }

        /**
         * @param velocity every note-on gets this velocity, 1..127; cannot be combined with a
         *        velocity scale or offset (see {@link #build()})
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder velocityFixed(int velocity) {
            velocityFixed = check("velocity fixed", velocity, 1, 127);
            return this;
        }

        /**
         * @param from a source controller number, 0..127
         * @param to the controller number its control changes go out with, 0..127
         * @return this builder
         * @throws IllegalArgumentException if a number is outside 0..127
         */
        public Builder mapController(int from, int to) {
            ccMap[check("cc", from, 0, 127)] = check("cc", to, 0, 127);
            return this;
        }

        /**
         * @param factor control change values (controllers 0..119; channel mode messages keep
         *        theirs) are multiplied by this and rounded, then clamped to 0..127; a positive
         *        finite number, 1.0 for none
         * @return this builder
         * @throws IllegalArgumentException if not a positive finite number
         */
        public Builder controllerScale(double factor) {
            ccScale = positive("cc scale", factor);
            return this;
        }

        /**
         * @return the transform with these settings
         * @throws IllegalArgumentException if a fixed velocity is combined with a velocity scale
         *         or offset
         */
        public Transform build() {
            if (velocityFixed != 0 && (velocityScale != 1.0 || velocityOffset != 0)) {
                throw new IllegalArgumentException("velocity fixed " + velocityFixed
                        + " cannot be combined with velocity scale or offset");
            }
            return new Transform(this);
        }

        private static int channel(String setting, int ch) {
            return check(setting, ch, 1, 16);
        }

        private static int check(String setting, int value, int low, int high) {
            if (value < low || value > high) {
                throw new IllegalArgumentException(setting + " " + value + " is outside " + low + ".." + high);
            }
            return value;
        }

        private static double positive(String setting, double value) {
            if (!(value > 0) || Double.isInfinite(value)) {
                throw new IllegalArgumentException(setting + " " + value + " is not a positive number");
            }
            return value;
        }
    }
}
