package org.midihost.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.midihost.route.Transform.MessageType;

/**
 * The transform against tables of messages and the messages it must give. Messages are written
 * as their bytes in wire order ({@code 903c64}: note on, channel 1, middle C, velocity 100) and
 * packed the WinMM way for {@link Transform#apply(int)}; {@code drop} is {@link Transform#DROP}.
 */
class TransformTest {

    /** One message of every type, with the type it is. */
    static final Map<String, MessageType> SAMPLES = new java.util.LinkedHashMap<>();

    static {
        SAMPLES.put("803c40", MessageType.NOTES);
        SAMPLES.put("903c64", MessageType.NOTES);
        SAMPLES.put("9f3c00", MessageType.NOTES);
        SAMPLES.put("a03c10", MessageType.POLY_PRESSURE);
        SAMPLES.put("b00764", MessageType.CONTROL_CHANGE);
        SAMPLES.put("bf7b00", MessageType.CONTROL_CHANGE);
        SAMPLES.put("c005", MessageType.PROGRAM_CHANGE);
        SAMPLES.put("d920", MessageType.CHANNEL_PRESSURE);
        SAMPLES.put("e00040", MessageType.PITCH_BEND);
        SAMPLES.put("f0", MessageType.SYSEX);
        SAMPLES.put("f7", MessageType.SYSEX);
        SAMPLES.put("f110", MessageType.SYSTEM_COMMON);
        SAMPLES.put("f20010", MessageType.SYSTEM_COMMON);
        SAMPLES.put("f301", MessageType.SYSTEM_COMMON);
        SAMPLES.put("f6", MessageType.SYSTEM_COMMON);
        SAMPLES.put("f8", MessageType.REALTIME);
        SAMPLES.put("fa", MessageType.REALTIME);
        SAMPLES.put("fc", MessageType.REALTIME);
        SAMPLES.put("ff", MessageType.REALTIME);
        SAMPLES.put("fe", MessageType.ACTIVE_SENSING);
    }

    /** Packs {@code 903c64} as {@code 0x643c90}. */
    static int pack(String hex) {
        byte[] b = HexFormat.of().parseHex(hex);
        int m = 0;
        for (int i = 0; i < b.length; i++) {
            m |= (b[i] & 0xFF) << (8 * i);
        }
        return m;
    }

    /** The inverse of {@link #pack}, for messages: 3 bytes for channel messages, as many as given. */
    static String unpack(int m, int length) {
        if (m == Transform.DROP) {
            return "drop";
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            s.append(String.format("%02x", (m >>> (8 * i)) & 0xFF));
        }
        return s.toString();
    }

    static String run(Transform t, String in) {
        return unpack(t.apply(pack(in)), in.length() / 2);
    }

    @Test
    void noneChangesNothing() {
        for (String in : SAMPLES.keySet()) {
            assertThat(run(Transform.NONE, in)).as(in).isEqualTo(in);
        }
        assertThat(Transform.NONE.apply(pack("9f7f7f"))).isEqualTo(pack("9f7f7f"));
        assertThat(Transform.NONE).isEqualTo(Transform.builder().build()).hasToString("pass all");
        assertThat(Transform.NONE.toProperties()).isEmpty();
        assertThat(Transform.fromProperties(Map.of())).isEqualTo(Transform.NONE);
    }

    @ParameterizedTest
    @EnumSource(MessageType.class)
    void eachTypeFilteredOff(MessageType off) {
        Transform t = Transform.builder().pass(off, false).build();
        for (Map.Entry<String, MessageType> e : SAMPLES.entrySet()) {
            String in = e.getKey();
            assertThat(run(t, in)).as(in).isEqualTo(e.getValue() == off ? "drop" : in);
            assertThat(t.passesTypeOf(pack(in) & 0xFF)).as(in).isEqualTo(e.getValue() != off);
        }
        assertThat(t.passesSysex()).isEqualTo(off != MessageType.SYSEX);
    }

