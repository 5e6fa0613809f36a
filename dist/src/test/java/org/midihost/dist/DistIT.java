package org.midihost.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.midihost.dist.HostProcess.jar;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exported {@code target/midihost.jar}, run as users run it: {@code -c}, a script, and a
 * long-running headless host whose deploy folder takes a driver jar and a {@code .cfg} and gives
 * them back, without a restart. Each run prints its start-up time ("midihost ready in N ms"),
 * which this test echoes; it is not a timed assertion.
 */
class DistIT {
    /** Bound on any one wait for the process: generous for a loaded 2-core machine. */
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path work;

    private static void echoStartup(String test, HostProcess p) {
        for (String line : p.out().isEmpty() ? p.err() : concat(p.out(), p.err())) {
            if (line.startsWith("midihost ready in ")) {
                System.out.println("DistIT " + test + ": " + line);
                return;
            }
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static void assertNoStackTrace(HostProcess p) {
        assertThat(concat(p.out(), p.err())).as("no stack trace; " + p.transcript())
                .noneMatch(l -> l.startsWith("\tat ") || l.contains("Exception in thread"));
    }

    /** A bundle that imports a package nobody exports: it installs, and fails to resolve. */
    private static void writeBrokenDriver(Path jar) throws java.io.IOException {
        java.util.jar.Manifest m = new java.util.jar.Manifest();
        java.util.jar.Attributes a = m.getMainAttributes();
        a.put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", "com.example.brokendriver");
        a.putValue("Bundle-Version", "1.0.0");
        a.putValue("Import-Package", "com.example.nosuch");
        // written under another name and moved in, so that File Install never sees half a jar
        Path tmp = jar.resolveSibling(jar.getFileName() + ".part");
        try (java.io.OutputStream out = Files.newOutputStream(tmp);
                java.util.jar.JarOutputStream j = new java.util.jar.JarOutputStream(out, m)) {
            j.flush();
        }
        Files.move(tmp, jar, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void commandsListTheLoopbackAndSynthDevicesAndExitZero() throws Exception {
        try (HostProcess p = new HostProcess(jar(), work, "-c", "echo hello; midi:devices; midi:drivers")) {
            assertThat(p.awaitExit(WAIT)).as(p.transcript()).isZero();
            echoStartup("-c midi:devices", p);
            List<String> out = p.out();
            assertThat(out).as("each statement's result is printed, as in the console; " + p.transcript())
                    .first().isEqualTo("hello");
            assertThat(out).as(p.transcript()).anyMatch(l -> l.matches("out\\s+0\\s+loopback/0\\s+Loopback 1\\s+port\\s+loopback\\s+0"));
            assertThat(out).as(p.transcript()).anyMatch(l -> l.matches("out\\s+1\\s+synth/0\\s+Gervill Synthesizer\\s+swsynth\\s+synth\\s+0"));
            assertThat(out).as(p.transcript()).anyMatch(l -> l.matches("in\\s+0\\s+loopback/0\\s+Loopback 1\\s+-\\s+loopback\\s+0"));
            assertThat(out).as(p.transcript()).contains("2 output(s), 1 input(s)");
            assertThat(out).as(p.transcript())
                    .anyMatch(l -> l.matches("\\d+\\s+org\\.midihost\\.driver\\.loopback\\s+\\S+\\s+active\\s+loopback\\s+100\\s+1\\s+1"));
            assertThat(out).as(p.transcript())
                    .anyMatch(l -> l.matches("\\d+\\s+org\\.midihost\\.driver\\.synth\\s+\\S+\\s+active\\s+synth\\s+100\\s+1\\s+0"));
            // No MIDI hardware here, and Java Sound's own synthesizer and sequencer are no ports.
            assertThat(out).as(p.transcript())
                    .anyMatch(l -> l.matches("\\d+\\s+org\\.midihost\\.driver\\.javasound\\s+\\S+\\s+active\\s+javasound\\s+100\\s+0\\s+0"));
            assertThat(out).as("status lines go to stderr in -c mode").noneMatch(l -> l.startsWith("midihost ready"));
            assertThat(p.err()).as("the synth is idle: no audio, no warning; " + p.transcript()).noneMatch(l -> l.contains("WARN"));
            assertNoStackTrace(p);
        }
        assertThat(work.resolve("deploy")).as("the default deploy folder, ./deploy").isDirectory();
        try (java.util.stream.Stream<Path> files = Files.list(work)) {
            assertThat(files).as("nobody played the synth: no WAV file").noneMatch(f -> f.toString().endsWith(".wav"));
        }
    }

    @Test
    void aFailingCommandExitsNonZeroWithOneLine() throws Exception {
        try (HostProcess p = new HostProcess(jar(), work, "-c", "midi:devices; midi:caps 9; midi:drivers")) {
            assertThat(p.awaitExit(WAIT)).as(p.transcript()).isEqualTo(1);
            List<String> err = p.err();
            assertThat(err).as(p.transcript()).contains("device id 9 is out of range (2 outputs, 0..1) \u2014 MMSYSERR_BADDEVICEID");
            assertThat(p.out()).as("stops at the failing command; " + p.transcript()).noneMatch(l -> l.startsWith("BUNDLE"));
            assertNoStackTrace(p);
        }
    }

    @Test
    void helpMidiListsTheCommandsAndEachCommandHasItsHelp() throws Exception {
        try (HostProcess p = new HostProcess(jar(), work, "-c", "help midi; midi:monitor --help; midi:devices")) {
            assertThat(p.awaitExit(WAIT)).as(p.transcript()).isZero();
            List<String> out = p.out();
            for (String command : List.of("devices", "caps", "drivers", "send", "monitor", "reset", "volume")) {
                assertThat(out).as(p.transcript()).anyMatch(l -> l.matches("\\s+midi:" + command + "\\s+\\S.*"));
            }
            assertThat(out).as(p.transcript()).contains("usage: midi:monitor [-o] ID [--count N] [--timeout S] [{ COMMANDS }]");
            assertThat(out).as("the mapper's row; " + p.transcript())
                    .anyMatch(l -> l.matches("out\\s+-1\\s+midihost/mapper\\s+MIDI Mapper \u2192 synth/0\\s+mapper\\s+.*"));
            assertNoStackTrace(p);
        }
    }

    @Test
    void aMalformedArgumentIsOneLineNamingItWithTheUsage() throws Exception {
        try (HostProcess p = new HostProcess(jar(), work, "-c", "midi:monitor 0 --count x")) {
            assertThat(p.awaitExit(WAIT)).as(p.transcript()).isEqualTo(1);
            assertThat(p.err()).as(p.transcript()).contains("midi:monitor: --count 'x' is not a whole number 0 or more; "
                    + "usage: midi:monitor [-o] ID [--count N] [--timeout S] [{ COMMANDS }]");
            assertThat(p.err()).as(p.transcript()).noneMatch(l -> l.contains("coerce"));
            assertNoStackTrace(p);
        }
    }

    @Test
    void volumeOfTheLoopbackIsNotSupported() throws Exception {
        try (HostProcess p = new HostProcess(jar(), work, "-c", "midi:volume 0 '50%'")) {
            assertThat(p.awaitExit(WAIT)).as(p.transcript()).isEqualTo(1);
            assertThat(p.err()).as(p.transcript()).contains("loopback/0 has no volume control \u2014 MMSYSERR_NOTSUPPORTED");
            assertNoStackTrace(p);
        }
    }

    @Test
    void aScriptMonitorsLoopbackInputWhileSendingToLoopbackOutput() throws Exception {
        Path script = work.resolve("loop.gosh");
        Files.writeString(script, String.join("\n",
                "# listen on loopback input 0, and once it listens send a note on and off to loopback output 0",
                "midi:monitor 0 --count 2 --timeout 10 {",
                "    midi:send 0 90 3C 64 80 3C 00",
                "}",
                "midi:caps loopback/0",
                ""), StandardCharsets.UTF_8);
        try (HostProcess p = new HostProcess(jar(), work, script.toString())) {
            assertThat(p.awaitExit(WAIT)).as(p.transcript()).isZero();
            echoStartup("loop.gosh", p);
            List<String> out = p.out();
            assertThat(out).as(p.transcript()).anyMatch(l -> l.matches("\\s*\\d+\\.\\d{3}  note on ch 1 C4 vel 100"));
            assertThat(out).as(p.transcript()).anyMatch(l -> l.matches("\\s*\\d+\\.\\d{3}  note off ch 1 C4 vel 0"));
            assertThat(out).as(p.transcript()).contains("2 message(s)", "  technology       port (MOD_MIDIPORT)");
            assertNoStackTrace(p);
        }
    }

    @Test
    void theRunningHostTakesDriversAndConfigurationFromItsDeployFolderAndGivesThemBack() throws Exception {
        Path deploy = work.resolve("drop");
        Path probe = Path.of(System.getProperty("midihost.probe.jar"));
        assertThat(probe).as("the itests probe driver jar").isRegularFile();
        try (HostProcess p = new HostProcess(jar(), work, "--deploy", deploy.toString())) {
            p.awaitOut("ready", l -> l.startsWith("midihost ready in "), WAIT);
            echoStartup("headless", p);
            assertThat(deploy).isDirectory();

            // a driver jar: its devices appear
            Files.copy(probe, deploy.resolve("probe.jar"));
            p.awaitOut("probe/rec added", l -> l.matches("device added: out \\d+ probe/rec \"Probe Recorder\""), WAIT);
            p.awaitOut("probe/excl added", l -> l.matches("device added: out \\d+ probe/excl \"Probe Exclusive\""), WAIT);

            // a configuration: a loopback instance with two named cables
            Path cfg = deploy.resolve("org.midihost.driver.loopback-studio.cfg");
            Files.writeString(cfg, "midihost.driver.id=studio\ncables=2\n", StandardCharsets.UTF_8);
            p.awaitOut("studio/1 added", l -> l.matches("device added: in \\d+ studio/1 \"Loopback 2\""), WAIT);

            // taken away again, while the host keeps running
            Files.delete(deploy.resolve("probe.jar"));
            p.awaitOut("probe/rec removed", l -> l.matches("device removed: out \\d+ probe/rec \"Probe Recorder\""), WAIT);
            Files.delete(cfg);
            p.awaitOut("studio/1 removed", l -> l.matches("device removed: in \\d+ studio/1 \"Loopback 2\""), WAIT);
            assertThat(p.isAlive()).as(p.transcript()).isTrue();

            // a driver jar that cannot resolve: one line saying why, no stack trace, host goes on
            writeBrokenDriver(deploy.resolve("broken.jar"));
            p.awaitErr("the broken driver reported", l -> l.matches("(error|warning): .*broken.jar: Unable to resolve com.example.brokendriver.*com.example.nosuch.*"), WAIT);
            assertThat(p.isAlive()).as(p.transcript()).isTrue();

            // a configuration the driver rejects: Declarative Services reports it in one line
            Path bad = deploy.resolve("org.midihost.driver.loopback-bad.cfg");
            Files.writeString(bad, "midihost.driver.id=bad\ncables=many\n", StandardCharsets.UTF_8);
            p.awaitErr("the rejected configuration reported",
                    l -> l.matches("error: org\\.midihost\\.driver\\.loopback: .*cables is not a number.*\"many\".*"), WAIT);
            Files.delete(bad);
            assertThat(p.isAlive()).as(p.transcript()).isTrue();

            // SIGTERM: the framework stops cleanly
            p.terminate();
            int status = p.awaitExit(WAIT);
            assertThat(status).as("exit status after SIGTERM (128 + 15); " + p.transcript()).isEqualTo(143);
            assertThat(p.out()).as("the launcher saw the framework stop; " + p.transcript()).contains("midihost stopping");
            assertNoStackTrace(p);
        }
    }

    /**
     * A burst written at once to a named pipe that the rawmidi driver reads (configured by a .cfg
     * in the deploy folder at start): a 1 MiB sysex dump, 100,000 short messages and 50 sysex
     * messages back to back all reach {@code midi:monitor}, each once, none lost.
     */
    @Test
    void aBurstWrittenAtOnceToAPipeArrivesWholeAtTheMonitor() throws Exception {
        Path fifo = work.resolve("in.fifo");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertThat(mk.waitFor()).isZero();
        Path deploy = work.resolve("deploy");
        Files.createDirectories(deploy);
        Files.writeString(deploy.resolve("org.midihost.driver.rawmidi-burst.cfg"),
                "midihost.driver.id=burst\ninput=" + fifo + "\nname=Burst\n", StandardCharsets.UTF_8);

        java.io.ByteArrayOutputStream wire = new java.io.ByteArrayOutputStream();
        byte[] dump = new byte[1 << 20];
        dump[0] = (byte) 0xF0;
        for (int i = 1; i < dump.length - 1; i++) {
            dump[i] = (byte) (i % 0x80);
        }
        dump[dump.length - 1] = (byte) 0xF7;
        wire.write(dump);
        for (int i = 0; i < 100_000; i++) {
            wire.write(new byte[] { (byte) 0x90, (byte) (i % 128), 0x40 });
        }
        for (int i = 0; i < 50; i++) {
            wire.write(new byte[] { (byte) 0xF0, 0x7D, (byte) i, (byte) 0xF7 });
        }
        int messages = 1 + 100_000 + 50;

        try (HostProcess p = new HostProcess(jar(), work, "--deploy", deploy.toString(), "-c",
                "midi:monitor burst/0 --count " + messages + " --timeout 120")) {
            p.awaitOut("monitoring", l -> l.startsWith("monitoring in burst/0"), WAIT);
            try (java.io.OutputStream out = Files.newOutputStream(fifo)) {
                out.write(wire.toByteArray()); // at once, as fast as the pipe takes it
            }
            assertThat(p.awaitExit(Duration.ofSeconds(150))).as(p.transcript()).isZero();
            List<String> out = p.out();
            assertThat(out).as("no loss reported").noneMatch(l -> l.contains("overflow") || l.contains("error"));
            assertThat(out).filteredOn(l -> l.contains("sysex F0 01 02 03 04 05 06 07 … 78 79 7A 7B 7C 7D 7E F7 (1048576 bytes)"))
                    .hasSize(1);
            assertThat(out).filteredOn(l -> l.matches("\\s*\\d+\\.\\d{3}  note on ch 1 .*")).hasSize(100_000);
            assertThat(out).filteredOn(l -> l.matches("\\s*\\d+\\.\\d{3}  sysex F0 7D .. F7 \\(4 bytes\\)")).hasSize(50);
            assertThat(out).contains(messages + " message(s)");
            assertNoStackTrace(p);
        }
    }

    /**
     * The synth plays under plain {@code java -jar} (the jar's manifest carries the export Gervill
     * needs): with no sound card here, its audio goes to a new WAV file in the working directory,
     * said in one warning naming it; the file is complete when the host stops.
     */
    @Test
    void theSynthPlaysWithoutAJvmFlagIntoAWavInTheWorkingDirectory() throws Exception {
        // A note released as soon as it starts (midi:send closes its handle, and a closing client's
        // notes are released) may end before the synth renders it: the note comes from a file.
        java.util.List<org.midihost.stream.smf.SmfEvent> note = List.of(
                org.midihost.stream.smf.SmfEvent.channel(0, 0x90 | 0x40 << 8 | 100 << 16),
                org.midihost.stream.smf.SmfEvent.channel(240, 0x80 | 0x40 << 8));
        new org.midihost.stream.smf.SmfWriter().write(org.midihost.stream.smf.Smf.of(1,
                org.midihost.api.TimeDivision.ppq(480), List.of(org.midihost.stream.smf.SmfTrack.of(note))),
                work.resolve("note.mid"));
        try (HostProcess p = new HostProcess(jar(), work, "-c",
                "midi:send 1 C0 13; midi:volume synth/0; midi:play -d -1 note.mid")) {
            assertThat(p.awaitExit(WAIT)).as(p.transcript()).isZero();
            assertThat(p.out()).as(p.transcript()).startsWith("synth/0: sent 1 message(s), 2 byte(s)",
                    "synth/0: volume left 65535 (100%), right 65535 (100%)");
            assertThat(p.out()).as(p.transcript()).anyMatch(l -> l.startsWith("playing note.mid: ")
                    && l.endsWith("on the MIDI mapper → synth/0 \"Gervill Synthesizer\"")).contains("played 0:00.3");
            Path wav = work.resolve("midihost-synth-1.wav").toAbsolutePath();
            List<String> warnings = p.err().stream().filter(l -> l.contains("WARN")).toList();
            assertThat(warnings).as("one line for the one audio session; " + p.transcript()).hasSize(1);
            assertThat(warnings.get(0)).contains("synth 'synth': no audio device (")
                    .endsWith("; writing the audio to " + wav);
            assertNoStackTrace(p);
            byte[] b = Files.readAllBytes(wav);
            java.nio.ByteBuffer h = java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            assertThat(new String(b, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
            assertThat(h.getInt(4)).as("RIFF size").isEqualTo(b.length - 8);
            assertThat(h.getInt(40)).as("data size").isEqualTo(b.length - 44).isPositive();
            boolean sound = false;
            for (int i = 44; i + 1 < b.length && !sound; i += 2) {
                sound = Math.abs(h.getShort(i)) > 300; // about -40 dBFS
            }
            assertThat(sound).as("the notes are in " + wav).isTrue();
        }
        assertThat(work.resolve("midihost-synth-2.wav")).as("the mapper's send came within the first session's tail")
                .doesNotExist();
    }

    /**
     * A driver that fails to start says so in one line in all: a synth configured with a sound bank
     * that does not exist (Declarative Services tries it again on every request for its service;
     * SCR's follow-ups name no new cause; the synth's offline renderer, configured alike, checks the
     * configuration only when called).
     */
    @Test
    void aDriverThatFailsToStartPrintsOneLineInAll() throws Exception {
        Path deploy = work.resolve("deploy");
        Files.createDirectories(deploy);
        Path bank = work.resolve("no-such-bank.sf2");
        Files.writeString(deploy.resolve("org.midihost.driver.synth-bad.cfg"),
                "midihost.driver.id=bad\nsoundbank=" + bank + "\n", StandardCharsets.UTF_8);
        try (HostProcess p = new HostProcess(jar(), work, "--deploy", deploy.toString(), "-c", "midi:devices")) {
            assertThat(p.awaitExit(WAIT)).as(p.transcript()).isZero();
            List<String> errors = p.err().stream().filter(l -> !l.startsWith("midihost ")).toList();
            assertThat(errors).as(p.transcript()).hasSize(1);
            assertThat(errors.get(0)).startsWith("error: org.midihost.driver.synth: ")
                    .contains("soundbank " + bank + ": no such file");
            assertThat(p.out()).as("the configured instance replaced the default one, and has no device; " + p.transcript())
                    .noneMatch(l -> l.contains("synth/0") || l.contains("bad/0"));
            assertNoStackTrace(p);
        }
    }

    /** Two drivers that ask for the same driver id: midi:drivers says which one waits, and for whom. */
    @Test
    void midiDriversShowsADriverWaitingForAnIdAnotherHolds() throws Exception {
        Path deploy = work.resolve("deploy");
        Files.createDirectories(deploy);
        Files.writeString(deploy.resolve("org.midihost.driver.loopback-a.cfg"), "midihost.driver.id=same\n",
                StandardCharsets.UTF_8);
        Files.writeString(deploy.resolve("org.midihost.driver.loopback-b.cfg"), "midihost.driver.id=same\n",
                StandardCharsets.UTF_8);
        try (HostProcess p = new HostProcess(jar(), work, "--deploy", deploy.toString(), "-c", "midi:drivers")) {
            assertThat(p.awaitExit(WAIT)).as(p.transcript()).isZero();
            assertThat(p.out()).as(p.transcript()).anyMatch(l -> l.matches(
                    "waits: driver id 'same' of bundle \\d+ is held by bundle \\d+ \\(org\\.midihost\\.driver\\.loopback\\); it takes over when that one goes"));
            assertNoStackTrace(p);
        }
    }
}
