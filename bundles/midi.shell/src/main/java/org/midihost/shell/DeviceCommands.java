package org.midihost.shell;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.midihost.api.DeviceCaps;
import org.midihost.api.MidiException;
import org.midihost.api.MidiHeader;
import org.midihost.api.MidiHost;
import org.midihost.api.MidiInCaps;
import org.midihost.api.MidiOut;
import org.midihost.api.MidiOutCallback;
import org.midihost.api.MidiOutCaps;
import org.midihost.api.MmResult;
import org.midihost.api.OpenOptions;
import org.midihost.api.Support;
import org.midihost.api.Technology;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The device commands of the {@code midi:} scope: {@code devices}, {@code caps}, {@code send},
 * {@code reset}, {@code volume} (and {@code monitor}, in {@link MonitorCommand}). They use only the
 * {@link MidiHost} service, as any client would. Each takes its arguments as {@code String...} (so
 * that Gogo hands over the text as typed: as {@code Object} it would turn {@code 7E} into 7.0) and
 * parses them with {@link Arguments} ({@code --help}, and errors that name the bad value). A failure
 * is thrown as the host's {@link MidiException}, whose one-line message leads with the cause and
 * ends with the result code's name; Gogo and Karaf print that line.
 */
@Component(service = DeviceCommands.class, property = {
        "osgi.command.scope=midi",
        "osgi.command.function=devices",
        "osgi.command.function=caps",
        "osgi.command.function=send",
        "osgi.command.function=reset",
        "osgi.command.function=volume" })
public final class DeviceCommands {
    /** How long {@code send} waits for the driver to hand back a system-exclusive buffer. */
    private static final long SYSEX_DONE_SECONDS = 10;

    private final MidiHost host;

    /**
     * @param host the host whose devices the commands show and use
     */
    @Activate
    public DeviceCommands(@Reference MidiHost host) {
        this.host = host;
    }

    /**
     * {@code midi:devices}: the MIDI mapper (id -1) with the output it stands for now, then every
     * output and input with its device id, endpoint id, name, technology, driver and open clients,
     * like {@code amidi -l}.
     *
     * @param session the shell session, for its output
     * @param args nothing, or {@code --help}
     * @throws Exception {@link UsageException} for an argument; {@link MidiException} from the host
     */
    @Descriptor(Help.DEVICES)
    public void devices(CommandSession session, @Descriptor("--help for the usage") String... args) throws Exception {
        Arguments a = Arguments.orHelp(session, Help.DEVICES_USAGE, args);
        if (a == null) {
            return;
        }
        a.end();
        List<MidiOutCaps> outs = host.outDevices().devices();
        List<MidiInCaps> ins = host.inDevices().devices();
        TextTable table = new TextTable("DIR", "ID", "ENDPOINT", "NAME", "TECHNOLOGY", "DRIVER", "CLIENTS");
        Optional<MidiOutCaps> mapped = host.mapperOutput();
        if (mapped.isPresent()) {
            // its handles count on the output it maps to, so the mapper's own clients are "-"
            MidiOutCaps m = host.outCaps(MidiHost.MIDI_MAPPER);
            table.row("out", MidiHost.MIDI_MAPPER, m.endpointId(), m.productName() + " \u2192 " + mapped.get().endpointId(),
                    m.technology().name().toLowerCase(), m.driverId(), "-");
        }
        for (int i = 0; i < outs.size(); i++) {
            MidiOutCaps c = outs.get(i);
            table.row("out", i, c.endpointId(), c.productName(), c.technology().name().toLowerCase(), c.driverId(),
                    host.openHandles(c));
        }
        for (int i = 0; i < ins.size(); i++) {
            MidiInCaps c = ins.get(i);
            table.row("in", i, c.endpointId(), c.productName(), "-", c.driverId(), host.openHandles(c));
        }
        PrintStream out = session.getConsole();
        table.print(out);
        out.println(outs.size() + " output(s), " + ins.size() + " input(s)");
        out.flush();
    }