    @ParameterizedTest
    @EnumSource(MessageType.class)
    void eachTypeAlonePasses(MessageType on) {
        Transform t = Transform.builder().types(EnumSet.of(on)).build();
        for (Map.Entry<String, MessageType> e : SAMPLES.entrySet()) {
            String in = e.getKey();
            assertThat(run(t, in)).as(in).isEqualTo(e.getValue() == on ? in : "drop");
        }
    }

    @Test
    void typeOfEveryStatus() {
        assertThat(MessageType.of(0x85)).isEqualTo(MessageType.NOTES);
        assertThat(MessageType.of(0xF4)).isEqualTo(MessageType.SYSTEM_COMMON);
        assertThat(MessageType.of(0xF9)).isEqualTo(MessageType.REALTIME);
        assertThat(MessageType.of(0xFD)).isEqualTo(MessageType.REALTIME);
        assertThatIllegalArgumentException().isThrownBy(() -> MessageType.of(0x7F))
                .withMessage("status 0x7f is outside 0x80..0xff");
        assertThat(Transform.NONE.passesTypeOf(0x3c)).isFalse();
        assertThat(Transform.NONE.passesTypeOf(0x100)).isFalse();
    }

    /** Channels 1-9 and 11-16 pass; 10 is dropped; 2 goes out on 3, 16 on 1. */
    @ParameterizedTest
    @CsvSource({
        "903c64, 903c64",
        "993c64, drop",
        "983c64, 983c64",
        "9a3c64, 9a3c64",
        "913c64, 923c64",
        "b10764, b20764",
        "e17f7f, e27f7f",
        "c105, c205",
        "d105, d205",
        "9f3c64, 903c64",
        "bf7b00, b07b00",
        "c905, drop",
        "f8, f8",
        "fe, fe",
        "f20010, f20010",
        "f30a, f30a",
        "f0, f0",
    })
    void channelFilterAndMap(String in, String out) {
        Transform t = Transform.builder().channels(1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 14, 15, 16)
                .mapChannel(2, 3).mapChannel(16, 1).build();
        assertThat(run(t, in)).isEqualTo(out);
    }

    /** Only channel 10 passes (a drum filter); system messages still pass. */
    @ParameterizedTest
    @CsvSource({"99247f, 99247f", "89247f, 89247f", "903c64, drop", "9f3c64, drop", "b90764, b90764",
        "f8, f8", "fe, fe", "f6, f6"})
    void drumFilter(String in, String out) {
        Transform t = Transform.fromProperties(Map.of("channels", "10"));
        assertThat(run(t, in)).isEqualTo(out);
    }

    /** A split at middle C: the lower transform passes 0-59, the upper 60-127; boundaries 59/60. */
    @ParameterizedTest
    @CsvSource({
        "903b64, 903b64, drop",
        "803b00, 803b00, drop",
        "903c64, drop, 913c64",
        "803c00, drop, 813c00",
        "903c00, drop, 913c00",
        "a03b10, a03b10, drop",
        "a03c10, drop, a13c10",
        "900064, 900064, drop",
        "907f64, drop, 917f64",
        "b00764, b00764, b10764",
        "c005, c005, c105",
        "e00040, e00040, e10040",
    })
    void splitAtMiddleC(String in, String lower, String upper) {
        Transform low = Transform.builder().noteRange(0, 59).build();
        Transform high = Transform.builder().noteRange(60, 127).mapChannel(1, 2).build();
        assertThat(run(low, in)).isEqualTo(lower);
        assertThat(run(high, in)).isEqualTo(upper);
    }

    /** Transposition +12 and -12; a note leaving 0..127 is dropped with its note-off. */
    @ParameterizedTest
    @CsvSource({
        "903c64, 12, 904864",
        "803c40, 12, 804840",
        "903c00, 12, 904800",
        "a03c10, 12, a04810",
        "907364, 12, 907f64",
        "907464, 12, drop",
        "807400, 12, drop",
        "907400, 12, drop",
        "a07410, 12, drop",
        "903c64, -12, 903064",
        "900c64, -12, 900064",
        "900b64, -12, drop",
        "800b00, -12, drop",
        "900b00, -12, drop",
        "907f64, 127, drop",
        "900064, 127, 907f64",
        "907f64, -127, 900064",
        "b03c64, 12, b03c64",
        "f20010, 12, f20010",
    })
    void transpose(String in, int semitones, String out) {
        Transform t = Transform.builder().transpose(semitones).build();
        assertThat(run(t, in)).isEqualTo(out);
    }

