package org.midihost.stream.text;

/**
 * Decodes MIDI messages into words, for people: {@code note on ch 1 C4 vel 100},
 * {@code control change ch 1 cc 7 (volume) value 100}, {@code pitch bend ch 1 -8192}, … Channels
 * count from 1, as on a synthesizer's display; note 60 is {@code C4}. What {@code midi:monitor}
 * prints and what the web page's traffic view shows (one decoder for both). Stateless; every
 * method may be called from any thread.
 */
public final class MessageText {
    private static final String[] NOTE_NAMES = { "C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B" };

    private MessageText() {
    }

    /**
     * @param message a short message in WinMM packing (status in the low byte)
     * @return the message in words
     */
    public static String shortMessage(int message) {
        int status = message & 0xFF;
        int d1 = message >>> 8 & 0x7F;
        int d2 = message >>> 16 & 0x7F;
        if (status < 0xF0) {
            int ch = (status & 0x0F) + 1;
            return switch (status & 0xF0) {
                case 0x80 -> "note off ch " + ch + " " + noteName(d1) + " vel " + d2;
                case 0x90 -> "note on ch " + ch + " " + noteName(d1) + " vel " + d2;
                case 0xA0 -> "poly pressure ch " + ch + " " + noteName(d1) + " value " + d2;
                case 0xB0 -> "control change ch " + ch + " cc " + d1 + " (" + controllerName(d1) + ") value " + d2;
                case 0xC0 -> "program change ch " + ch + " program " + d1;
                case 0xD0 -> "channel pressure ch " + ch + " value " + d1;
                case 0xE0 -> "pitch bend ch " + ch + " " + signed((d2 << 7 | d1) - 8192);
                default -> "data " + hex(message, 3);
            };
        }
        return switch (status) {
            case 0xF1 -> "time code quarter frame " + (d1 >> 4) + ":" + (d1 & 0x0F);
            case 0xF2 -> "song position " + (d2 << 7 | d1);
            case 0xF3 -> "song select " + d1;
            case 0xF6 -> "tune request";
            case 0xF8 -> "clock";
            case 0xFA -> "start";
            case 0xFB -> "continue";
            case 0xFC -> "stop";
            case 0xFE -> "active sensing";
            case 0xFF -> "system reset";
            default -> "undefined " + hex(message, 1);
        };
    }

    /**
     * @param data the buffer
     * @param length the bytes in it, at most {@code data.length}
     * @return {@code sysex F0 … F7 (n bytes)}
     */
    public static String sysex(byte[] data, int length) {
        return "sysex " + hex(data, 0, length) + " (" + length + " bytes)";
    }

    /**
     * The message's kind as one word, for a program that filters or colours by it: {@code NoteOff},
     * {@code NoteOn}, {@code PolyPressure}, {@code ControlChange}, {@code ProgramChange},
     * {@code ChannelPressure}, {@code PitchBend}, {@code SysEx} (0xF0), {@code TimeCode},
     * {@code SongPosition}, {@code SongSelect}, {@code TuneRequest}, {@code Clock}, {@code Start},
     * {@code Continue}, {@code Stop}, {@code ActiveSensing}, {@code SystemReset}; {@code Undefined}
     * for 0xF4, 0xF5, 0xF7, 0xF9, 0xFD and {@code Data} for a byte below 0x80.
     *
     * @param status the status byte, 0..255 (higher bits are ignored)
     * @return the kind
     */
    public static String type(int status) {
        int s = status & 0xFF;
        if (s < 0x80) {
            return "Data";
        }
        if (s < 0xF0) {
            return switch (s & 0xF0) {
                case 0x80 -> "NoteOff";
                case 0x90 -> "NoteOn";
                case 0xA0 -> "PolyPressure";
                case 0xB0 -> "ControlChange";
                case 0xC0 -> "ProgramChange";
                case 0xD0 -> "ChannelPressure";
                default -> "PitchBend";
            };
        }
        return switch (s) {
            case 0xF0 -> "SysEx";
            case 0xF1 -> "TimeCode";
            case 0xF2 -> "SongPosition";
            case 0xF3 -> "SongSelect";
            case 0xF6 -> "TuneRequest";
            case 0xF8 -> "Clock";
            case 0xFA -> "Start";
            case 0xFB -> "Continue";
            case 0xFC -> "Stop";
            case 0xFE -> "ActiveSensing";
            case 0xFF -> "SystemReset";
            default -> "Undefined";
        };
    }

    /**
     * @param bytes the bytes
     * @param from the first index
     * @param to the index after the last
     * @return the bytes in upper-case hex, separated by spaces: {@code 90 3C 64}
     */
    public static String hex(byte[] bytes, int from, int to) {
        StringBuilder sb = new StringBuilder(Math.max(0, to - from) * 3);
        for (int i = from; i < to; i++) {
            if (i > from) {
                sb.append(' ');
            }
            sb.append(HEX[bytes[i] >> 4 & 0x0F]).append(HEX[bytes[i] & 0x0F]);
        }
        return sb.toString();
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /**
     * @param note a MIDI note number 0..127
     * @return its name, {@code C4} for 60
     */
    public static String noteName(int note) {
        return NOTE_NAMES[note % 12] + (note / 12 - 1);
    }

    /**
     * @param controller a controller number 0..127
     * @return its name from the MIDI 1.0 controller table, or {@code "undefined"}
     */
    public static String controllerName(int controller) {
        return switch (controller) {
            case 0 -> "bank select";
            case 1 -> "modulation";
            case 2 -> "breath";
            case 4 -> "foot";
            case 5 -> "portamento time";
            case 6 -> "data entry";
            case 7 -> "volume";
            case 8 -> "balance";
            case 10 -> "pan";
            case 11 -> "expression";
            case 32 -> "bank select lsb";
            case 64 -> "sustain";
            case 65 -> "portamento";
            case 66 -> "sostenuto";
            case 67 -> "soft pedal";
            case 71 -> "resonance";
            case 72 -> "release time";
            case 73 -> "attack time";
            case 74 -> "cutoff";
            case 91 -> "reverb";
            case 93 -> "chorus";
            case 98 -> "nrpn lsb";
            case 99 -> "nrpn msb";
            case 100 -> "rpn lsb";
            case 101 -> "rpn msb";
            case 120 -> "all sound off";
            case 121 -> "reset all controllers";
            case 122 -> "local control";
            case 123 -> "all notes off";
            case 124 -> "omni off";
            case 125 -> "omni on";
            case 126 -> "mono on";
            case 127 -> "poly on";
            default -> controller >= 33 && controller <= 63 ? "lsb of cc " + (controller - 32) : "undefined";
        };
    }

    /**
     * @param message a packed short message (status in the low byte)
     * @param n how many bytes, 1..4
     * @return the first {@code n} bytes of the message in hex, status first: {@code 90 3C 64}
     */
    public static String hex(int message, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(String.format("%02X", message >>> (8 * i) & 0xFF));
        }
        return sb.toString();
    }

    private static String signed(int v) {
        return v > 0 ? "+" + v : Integer.toString(v);
    }
}