    /**
     * {@code midi:caps [-i] ID}: every field of an output's caps ({@code MIDIOUTCAPS}), or with
     * {@code -i} an input's ({@code MIDIINCAPS}).
     *
     * @param session the shell session, for its output
     * @param args {@code [-i] ID}, or {@code --help}
     * @throws Exception {@link UsageException} for a missing or bad argument; {@link MidiException}
     *         {@code MMSYSERR_BADDEVICEID} or {@code MIDIERR_NODEVICE}
     */
    @Descriptor(Help.CAPS)
    public void caps(CommandSession session, @Descriptor("[-i] ID; --help for the usage") String... args) throws Exception {
        Arguments a = Arguments.orHelp(session, Help.CAPS_USAGE, args);
        if (a == null) {
            return;
        }
        boolean input = a.flag("--input");
        String id = a.operand("ID");
        a.end();
        DeviceIds.Found<? extends DeviceCaps> found = DeviceIds.find(host, id, input);
        DeviceCaps c = found.caps();
        PrintStream out = session.getConsole();
        out.println((input ? "in " : "out ") + found.id() + " " + c.endpointId());
        field(out, "name", c.productName());
        field(out, "endpoint", c.endpointId());
        field(out, "driver", c.driverId());
        field(out, "manufacturer id", c.manufacturerId());
        field(out, "product id", c.productId());
        field(out, "driver version", (c.driverVersion() >>> 8 & 0xFF) + "." + (c.driverVersion() & 0xFF));
        if (c instanceof MidiOutCaps o) {
            field(out, "technology", o.technology().name().toLowerCase() + " (" + modName(o.technology()) + ")");
            field(out, "voices", o.voices());
            field(out, "notes", o.notes());
            field(out, "channel mask", String.format("0x%04X (%s)", o.channelMask(), channels(o.channelMask())));
        }
        field(out, "support", support(c.support()));
        out.flush();
    }

    /**
     * {@code midi:send [--dec] ID BYTES...}: send short and system-exclusive messages to an output,
     * like {@code sendmidi}. Bytes are hex ({@code 90 3C 64}, {@code 903C64}) or, with
     * {@code --dec}, decimal; several messages may follow each other, with running status.
     *
     * @param session the shell session, for its output
     * @param args {@code [--dec] ID BYTES...}, or {@code --help}
     * @throws Exception {@link UsageException} for a missing id or bad bytes (nothing is sent);
     *         {@link MidiException} from opening or sending ({@code MMSYSERR_BADDEVICEID},
     *         {@code MMSYSERR_ALLOCATED}, …); {@link InterruptedException} if interrupted while a
     *         system-exclusive message is being sent
     */
    @Descriptor(Help.SEND)
    public void send(CommandSession session, @Descriptor("[--dec] ID BYTES...; --help for the usage") String... args)
            throws Exception {
        Arguments a = Arguments.orHelp(session, Help.SEND_USAGE, args);
        if (a == null) {
            return;
        }
        boolean decimal = a.flag("--dec");
        String id = a.operand("ID");
        List<String> bytes = a.rest();
        if (bytes.isEmpty()) {
            throw Help.SEND_USAGE.error("missing BYTES");
        }
        List<MidiBytes.Message> messages;
        try {
            messages = MidiBytes.split(MidiBytes.parse(bytes, decimal));
        } catch (IllegalArgumentException e) {
            throw Help.SEND_USAGE.error(e.getMessage());
        }
        int sysexCount = 0;
        for (MidiBytes.Message m : messages) {
            if (m.isSysex()) {
                sysexCount++;
            }
        }
        CountDownLatch allDone = new CountDownLatch(sysexCount);
        MidiOutCallback callback = new MidiOutCallback() {
            @Override
            public void onDone(MidiOut out, MidiHeader header) {
                allDone.countDown();
            }
        };
        int byteCount = 0;
        MidiOut out = open(id, callback);
        String endpoint = out.caps().endpointId();
        try {
            for (MidiBytes.Message m : messages) {
                if (m.isSysex()) {
                    MidiHeader h = new MidiHeader(m.sysex());
                    out.prepareHeader(h);
                    out.longMsg(h);
                    byteCount += m.sysex().length;
                } else {
                    out.shortMsg(m.shortMessage());
                    byteCount += 1 + MidiBytes.dataLength(m.shortMessage() & 0xFF);
                }
            }
            if (!allDone.await(SYSEX_DONE_SECONDS, TimeUnit.SECONDS)) {
                // the driver still holds a buffer: take it back so that close does not fail
                out.reset();
                throw new MidiException(MmResult.MIDIERR_STILLPLAYING,
                        endpoint + " did not finish a system-exclusive message in " + SYSEX_DONE_SECONDS + " s");
            }
        } catch (MidiException | InterruptedException | RuntimeException e) {
            closeAfterFailure(out, e);
            throw e;
        }
        close(out);
        PrintStream console = session.getConsole();
        console.println(endpoint + ": sent " + messages.size() + " message(s), " + byteCount + " byte(s)");
        console.flush();
    }

    /**
     * {@code midi:reset ID}: {@code midiOutReset} on an output: every note off, buffers back.
     *
     * @param session the shell session, for its output
     * @param args {@code ID}, or {@code --help}
     * @throws Exception {@link UsageException} for a missing or extra argument;
     *         {@link MidiException} from opening or resetting
     */
    @Descriptor(Help.RESET)
    public void reset(CommandSession session, @Descriptor("ID; --help for the usage") String... args) throws Exception {
        Arguments a = Arguments.orHelp(session, Help.RESET_USAGE, args);
        if (a == null) {
            return;
        }
        String id = a.operand("ID");
        a.end();
        MidiOut out = open(id, MidiOutCallback.NONE);
        try {
            out.reset();
        } catch (MidiException | RuntimeException e) {
            closeAfterFailure(out, e);
            throw e;
        }
        close(out);
        PrintStream console = session.getConsole();
        console.println(out.caps().endpointId() + ": reset");
        console.flush();
    }