    @Test
    void noteRangeIsOnTheSourceNote() {
        Transform t = Transform.builder().noteRange(60, 127).transpose(-12).build();
        assertThat(run(t, "903c64")).isEqualTo("903064");
        assertThat(run(t, "903b64")).isEqualTo("drop");
        assertThat(run(t, "803b00")).isEqualTo("drop");
    }

    /**
     * Velocity settings by property; note-on velocity 0 stays a note-off, note-off velocities
     * are untouched, and a note-on never becomes velocity 0.
     */
    @ParameterizedTest
    @CsvSource({
        "velocity.scale, 0.5, 903c64, 903c32",
        "velocity.scale, 0.5, 903c01, 903c01",
        "velocity.scale, 0.01, 903c7f, 903c01",
        "velocity.scale, 0.5, 903c00, 903c00",
        "velocity.scale, 0.5, 803c64, 803c64",
        "velocity.scale, 2.0, 903c40, 903c7f",
        "velocity.scale, 2.0, 903c3f, 903c7e",
        "velocity.scale, 0.8, 903c64, 903c50",
        "velocity.offset, -50, 903c64, 903c32",
        "velocity.offset, -50, 903c10, 903c01",
        "velocity.offset, -50, 903c00, 903c00",
        "velocity.offset, -50, 803c7f, 803c7f",
        "velocity.offset, 50, 903c64, 903c7f",
        "velocity.offset, 127, 903c01, 903c7f",
        "velocity.fixed, 100, 903c01, 903c64",
        "velocity.fixed, 100, 903c7f, 903c64",
        "velocity.fixed, 100, 903c00, 903c00",
        "velocity.fixed, 100, 803c20, 803c20",
        "velocity.fixed, 1, 903c7f, 903c01",
        "velocity.scale, 0.5, a03c64, a03c64",
        "velocity.scale, 0.5, b03c64, b03c64",
    })
    void velocity(String property, String value, String in, String out) {
        Transform t = Transform.fromProperties(Map.of(property, value));
        assertThat(run(t, in)).isEqualTo(out);
    }

    @Test
    void velocityScaleThenOffset() {
        Transform t = Transform.builder().velocityScale(0.5).velocityOffset(64).build();
        assertThat(run(t, "903c00")).isEqualTo("903c00");
        assertThat(run(t, "903c01")).isEqualTo("903c41");
        assertThat(run(t, "903c7f")).isEqualTo("903c7f");
        assertThat(t).hasToString("velocity ×0.5, velocity +64");
    }

    /** Controller 1 goes out as 11, 7 stays 7, values halved (rounded); mode messages untouched. */
    @ParameterizedTest
    @CsvSource({
        "b00164, b00b32",
        "b0017f, b00b40",
        "b00100, b00b00",
        "b00764, b00732",
        "b04001, b04001",
        "b07b00, b07b00",
        "b07a7f, b07a7f",
        "b0777f, b07740",
        "903c64, 903c64",
        "e0017f, e0017f",
    })
    void controllerMapAndScale(String in, String out) {
        Transform t = Transform.fromProperties(Map.of("cc.map", "1=11,7=7", "cc.scale", "0.5"));
        assertThat(run(t, in)).isEqualTo(out);
    }

    @Test
    void controllerScaleClampsAt127() {
        Transform t = Transform.builder().controllerScale(3).build();
        assertThat(run(t, "b00764")).isEqualTo("b0077f");
        assertThat(run(t, "b00710")).isEqualTo("b00730");
    }

    @Test
    void systemMessagesUntouchedByChannelSettings() {
        Transform t = Transform.builder().channels(2).mapChannel(1, 2).noteRange(10, 20).transpose(5)
                .velocityFixed(3).mapController(0, 1).controllerScale(0.1).build();
        for (Map.Entry<String, MessageType> e : SAMPLES.entrySet()) {
            if ((pack(e.getKey()) & 0xFF) >= 0xF0) {
                assertThat(run(t, e.getKey())).isEqualTo(e.getKey());
            }
        }
    }

