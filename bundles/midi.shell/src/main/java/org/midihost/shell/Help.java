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
    static final String MONITOR = "print the messages arriving at an input (-o: sent to an output), time-stamped and decoded";
    static final String RESET = "reset an output: all notes off on every channel";
    static final String VOLUME = "show or set an output's volume (a synth's): 0..65535 or a percentage, left and right";
    static final String PLAY = "play a Standard MIDI File on an output (default: the MIDI mapper), showing the position";
    static final String STOP = "stop the files that midi:play is playing";
    static final String RECORD = "record an input to a Standard MIDI File (type 1) until ^C, S seconds or the input going away";
    static final String RENDER = "render a Standard MIDI File through the synthesizer into a WAV file, as fast as the machine can";
    static final String CONNECT = "make a standing route from an input to outputs, with filters and transforms; it waits while an end is gone";
    static final String DISCONNECT = "remove a standing route";
    static final String ROUTES = "list the routes: ends, state (active, or waiting for an endpoint), messages passed, filtered, dropped";
    static final String LIST = "list the midi: commands";

    /** What {@code help midi} prints in plain Felix Gogo (as the descriptor of {@code midi:midi}). */
    static final String OVERVIEW = LIST + "; COMMAND --help shows one's usage"
            + "\n   midi:devices   " + DEVICES
            + "\n   midi:caps      " + CAPS
            + "\n   midi:drivers   " + DRIVERS
            + "\n   midi:send      " + SEND
            + "\n   midi:monitor   " + MONITOR
            + "\n   midi:reset     " + RESET
            + "\n   midi:volume    " + VOLUME
            + "\n   midi:play      " + PLAY
            + "\n   midi:stop      " + STOP
            + "\n   midi:record    " + RECORD
            + "\n   midi:render    " + RENDER
            + "\n   midi:connect   " + CONNECT
            + "\n   midi:disconnect " + DISCONNECT
            + "\n   midi:routes    " + ROUTES;

    /** The operand that names a device, in every command that takes one. */
    private static final String[] ID = { "ID", "a device id (0, 1, ...; -1 is the MIDI mapper) or an endpoint id (loopback/0)" };

    static final Usage DEVICES_USAGE = new Usage("midi:devices", "midi:devices", DEVICES, List.of(), List.of());
    static final Usage CAPS_USAGE = new Usage("midi:caps", "midi:caps [-i] ID", CAPS,
            List.of(new Usage.Option("-i", "--input", null, "the id is an input's")), List.<String[]>of(ID));
    static final Usage DRIVERS_USAGE = new Usage("midi:drivers", "midi:drivers", DRIVERS, List.of(), List.of());
    static final Usage SEND_USAGE = new Usage("midi:send", "midi:send [--dec] ID BYTES...", SEND,
            List.of(new Usage.Option("-d", "--dec", null, "the bytes are decimal (144 60 100), not hex")),
            List.of(ID, new String[] { "BYTES...", "hex bytes (90 3C 64, 0x90, 903C64): short messages, running status, F0 ... F7" }));
    static final Usage MONITOR_USAGE = new Usage("midi:monitor", "midi:monitor [-o] ID [--count N] [--timeout S] [{ COMMANDS }]",
            MONITOR,
            List.of(new Usage.Option("-o", "--out", null,
                            "the id is an output's: print what every client sends to it (a spy: the output is not opened, -1 is refused)"),
                    new Usage.Option("-n", "--count", "N", "stop after N messages (0: no limit)"),
                    new Usage.Option("-t", "--timeout", "S", "stop after S seconds, e.g. 0.5 (0: no limit)")),
            List.of(ID, new String[] { "{ COMMANDS }", "commands to run once the input listens (they may send to it)" }));
    static final Usage RESET_USAGE = new Usage("midi:reset", "midi:reset ID", RESET, List.of(), List.<String[]>of(ID));
    static final Usage VOLUME_USAGE = new Usage("midi:volume", "midi:volume ID [LEFT [RIGHT]]", VOLUME, List.of(),
            List.of(ID, new String[] { "LEFT", "the volume to set: 0..65535 (0xFFFF is full) or a percentage, 50%" },
                    new String[] { "RIGHT", "the right channel's, if it differs (devices with lrvolume); else LEFT" }));
    static final Usage PLAY_USAGE = new Usage("midi:play", "midi:play [-d ID] FILE", PLAY,
            List.of(new Usage.Option("-d", "--device", "ID", "the output: a device id or endpoint id (default -1, the MIDI mapper)")),
            List.<String[]>of(new String[] { "FILE", "a Standard MIDI File (.mid, type 0, 1 or 2)" }));
    static final Usage STOP_USAGE = new Usage("midi:stop", "midi:stop", STOP, List.of(), List.of());
    static final Usage RECORD_USAGE = new Usage("midi:record", "midi:record ID FILE [--seconds S] [{ COMMANDS }]", RECORD,
            List.of(new Usage.Option("-s", "--seconds", "S", "stop after S seconds, e.g. 2.5 (0: until ^C or the input goes)")),
            List.of(new String[] { "ID", "an input: a device id (0, 1, ...) or an endpoint id (loopback/0)" },
                    new String[] { "FILE", "the .mid file to write (replaced): type 1, " + FileCommands.RECORD_PPQ
                            + " ticks per quarter note at 120 beats per minute" },
                    new String[] { "{ COMMANDS }", "commands to run once the input listens (e.g. midi:play to its output)" }));
    static final Usage RENDER_USAGE = new Usage("midi:render", "midi:render FILE OUT.wav", RENDER, List.of(),
            List.of(new String[] { "FILE", "a Standard MIDI File (.mid)" },
                    new String[] { "OUT.wav", "the WAV file to write (replaced): 16-bit stereo" }));
    static final Usage CONNECT_USAGE = new Usage("midi:connect", "midi:connect FROM TO[,TO...] [OPTIONS]", CONNECT,
            List.of(new Usage.Option("-n", "--name", "N", "the route's name (default FROM-TO)"),
                    new Usage.Option(null, "--types", "LIST", "message types to pass: notes,polypressure,cc,program,channelpressure,pitchbend,sysex,realtime,activesensing,common"),
                    new Usage.Option(null, "--channels", "LIST", "channels to pass, e.g. 1-9,11-16"),
                    new Usage.Option(null, "--channel-map", "MAP", "channel map, e.g. 10=1,2=3"),
                    new Usage.Option(null, "--notes", "RANGE", "note range to pass (a keyboard split), e.g. 0-59"),
                    new Usage.Option(null, "--transpose", "N", "semitones, -127..127; a note moved out of 0..127 is dropped"),
                    new Usage.Option(null, "--velocity-scale", "X", "note-on velocity factor, e.g. 0.8"),
                    new Usage.Option(null, "--velocity-offset", "N", "added to note-on velocity, -127..127"),
                    new Usage.Option(null, "--velocity-fixed", "N", "every note-on at this velocity, 1..127"),
                    new Usage.Option(null, "--cc-map", "MAP", "controller number map, e.g. 1=11"),
                    new Usage.Option(null, "--cc-scale", "X", "controller value factor"),
                    new Usage.Option(null, "--rate", "N", "most messages per second (default 31250); more are dropped and reported")),
            List.of(new String[] { "FROM", "an input's endpoint id, e.g. loopback/0 (it may be absent now: the route waits)" },
                    new String[] { "TO", "output endpoint ids, comma-separated, e.g. synth/0" }));
    static final Usage DISCONNECT_USAGE = new Usage("midi:disconnect", "midi:disconnect ROUTE", DISCONNECT, List.of(),
            List.<String[]>of(new String[] { "ROUTE", "a route's name, as midi:routes lists it" }));
    static final Usage ROUTES_USAGE = new Usage("midi:routes", "midi:routes", ROUTES, List.of(), List.of());
    static final Usage LIST_USAGE = new Usage("midi:midi", "midi:midi (or: help midi)", LIST, List.of(), List.of());

    private Help() {
    }
}