    /**
     * {@code midi:volume ID [LEFT [RIGHT]]}: {@code midiOutGetVolume}, or {@code midiOutSetVolume}
     * and then the volume it took. A value is 0..65535 (0xFFFF is full) or a percentage of full,
     * {@code 50%}; RIGHT defaults to LEFT. Packed as WinMM does: left in the low 16 bits, right
     * in the high 16 (a device without {@code lrvolume} uses only the left).
     *
     * @param session the shell session, for its output
     * @param args {@code ID [LEFT [RIGHT]]}, or {@code --help}
     * @throws Exception {@link UsageException} for a missing or bad argument; {@link MidiException}
     *         {@code MMSYSERR_NOTSUPPORTED} for a device without volume, and whatever opening gives
     */
    @Descriptor(Help.VOLUME)
    public void volume(CommandSession session, @Descriptor("ID [LEFT [RIGHT]]; --help for the usage") String... args)
            throws Exception {
        Arguments a = Arguments.orHelp(session, Help.VOLUME_USAGE, args);
        if (a == null) {
            return;
        }
        String id = a.operand("ID");
        String leftArg = a.optionalOperand();
        String rightArg = a.optionalOperand();
        a.end();
        OptionalInt left = leftArg == null ? OptionalInt.empty() : OptionalInt.of(Volume.parse(Help.VOLUME_USAGE, "LEFT", leftArg));
        int right = rightArg == null ? left.orElse(0) : Volume.parse(Help.VOLUME_USAGE, "RIGHT", rightArg);
        MidiOut out = open(id, MidiOutCallback.NONE);
        int volume;
        try {
            if (left.isPresent()) {
                out.setVolume(Volume.pack(left.getAsInt(), right));
            }
            volume = out.volume();
        } catch (MidiException | RuntimeException e) {
            closeAfterFailure(out, e);
            throw e;
        }
        close(out);
        PrintStream console = session.getConsole();
        console.println(out.caps().endpointId() + ": volume "
                + Volume.text(volume, out.caps().support().contains(Support.LRVOLUME)));
        console.flush();
    }

    private MidiOut open(String id, MidiOutCallback callback) throws MidiException {
        // DIRECT: the DONE callback only counts down a latch, so the host needs no thread for it
        OptionalInt deviceId = DeviceIds.deviceId(id);
        return deviceId.isPresent() ? host.openOut(deviceId.getAsInt(), callback, OpenOptions.direct())
                : host.openOut(id, callback, OpenOptions.direct());
    }

    /** Closes a handle; buffers still queued (a send that failed half-way) are reset first. */
    private static void close(MidiOut out) throws MidiException {
        try {
            out.close();
        } catch (MidiException e) {
            if (e.result() != MmResult.MIDIERR_STILLPLAYING) {
                throw e;
            }
            out.reset();
            out.close();
        }
    }

    /** Closes a handle after a failure: a close failure must not hide the failure before it. */
    static void closeAfterFailure(AutoCloseable handle, Exception failure) {
        try {
            if (handle instanceof MidiOut out) {
                close(out);
            } else {
                handle.close();
            }
        } catch (Exception e) {
            failure.addSuppressed(e);
        }
    }

    private static void field(PrintStream out, String name, Object value) {
        out.println(String.format("  %-16s %s", name, value));
    }

    private static String modName(Technology t) {
        return switch (t) {
            case PORT -> "MOD_MIDIPORT";
            case SYNTH -> "MOD_SYNTH";
            case SQSYNTH -> "MOD_SQSYNTH";
            case FMSYNTH -> "MOD_FMSYNTH";
            case MAPPER -> "MOD_MAPPER";
            case WAVETABLE -> "MOD_WAVETABLE";
            case SWSYNTH -> "MOD_SWSYNTH";
        };
    }

    private static String channels(int mask) {
        if (mask == 0xFFFF) {
            return "channels 1-16";
        }
        if (mask == 0) {
            return "no channels";
        }
        StringBuilder sb = new StringBuilder("channels");
        for (int ch = 0; ch < 16; ch++) {
            if ((mask & 1 << ch) != 0) {
                sb.append(' ').append(ch + 1);
            }
        }
        return sb.toString();
    }

    private static String support(Set<Support> support) {
        if (support.isEmpty()) {
            return "none";
        }
        List<String> names = new ArrayList<>();
        for (Support s : Support.values()) {
            if (support.contains(s)) {
                names.add(s.name().toLowerCase());
            }
        }
        return String.join(", ", names);
    }
}