    @Test
    void allStepsInOrder() {
        Transform t = Transform.builder().types(EnumSet.of(MessageType.NOTES, MessageType.CONTROL_CHANGE))
                .channels(1).noteRange(60, 71).transpose(12).velocityFixed(90).mapController(1, 2)
                .controllerScale(2).mapChannel(1, 16).build();
        assertThat(run(t, "903c10")).isEqualTo("9f485a");
        assertThat(run(t, "803c10")).isEqualTo("8f4810");
        assertThat(run(t, "904864")).isEqualTo("drop");
        assertThat(run(t, "913c10")).isEqualTo("drop");
        assertThat(run(t, "b00110")).isEqualTo("bf0220");
        assertThat(run(t, "e00040")).isEqualTo("drop");
    }

    @Test
    void highByteClearedAndRunningStatusDropped() {
        assertThat(Transform.NONE.apply(0xFFFFFFFF)).isEqualTo(0xFFFFFF);
        assertThat(Transform.NONE.apply(0x12643c90)).isEqualTo(0x643c90);
        assertThat(Transform.NONE.apply(0x00643c)).isEqualTo(Transform.DROP);
        assertThat(Transform.builder().transpose(1).build().apply(0xFFFF3C9F)).isEqualTo(0x7F3D9F);
    }

    static Stream<Arguments> invalidSettings() {
        return Stream.of(
                Arguments.of((Runnable) () -> Transform.builder().channels(17), "channel 17 is outside 1..16"),
                Arguments.of((Runnable) () -> Transform.builder().channels(0), "channel 0 is outside 1..16"),
                Arguments.of((Runnable) () -> Transform.builder().mapChannel(1, 17), "channel 17 is outside 1..16"),
                Arguments.of((Runnable) () -> Transform.builder().mapChannel(-1, 1), "channel -1 is outside 1..16"),
                Arguments.of((Runnable) () -> Transform.builder().noteRange(80, 20),
                        "note range 80..20: low is above high"),
                Arguments.of((Runnable) () -> Transform.builder().noteRange(0, 128), "note 128 is outside 0..127"),
                Arguments.of((Runnable) () -> Transform.builder().transpose(200), "transpose 200 is outside -127..127"),
                Arguments.of((Runnable) () -> Transform.builder().transpose(-128),
                        "transpose -128 is outside -127..127"),
                Arguments.of((Runnable) () -> Transform.builder().velocityScale(-1),
                        "velocity scale -1.0 is not a positive number"),
                Arguments.of((Runnable) () -> Transform.builder().velocityScale(0),
                        "velocity scale 0.0 is not a positive number"),
                Arguments.of((Runnable) () -> Transform.builder().velocityScale(Double.NaN),
                        "velocity scale NaN is not a positive number"),
                Arguments.of((Runnable) () -> Transform.builder().velocityScale(Double.POSITIVE_INFINITY),
                        "velocity scale Infinity is not a positive number"),
                Arguments.of((Runnable) () -> Transform.builder().velocityOffset(128),
                        "velocity offset 128 is outside -127..127"),
                Arguments.of((Runnable) () -> Transform.builder().velocityFixed(0),
                        "velocity fixed 0 is outside 1..127"),
                Arguments.of((Runnable) () -> Transform.builder().velocityFixed(128),
                        "velocity fixed 128 is outside 1..127"),
                Arguments.of((Runnable) () -> Transform.builder().velocityFixed(100).velocityScale(0.5).build(),
                        "velocity fixed 100 cannot be combined with velocity scale or offset"),
                Arguments.of((Runnable) () -> Transform.builder().velocityOffset(3).velocityFixed(100).build(),
                        "velocity fixed 100 cannot be combined with velocity scale or offset"),
                Arguments.of((Runnable) () -> Transform.builder().mapController(128, 1), "cc 128 is outside 0..127"),
                Arguments.of((Runnable) () -> Transform.builder().mapController(1, -1), "cc -1 is outside 0..127"),
                Arguments.of((Runnable) () -> Transform.builder().controllerScale(-0.5),
                        "cc scale -0.5 is not a positive number"));
    }

