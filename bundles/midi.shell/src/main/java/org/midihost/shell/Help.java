package org.midihost.shell;

import java.util.List;

/**
 * The usage of every {@code midi:} command in one place: the one-line descriptions are constants
 * so that each command's {@code @Descriptor} (what Gogo's and Karaf's {@code help} show) and the
 * {@link CommandList overview} are the same text.
 */
final class Help {
    static final String DEVICES = "list the MIDI outputs (the mapper as -1) and inputs: id, endpoint id, name, technology, driver, clients";
    static final String CAPS = "show every caps field of an output (or, with -i, an input)";
    static final String DRIVERS = "list the MIDI driver bundles: state, driver id, order, outputs and inputs";
    static final String SEND = "send MIDI bytes to an output: hex (90 3C 64) or decimal (--dec), several messages at once";
    static final String MONITOR = "print the messages arriving at an input, time-stamped and decoded";
    static final String RESET = "reset an output: all notes off on every channel";
    static final String VOLUME = "show or set an output's volume (a synth's): 0..65535 or a percentage, left and right";
    static final String LIST = "list the midi: commands";

    /** What {@code help midi} prints in plain Felix Gogo (as the descriptor of {@code midi:midi}). */
    static final String OVERVIEW = LIST + "; COMMAND --help shows one's usage"
            + "\n   midi:devices   " + DEVICES
            + "\n   midi:caps      " + CAPS
            + "\n   midi:drivers   " + DRIVERS
            + "\n   midi:send      " + SEND
            + "\n   midi:monitor   " + MONITOR
            + "\n   midi:reset     " + RESET
            + "\n   midi:volume    " + VOLUME;

    /** The operand that names a device, in every command that takes one. */
    private static final String[] ID = { "ID", "a device id (0, 1, ...; -1 is the MIDI mapper) or an endpoint id (loopback/0)" };

    static final Usage DEVICES_USAGE = new Usage("midi:devices", "midi:devices", DEVICES, List.of(), List.of());
    static final Usage CAPS_USAGE = new Usage("midi:caps", "midi:caps [-i] ID", CAPS,
            List.of(new Usage.Option("-i", "--input", null, "the id is an input's")), List.<String[]>of(ID));
    static final Usage DRIVERS_USAGE = new Usage("midi:drivers", "midi:drivers", DRIVERS, List.of(), List.of());
    static final Usage SEND_USAGE = new Usage("midi:send", "midi:send [--dec] ID BYTES...", SEND,
            List.of(new Usage.Option("-d", "--dec", null, "the bytes are decimal (144 60 100), not hex")),
            List.of(ID, new String[] { "BYTES...", "hex bytes (90 3C 64, 0x90, 903C64): short messages, running status, F0 ... F7" }));
    static final Usage MONITOR_USAGE = new Usage("midi:monitor", "midi:monitor ID [--count N] [--timeout S] [{ COMMANDS }]",
            MONITOR,
            List.of(new Usage.Option("-n", "--count", "N", "stop after N messages (0: no limit)"),
                    new Usage.Option("-t", "--timeout", "S", "stop after S seconds, e.g. 0.5 (0: no limit)")),
            List.of(ID, new String[] { "{ COMMANDS }", "commands to run once the input listens (they may send to it)" }));
    static final Usage RESET_USAGE = new Usage("midi:reset", "midi:reset ID", RESET, List.of(), List.<String[]>of(ID));
    static final Usage VOLUME_USAGE = new Usage("midi:volume", "midi:volume ID [LEFT [RIGHT]]", VOLUME, List.of(),
            List.of(ID, new String[] { "LEFT", "the volume to set: 0..65535 (0xFFFF is full) or a percentage, 50%" },
                    new String[] { "RIGHT", "the right channel's, if it differs (devices with lrvolume); else LEFT" }));
    static final Usage LIST_USAGE = new Usage("midi:midi", "midi:midi (or: help midi)", LIST, List.of(), List.of());

    private Help() {
    }
}
