package org.midihost.shell;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
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
 * {@code reset} (and {@code monitor}, in {@link MonitorCommand}). They use only the
 * {@link MidiHost} service, as any client would. A failure is thrown as the host's
 * {@link MidiException}, whose one-line message is the result code's name and text; Gogo and Karaf
 * print that line.
 */
@Component(service = DeviceCommands.class, property = {
        "osgi.command.scope=midi",
        "osgi.command.function=devices",
        "osgi.command.function=caps",
        "osgi.command.function=send",
        "osgi.command.function=reset" })
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
     * {@code midi:devices}: every output and input with its device id, endpoint id, name,
     * technology, driver and open clients, like {@code amidi -l}.
     *
     * @param session the shell session, for its output
     */
    @Descriptor("list the MIDI outputs and inputs: id, endpoint id, name, technology, driver, open clients")
    public void devices(CommandSession session) throws MidiException {
        List<MidiOutCaps> outs = host.outDevices().devices();
        List<MidiInCaps> ins = host.inDevices().devices();
        TextTable table = new TextTable("DIR", "ID", "ENDPOINT", "NAME", "TECHNOLOGY", "DRIVER", "CLIENTS");
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
     * @param input whether the id is an input's
     * @param id a device id or endpoint id
     * @throws MidiException {@code MMSYSERR_BADDEVICEID} or {@code MIDIERR_NODEVICE}
     */
    @Descriptor("show every caps field of an output (or, with -i, an input)")
    public void caps(CommandSession session,
            @Descriptor("the id is an input's") @Parameter(names = { "-i", "--input" }, presentValue = "true",
                    absentValue = "false") boolean input,
            @Descriptor("device id or endpoint id") String id) throws MidiException {
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
     * {@code midi:send ID BYTES…}: send short and system-exclusive messages to an output, like
     * {@code sendmidi}. Bytes are hex ({@code 90 3C 64}, {@code 903C64}) or, with {@code --dec},
     * decimal; several messages may follow each other, with running status.
     *
     * @param session the shell session, for its output
     * @param decimal whether the bytes are decimal
     * @param id a device id or endpoint id of an output
     * @param bytes the bytes
     * @throws MidiException {@code MMSYSERR_INVALPARAM} for bad bytes; whatever opening or sending
     *         gives ({@code MMSYSERR_BADDEVICEID}, {@code MMSYSERR_ALLOCATED}, …)
     * @throws InterruptedException if interrupted while a system-exclusive message is being sent
     */
    @Descriptor("send MIDI bytes to an output: hex (90 3C 64) or decimal (--dec), several messages at once")
    public void send(CommandSession session,
            @Descriptor("the bytes are decimal") @Parameter(names = { "-d", "--dec" }, presentValue = "true",
                    absentValue = "false") boolean decimal,
            @Descriptor("device id or endpoint id of an output") String id,
            @Descriptor("the bytes, e.g. 90 3C 64 or F0 7E 7F 09 01 F7") String[] bytes)
            throws MidiException, InterruptedException {
        List<MidiBytes.Message> messages = MidiBytes.split(MidiBytes.parse(Arrays.asList(bytes), decimal));
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
     * @param id a device id or endpoint id of an output
     * @throws MidiException whatever opening or resetting gives
     */
    @Descriptor("reset an output: all notes off on every channel")
    public void reset(CommandSession session, @Descriptor("device id or endpoint id of an output") String id)
            throws MidiException {
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