    @ParameterizedTest
    @MethodSource("invalidSettings")
    void builderRefuses(Runnable setting, String message) {
        assertThatIllegalArgumentException().isThrownBy(setting::run).withMessage(message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "types | notes,foo | property types = 'notes,foo': unknown message type 'foo' (known: notes,polypressure,cc,"
                + "program,channelpressure,pitchbend,sysex,realtime,activesensing,common)",
        "types | notes,,cc | property types = 'notes,,cc': unknown message type '' (known: notes,polypressure,cc,"
                + "program,channelpressure,pitchbend,sysex,realtime,activesensing,common)",
        "channels | 1-17 | property channels = '1-17': channel 17 is outside 1..16",
        "channels | 0 | property channels = '0': channel 0 is outside 1..16",
        "channels | 9-1 | property channels = '9-1': range 9-1: low is above high",
        "channels | 1,x | property channels = '1,x': 'x' is not a number or a range low-high",
        "channels | -3 | property channels = '-3': '-3' is not a number or a range low-high",
        "channel.map | 10=17 | property channel.map = '10=17': channel 17 is outside 1..16",
        "channel.map | 10-1 | property channel.map = '10-1': '10-1' is not a pair from=to",
        "channel.map | 2=3,2=4 | property channel.map = '2=3,2=4': 2 is mapped twice",
        "notes | 80-20 | property notes = '80-20': note range 80..20: low is above high",
        "notes | 0-128 | property notes = '0-128': note 128 is outside 0..127",
        "notes | C4 | property notes = 'C4': 'C4' is not a number or a range low-high",
        "transpose | 200 | property transpose = '200': transpose 200 is outside -127..127",
        "transpose | +1x | property transpose = '+1x': not a whole number in range",
        "transpose | 1.5 | property transpose = '1.5': not a whole number in range",
        "velocity.scale | -1 | property velocity.scale = '-1': velocity scale -1.0 is not a positive number",
        "velocity.scale | fast | property velocity.scale = 'fast': not a number",
        "velocity.offset | -200 | property velocity.offset = '-200': velocity offset -200 is outside -127..127",
        "velocity.fixed | 0 | property velocity.fixed = '0': velocity fixed 0 is outside 1..127",
        "cc.map | 1=128 | property cc.map = '1=128': cc 128 is outside 0..127",
        "cc.map | 1 | property cc.map = '1': '1' is not a pair from=to",
        "cc.scale | 0 | property cc.scale = '0': cc scale 0.0 is not a positive number",
    })
    void propertiesRefused(String property, String value, String message) {
        assertThatIllegalArgumentException().isThrownBy(() -> Transform.fromProperties(Map.of(property, value)))
                .withMessage(message);
    }

