package org.midihost.shell;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.midihost.api.MidiException;
import org.midihost.api.MidiHost;
import org.midihost.api.MidiStream;
import org.midihost.api.OpenOptions;
import org.midihost.spi.OfflineRenderer;
import org.midihost.stream.smf.Smf;
import org.midihost.stream.smf.SmfEvent;
import org.midihost.stream.smf.SmfPlayback;
import org.midihost.stream.smf.SmfReader;
import org.midihost.stream.smf.SmfTimeline;
import org.midihost.stream.smf.TempoMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * {@code midi:play}, {@code midi:stop}, {@code midi:record} and {@code midi:render}: Standard MIDI
 * Files played through the host's stream API, recorded from an input, and rendered through the
 * synthesizer offline.
 */
@Component(service = FileCommands.class, property = {
        "osgi.command.scope=midi",
        "osgi.command.function=play",
        "osgi.command.function=stop",
        "osgi.command.function=record",
        "osgi.command.function=render" })
public final class FileCommands {
    /** Ticks per quarter note of a recorded file (at 120 beats per minute: a tick is 1/960 s). */
    static final int RECORD_PPQ = 480;
    /** What rings out after the last event of a rendered file. */
    private static final long RENDER_TAIL_MICROS = 2_000_000;

    private final MidiHost host;
    /** The streams {@code midi:play} is playing, and whether {@code midi:stop} stopped them. A concurrent map: no lock. */
    private final Map<MidiStream, Boolean> playing = new ConcurrentHashMap<>();
    /** The offline renderers (synthesizer drivers), set by DS. */
    private final List<OfflineRenderer> renderers = new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * @param host the host
     */
    @Activate
    public FileCommands(@Reference MidiHost host) {
        this.host = host;
    }