    @Test
    void propertiesRefuseOtherValueTypesAndHugeNumbers() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Transform.fromProperties(Map.of("transpose", Boolean.TRUE)))
                .withMessage("property transpose = true: a Boolean is not a String, number or array");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Transform.fromProperties(Map.of("transpose", 5_000_000_000L)))
                .withMessage("property transpose = '5000000000': not a whole number in range");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Transform.fromProperties(Map.of("velocity.fixed", 100, "velocity.offset", 1)))
                .withMessage("velocity fixed 100 cannot be combined with velocity scale or offset");
    }

    @Test
    void valuesAsStringIntegerLongDoubleAndArrays() {
        Transform expected = Transform.builder().channels(1, 2, 3, 10).transpose(12).velocityOffset(-5)
                .velocityScale(2).mapChannel(10, 1).noteRange(0, 59)
                .types(EnumSet.of(MessageType.NOTES, MessageType.CONTROL_CHANGE)).build();
        Map<String, Object> strings = Map.of("channels", "1-3, 10", "transpose", "+12", "velocity.offset", "-5",
                "velocity.scale", "2", "channel.map", "10=1", "notes", "0-59", "types", "notes, CC");
        Map<String, Object> numbers = Map.of("channels", new String[] {"1-3", "10"}, "transpose", 12,
                "velocity.offset", -5L, "velocity.scale", 2.0, "channel.map", new String[] {"10=1"},
                "notes", "0-59", "types", new String[] {"notes", "cc"});
        Map<String, Object> more = Map.of("channels", new Integer[] {1, 2, 3, 10}, "transpose", 12L,
                "velocity.offset", -5.0, "velocity.scale", 2, "channel.map", List.of("10=1"),
                "notes", new String[] {"0-59"}, "types", List.of("notes", "cc"));
        assertThat(Transform.fromProperties(strings)).isEqualTo(expected);
        assertThat(Transform.fromProperties(numbers)).isEqualTo(expected);
        assertThat(Transform.fromProperties(more)).isEqualTo(expected);
    }

    @Test
    void emptyListsMeanNoneAndOtherKeysAreIgnored() {
        Map<String, Object> p = new HashMap<>();
        p.put("types", "");
        p.put("channels", new String[0]);
        p.put("service.pid", "org.midihost.route.1234");
        p.put("transpose", null);
        Transform t = Transform.fromProperties(p);
        assertThat(t.apply(pack("903c64"))).isEqualTo(Transform.DROP);
        assertThat(t.apply(pack("f8"))).isEqualTo(Transform.DROP);
        assertThat(t).hasToString("types none, channels none");
        assertThat(Transform.fromProperties(t.toProperties())).isEqualTo(t);
        Transform noChannels = Transform.builder().channels().build();
        assertThat(run(noChannels, "903c64")).isEqualTo("drop");
        assertThat(run(noChannels, "f8")).isEqualTo("f8");
    }

    static Stream<Transform> transforms() {
        return Stream.of(
                Transform.NONE,
                Transform.builder().channels(1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 14, 15, 16).build(),
                Transform.builder().channels(10).build(),
                Transform.builder().channels(1, 3, 5, 16).mapChannel(10, 1).mapChannel(2, 3).build(),
                Transform.builder().noteRange(60, 127).transpose(12).mapChannel(1, 2).build(),
                Transform.builder().noteRange(0, 59).transpose(-127).velocityScale(0.8).velocityOffset(-3).build(),
                Transform.builder().velocityFixed(127).build(),
                Transform.builder().velocityScale(1.0 / 3).build(),
                Transform.builder().mapController(1, 11).mapController(127, 0).controllerScale(0.7).build(),
                Transform.builder().types(EnumSet.of(MessageType.SYSEX, MessageType.ACTIVE_SENSING)).build(),
                Transform.builder().types(EnumSet.noneOf(MessageType.class)).channels().build(),
                Transform.builder().pass(MessageType.REALTIME, false).pass(MessageType.ACTIVE_SENSING, false)
                        .noteRange(42, 42).build());
    }

    @ParameterizedTest
    @MethodSource("transforms")
    void propertiesRoundTrip(Transform t) {
        Map<String, Object> p = t.toProperties();
        Transform back = Transform.fromProperties(p);
        assertThat(back).isEqualTo(t).hasSameHashCodeAs(t).hasToString(t.toString());
        assertThat(t.toBuilder().build()).isEqualTo(t);
        for (int s = 0x80; s <= 0xFF; s++) {
            for (int d = 0; d < 128; d += 7) {
                int m = s | d << 8 | (127 - d) << 16;
                assertThat(back.apply(m)).isEqualTo(t.apply(m));
            }
        }
    }

    @Test
    void propertiesAndDescription() {
        Transform t = Transform.builder().channels(1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 14, 15, 16)
                .transpose(12).velocityScale(0.8).build();
        assertThat(t).hasToString("channels 1-9,11-16, transpose +12, velocity ×0.8");
        assertThat(t.toProperties()).containsExactly(Map.entry("channels", "1-9,11-16"),
                Map.entry("transpose", 12), Map.entry("velocity.scale", 0.8));
        Transform u = Transform.builder().types(EnumSet.of(MessageType.NOTES, MessageType.PITCH_BEND))
                .mapChannel(10, 1).noteRange(0, 59).transpose(-2).velocityFixed(64).mapController(1, 11)
                .controllerScale(2).build();
        assertThat(u).hasToString("types notes,pitchbend, channel map 10→1, notes 0-59, transpose -2, "
                + "velocity =64, cc map 1→11, cc ×2");
        assertThat(u.toProperties()).containsExactly(Map.entry("types", "notes,pitchbend"),
                Map.entry("channel.map", "10=1"), Map.entry("notes", "0-59"), Map.entry("transpose", -2),
                Map.entry("velocity.fixed", 64), Map.entry("cc.map", "1=11"), Map.entry("cc.scale", 2.0));
    }

    @Test
    void equalsAndHashCode() {
        Transform a = Transform.builder().transpose(12).build();
        assertThat(a).isEqualTo(Transform.builder().transpose(12).build())
                .hasSameHashCodeAs(Transform.builder().transpose(12).build())
                .isNotEqualTo(Transform.builder().transpose(11).build())
                .isNotEqualTo(Transform.NONE)
                .isNotEqualTo("transpose +12");
        assertThat(Transform.builder().mapChannel(3, 3).mapController(5, 5).velocityScale(1).build())
                .isEqualTo(Transform.NONE);
        assertThat(Transform.builder().channels(1).build()).isNotEqualTo(Transform.builder().channels(2).build());
        assertThat(Transform.builder().controllerScale(0.5).build())
                .isNotEqualTo(Transform.builder().velocityScale(0.5).build());
    }

    @Test
    void builderCanBuildAgainWithoutChangingEarlierTransforms() {
        Transform.Builder b = Transform.builder().transpose(1);
        Transform first = b.build();
        b.transpose(2).mapChannel(1, 2);
        assertThat(run(first, "903c64")).isEqualTo("903d64");
        assertThat(run(b.build(), "903c64")).isEqualTo("913e64");
    }

    @Test
    void applyAllocatesNothing() {
        assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean,
                "this JVM does not count allocated bytes per thread");
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(mx.isThreadAllocatedMemorySupported() && mx.isThreadAllocatedMemoryEnabled(),
                "allocated-bytes counting is off");
        Transform t = Transform.builder().channels(1, 2, 3, 10).mapChannel(10, 1).noteRange(20, 100).transpose(7)
                .velocityScale(0.9).velocityOffset(3).mapController(1, 11).controllerScale(0.5).build();
        int[] messages = new int[256];
        for (int i = 0; i < messages.length; i++) {
            messages[i] = 0x80 | i >> 1 | (i * 37 & 0x7F) << 8 | (i * 11 & 0x7F) << 16;
        }
        long sink = spin(t, messages, 200_000); // warm up: compile apply and the loop
        long thread = Thread.currentThread().getId();
        mx.getThreadAllocatedBytes(thread); // the first call may allocate itself
        // A one-off allocation elsewhere on this thread (JIT, class loading) can fall into one
        // round; apply allocating anything would show in every round, at 1,000,000 × 16 bytes.
        long least = Long.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            long before = mx.getThreadAllocatedBytes(thread);
            sink += spin(t, messages, 1_000_000);
            least = Math.min(least, mx.getThreadAllocatedBytes(thread) - before);
        }
        assertThat(sink).isNotZero();
        assertThat(least).as("bytes allocated by 1,000,000 calls (least of 5 rounds)").isLessThan(1024);
    }

    private static long spin(Transform t, int[] messages, int calls) {
        long sum = 0;
        for (int i = 0; i < calls; i++) {
            sum += t.apply(messages[i & 0xFF]);
        }
        return sum;
    }

    @Test
    void statusesOfSamplesCoverEveryType() {
        List<MessageType> seen = new ArrayList<>(SAMPLES.values());
        assertThat(seen).containsAll(EnumSet.allOf(MessageType.class));
        for (Map.Entry<String, MessageType> e : SAMPLES.entrySet()) {
            assertThat(MessageType.of(pack(e.getKey()) & 0xFF)).as(e.getKey()).isEqualTo(e.getValue());
        }
    }
}