    /** @param r an offline renderer that came */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "removeRenderer")
    void addRenderer(OfflineRenderer r) {
        renderers.add(r);
    }

    /** @param r an offline renderer that went */
    void removeRenderer(OfflineRenderer r) {
        renderers.remove(r);
    }

    /**
     * Plays a file through a stream and waits for its end, ^C or {@code midi:stop}.
     *
     * @param session the shell session
     * @param args {@code [-d ID] FILE}, or {@code --help}
     * @throws Exception {@link UsageException}, the reader's {@link org.midihost.stream.smf.SmfException}
     *         naming the offset and the problem, {@link MidiException} from the host
     */
    @Descriptor(Help.PLAY)
    public void play(CommandSession session, @Descriptor("[-d ID] FILE; --help for the usage") String... args)
            throws Exception {
        Arguments a = Arguments.orHelp(session, Help.PLAY_USAGE, args);
        if (a == null) {
            return;
        }
        String device = a.value("--device", "-1");
        Path file = Path.of(a.operand("FILE"));
        a.end();
        PrintStream out = session.getConsole();
        Smf smf = read(file);
        SmfPlayback player = new SmfPlayback(smf);
        long durationMillis = player.durationMillis();
        for (String w : smf.warnings()) {
            out.println(file + ": " + w);
        }
        OptionalInt id = DeviceIds.deviceId(device);
        MidiStream stream = id.isPresent() ? host.openStream(id.getAsInt(), player, OpenOptions.defaults())
                : host.openStream(device, player, OpenOptions.defaults());
        boolean interrupted = false;
        try {
            out.println("playing " + file + ": format " + smf.format() + ", " + smf.tracks().size() + " track(s), "
                    + smf.division() + ", " + player.events() + " event(s), " + time(durationMillis) + " on "
                    + (id.isPresent() ? id.getAsInt() == MidiHost.MIDI_MAPPER ? "the MIDI mapper \u2192 " : id.getAsInt() + " " : "")
                    + stream.caps().endpointId() + " \""
                    + stream.caps().productName() + "\"");
            out.flush();
            playing.put(stream, false);
            player.start(stream);
            interrupted = !progress(stream, player, durationMillis, out);
            if (interrupted || playing.get(stream)) {
                long at = stream.position().millis();
                player.stop();
                out.println("stopped at " + time(at) + " of " + time(durationMillis));
            } else {
                out.println("played " + time(durationMillis));
            }
        } finally {
            playing.remove(stream);
            player.close();
            out.flush();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** @return false if interrupted (^C) */
    private boolean progress(MidiStream stream, SmfPlayback player, long durationMillis, PrintStream out) throws MidiException {
        boolean terminal = System.console() != null;
        long nextLine = 0;
        try {
            while (!player.awaitDone(terminal ? 200 : 1000)) {
                if (playing.getOrDefault(stream, false) || !stream.isOpen()) {
                    break;
                }
                long at = stream.position().millis();
                if (terminal) {
                    out.print("\r  " + time(Math.min(at, durationMillis)) + " / " + time(durationMillis) + "  ");
                    out.flush();
                } else if (at >= nextLine) {
                    out.println("  " + time(Math.min(at, durationMillis)) + " / " + time(durationMillis));
                    out.flush();
                    nextLine = at + 10_000;
                }
            }
        } catch (InterruptedException e) {
            if (terminal) {
                out.println();
            }
            return false;
        }
        if (terminal) {
            out.println();
        }
        if (!stream.isOpen()) {
            throw new MidiException(org.midihost.api.MmResult.MMSYSERR_NODRIVER,
                    "the output went away while playing");
        }
        return true;
    }

    /**
     * Stops every file {@code midi:play} is playing.
     *
     * @param session the shell session
     * @param args nothing, or {@code --help}
     * @throws Exception {@link UsageException} for an argument
     */
    @Descriptor(Help.STOP)
    public void stop(CommandSession session, @Descriptor("none; --help for the usage") String... args) throws Exception {
        Arguments a = Arguments.orHelp(session, Help.STOP_USAGE, args);
        if (a == null) {
            return;
        }
        a.end();
        int n = 0;
        for (MidiStream s : playing.keySet()) {
            if (playing.replace(s, false, true)) {
                n++;
            }
        }
        session.getConsole().println(n == 0 ? "nothing is playing" : "stopping " + n + " file(s)");
        session.getConsole().flush();
    }

    /**
     * Records an input into a type-1 file.
     *
     * @param session the shell session
     * @param args {@code ID FILE [--seconds S]}, or {@code --help}
     * @throws Exception {@link UsageException}, {@link MidiException} from the host, {@link IOException}
     */
    @Descriptor(Help.RECORD)
    public void record(CommandSession session,
            @Descriptor("ID FILE [--seconds S] [{ COMMANDS }]; --help for the usage") Object... args)
            throws Exception {
        Arguments a = Arguments.orHelp(session, Help.RECORD_USAGE, args);
        if (a == null) {
            return;
        }
        double seconds = a.seconds("--seconds", 0);
        String id = a.operand("ID");
        Path file = Path.of(a.operand("FILE"));
        org.apache.felix.service.command.Function then = a.closure();
        a.end();
        Recording.run(host, id, file, seconds, RECORD_PPQ, session.getConsole(),
                then == null ? null : () -> then.execute(session, List.of()));
    }

    /**
     * Renders a file through the synthesizer into a WAV file, as fast as the machine can.
     *
     * @param session the shell session
     * @param args {@code FILE OUT.wav}, or {@code --help}
     * @throws Exception {@link UsageException}, the reader's error, {@link IOException} writing the WAV
     */
    @Descriptor(Help.RENDER)
    public void render(CommandSession session, @Descriptor("FILE OUT.wav; --help for the usage") String... args)
            throws Exception {
        Arguments a = Arguments.orHelp(session, Help.RENDER_USAGE, args);
        if (a == null) {
            return;
        }
        Path file = Path.of(a.operand("FILE"));
        Path wav = Path.of(a.operand("OUT.wav"));
        a.end();
        if (renderers.isEmpty()) {
            throw new MidiException(org.midihost.api.MmResult.MMSYSERR_NODRIVER,
                    "no synthesizer renders offline: install and start the synth driver (org.midihost.driver.synth)");
        }
        Smf smf = read(file);
        TempoMap tempo = TempoMap.of(smf);
        List<OfflineRenderer.TimedMessage> messages = new ArrayList<>();
        int skipped = 0;
        for (SmfTimeline.Entry e : SmfTimeline.of(smf).entries()) {
            byte[] bytes = bytes(e.event());
            if (bytes != null) {
                messages.add(new OfflineRenderer.TimedMessage(Math.round(tempo.micros(e.tick())), bytes));
            } else if (e.event().kind() == SmfEvent.Kind.ESCAPE) {
                skipped++;
            }
        }
        long durationMicros = Math.round(tempo.durationMicros());
        long lastMessage = messages.isEmpty() ? 0 : messages.get(messages.size() - 1).micros();
        PrintStream out = session.getConsole();
        out.println("rendering " + file + " (" + time(durationMicros / 1000) + ", " + messages.size() + " message(s)) to " + wav);
        out.flush();
        long start = System.nanoTime();
        long written = renderers.get(0).render(messages, Math.max(0, durationMicros - lastMessage) + RENDER_TAIL_MICROS, wav);
        double took = (System.nanoTime() - start) / 1e9;
        out.println(String.format("rendered %s of audio to %s (%d bytes) in %.1f s, %.0f× real time%s", time(written / 1000),
                wav.toAbsolutePath(), Files.size(wav), took, written / 1e6 / Math.max(took, 1e-3),
                skipped > 0 ? "; " + skipped + " F7 escape event(s) left out" : ""));
        out.flush();
    }

    /** @return the bytes a synthesizer takes for the event, or {@code null} for metas and escapes */
    private static byte[] bytes(SmfEvent e) {
        return switch (e.kind()) {
            case CHANNEL -> {
                int m = e.message();
                int status = m & 0xF0;
                int length = status == 0xC0 || status == 0xD0 ? 2 : 3;
                byte[] b = new byte[length];
                for (int i = 0; i < length; i++) {
                    b[i] = (byte) (m >> (8 * i));
                }
                yield b;
            }
            case SYSEX -> e.data();
            default -> null;
        };
    }

    /**
     * Reads a file with the strict reader; every failure names the file.
     *
     * @throws IOException {@code FILE: no such file}, {@code FILE: offset N: problem}, …
     */
    static Smf read(Path file) throws IOException {
        try {
            return new SmfReader().read(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IOException(file + ": no such file", e);
        } catch (java.nio.file.AccessDeniedException e) {
            throw new IOException(file + ": not readable (access denied)", e);
        } catch (IOException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /** @return {@code m:ss.s} */
    static String time(long millis) {
        return String.format("%d:%04.1f", millis / 60_000, (millis % 60_000) / 1000.0);
    }
}
