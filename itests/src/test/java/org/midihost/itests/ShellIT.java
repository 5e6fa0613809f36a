package org.midihost.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.midihost.api.MidiException;
import org.midihost.api.MidiHost;
import org.midihost.api.MidiIn;
import org.midihost.api.MidiInCallback;
import org.midihost.api.MidiOut;
import org.midihost.api.MidiOutCallback;
import org.midihost.api.MmResult;
import org.midihost.api.OpenOptions;
import org.midihost.api.TimeDivision;
import org.midihost.stream.smf.Smf;
import org.midihost.stream.smf.SmfEvent;
import org.midihost.stream.smf.SmfReader;
import org.midihost.stream.smf.SmfTrack;
import org.midihost.stream.smf.SmfWriter;
import org.midihost.itests.probe.ProbeRecorder;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The {@code midi:} commands run through Gogo's {@link CommandProcessor}, as a console or script
 * runs them: their output, their {@code --help}, their argument errors (one line naming the bad
 * value and the usage, never Gogo's "Cannot coerce"), and their failures as one line that leads
 * with the cause and ends with the result code's name.
 * Devices (see {@link MidihostTestBase}): outputs 0 {@code loopback/0}, 1 {@code probe/rec},
 * 2 {@code probe/excl}; input 0 {@code loopback/0}.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ShellIT extends MidihostTestBase {

    /** @return the common bundles, plus the Gogo runtime and the shell bundle */
    @Override
    @Configuration
    public Option[] config() {
        return OptionUtils.combine(super.config(),
                mavenBundle("org.apache.felix", "org.apache.felix.gogo.runtime").versionAsInProject(),
                reactorBundle("midihost.shell.jar"));
    }

    @Before
    public void devicesPresent() {
        awaitDevices(host(), DEFAULT_OUTPUTS, DEFAULT_INPUTS);
        probe().clear();
    }

    /** What one command line printed, or the exception it threw. */
    private record Result(String out, Exception error) {
        String ok() {
            if (error != null) {
                throw new AssertionError("command failed: " + error, error);
            }
            return out;
        }

        MidiException failed(MmResult expected) {
            if (!(error instanceof MidiException me)) {
                throw new AssertionError("expected a MidiException " + expected + ", got " + error + "; output: " + out, error);
            }
            assertEquals(expected, me.result());
            String line = me.getMessage();
            assertTrue("one line: " + line, !line.contains("\n"));
            assertTrue("cause, then the name: " + line, line.endsWith(" \u2014 " + expected.name()));
            assertFalse("the cause, not the generic text: " + line, line.startsWith(expected.text()));
            return me;
        }

        /** @return the one-line usage error, after checking it names the value and the usage */
        String usageError(String command, String value) {
            if (error == null || !error.getClass().getSimpleName().equals("UsageException")) {
                throw new AssertionError("expected a usage error, got " + error + "; output: " + out, error);
            }
            String line = error.getMessage();
            assertTrue("one line: " + line, !line.contains("\n"));
            assertTrue("names the command: " + line, line.startsWith(command + ": "));
            assertTrue("names the value " + value + ": " + line, line.contains(value));
            assertTrue("shows the usage: " + line, line.contains("; usage: " + command));
            assertFalse(line, line.contains("coerce"));
            return line;
        }
    }

    private Result run(String commandLine) {
        CommandProcessor processor = service(CommandProcessor.class);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CommandSession session = processor.createSession(new ByteArrayInputStream(new byte[0]), out, out)) {
            try {
                session.execute(commandLine);
                return new Result(out.toString(StandardCharsets.UTF_8), null);
            } catch (Exception e) {
                return new Result(out.toString(StandardCharsets.UTF_8), e);
            }
        }
    }

    @Test
    public void devicesListsOutputsAndInputsWithIdEndpointNameTechnologyDriver() {
        String out = run("midi:devices").ok();
        System.out.println("ShellIT midi:devices\n" + out);
        List<String> lines = out.lines().toList();
        assertTrue(out, lines.get(0).matches("DIR\\s+ID\\s+ENDPOINT\\s+NAME\\s+TECHNOLOGY\\s+DRIVER\\s+CLIENTS"));
        // the mapper first, with the output it stands for (no software synth here: output 0)
        assertTrue(out, lines.get(1).matches("out\\s+-1\\s+midihost/mapper\\s+MIDI Mapper \u2192 loopback/0\\s+mapper\\s+\\S+\\s+-"));
        assertTrue(out, lines.get(2).matches("out\\s+0\\s+loopback/0\\s+Loopback 1\\s+port\\s+loopback\\s+0"));
        assertTrue(out, lines.get(3).matches("out\\s+1\\s+probe/rec\\s+Probe Recorder\\s+port\\s+probe\\s+0"));
        assertTrue(out, lines.get(4).matches("out\\s+2\\s+probe/excl\\s+Probe Exclusive\\s+port\\s+probe\\s+0"));
        assertTrue(out, lines.get(5).matches("in\\s+0\\s+loopback/0\\s+Loopback 1\\s+-\\s+loopback\\s+0"));
        assertEquals("3 output(s), 1 input(s)", lines.get(6));
    }

    @Test
    public void devicesCountsOpenClients() throws Exception {
        MidiHost host = service(MidiHost.class);
        try (MidiOut a = host.openOut("probe/rec", MidiOutCallback.NONE, OpenOptions.direct());
                MidiOut b = host.openOut("probe/rec", MidiOutCallback.NONE, OpenOptions.direct());
                MidiIn in = host.openIn("loopback/0", MidiInCallback.NONE, OpenOptions.direct())) {
            String out = run("midi:devices").ok();
            List<String> lines = out.lines().toList();
            assertTrue(out, lines.get(3).matches("out\\s+1\\s+probe/rec\\s+.*\\s+probe\\s+2"));
            assertTrue(out, lines.get(5).matches("in\\s+0\\s+loopback/0\\s+.*\\s+loopback\\s+1"));
        }
        assertTrue(run("midi:devices").ok().lines().skip(2).limit(4).allMatch(l -> l.endsWith(" 0")));
    }

    @Test
    public void capsShowsEveryFieldOfAnOutputAndAnInput() {
        String out = run("midi:caps 1").ok();
        assertTrue(out, out.startsWith("out 1 probe/rec\n"));
        for (String field : List.of("name             Probe Recorder", "endpoint         probe/rec", "driver           probe",
                "manufacturer id", "product id", "driver version", "technology       port (MOD_MIDIPORT)", "voices           0",
                "notes            0", "channel mask     0xFFFF (channels 1-16)", "support          none")) {
            assertTrue("caps field '" + field + "' in:\n" + out, out.contains("  " + field));
        }
        String byEndpoint = run("midi:caps probe/rec").ok();
        assertEquals(out, byEndpoint);

        String in = run("midi:caps -i loopback/0").ok();
        assertTrue(in, in.startsWith("in 0 loopback/0\n"));
        assertTrue(in, in.contains("  name             Loopback 1"));
        assertFalse("inputs have no technology: " + in, in.contains("technology"));
    }

    @Test
    public void driversListsBundleStateDriverIdAndDeviceCounts() {
        String out = run("midi:drivers").ok();
        System.out.println("ShellIT midi:drivers\n" + out);
        assertTrue(out, out.startsWith("BUNDLE  NAME"));
        assertTrue(out, out.lines().anyMatch(l -> l.matches("\\d+\\s+" + LOOPBACK_BSN.replace(".", "\\.") + "\\s+\\S+\\s+active\\s+loopback\\s+100\\s+1\\s+1")));
        assertTrue(out, out.lines().anyMatch(l -> l.matches("\\d+\\s+" + PROBE_BSN.replace(".", "\\.") + "\\s+\\S+\\s+active\\s+probe\\s+200\\s+2\\s+0")));
    }

    @Test
    public void driversShowsAStoppedDriverBundleWithoutDevices() throws Exception {
        installedBundle(PROBE_BSN).stop();
        try {
            awaitDevices(host(), List.of(LOOPBACK_0), DEFAULT_INPUTS);
            String out = run("midi:drivers").ok();
            assertTrue(out, out.lines().anyMatch(l -> l.matches("\\d+\\s+" + PROBE_BSN.replace(".", "\\.") + "\\s+\\S+\\s+resolved\\s+-\\s+-\\s+0\\s+0")));
        } finally {
            installedBundle(PROBE_BSN).start();
        }
        awaitDevices(host(), DEFAULT_OUTPUTS, DEFAULT_INPUTS);
    }

    @Test
    public void sendDeliversShortMessagesWithRunningStatusAndSysex() {
        String out = run("midi:send probe/rec 90 3C 64 40 7F F0 7E 7F 09 01 F7 80 3C 00").ok();
        assertEquals("probe/rec: sent 4 message(s), 15 byte(s)\n", out);
        assertArrayEquals(new int[] { noteOn(0, 0x3C, 0x64), noteOn(0, 0x40, 0x7F), 0x3C80 }, probe().shortMessages(ProbeRecorder.RECORDER));
        List<byte[]> sysex = probe().sysex(ProbeRecorder.RECORDER);
        assertEquals(1, sysex.size());
        assertEquals("F0 7E 7F 09 01 F7", hex(sysex.get(0), sysex.get(0).length));
    }

    @Test
    public void sendTakesDecimalAndDeviceIds() {
        assertEquals("probe/rec: sent 1 message(s), 3 byte(s)\n", run("midi:send --dec 1 144 60 100").ok());
        assertArrayEquals(new int[] { noteOn(0, 60, 100) }, probe().shortMessages(ProbeRecorder.RECORDER));
    }

    @Test
    public void monitorPrintsDecodedTimeStampedInputWhileItsClosureSends() {
        String out = run("midi:monitor 0 --count 3 --timeout 10 { midi:send 0 90 3C 64 B0 07 64 F0 7E 7F 09 01 F7 }").ok();
        System.out.println("ShellIT midi:monitor\n" + out);
        List<String> lines = out.lines().toList();
        assertTrue(out, lines.get(0).startsWith("monitoring in 0 loopback/0 \"Loopback 1\", 3 message(s), 10.0 s"));
        assertEquals(out, "loopback/0: sent 3 message(s), 12 byte(s)", lines.get(1));
        assertTrue(out, lines.get(2).matches("\\s*\\d+\\.\\d{3}  note on ch 1 C4 vel 100"));
        assertTrue(out, lines.get(3).matches("\\s*\\d+\\.\\d{3}  control change ch 1 cc 7 \\(volume\\) value 100"));
        assertTrue(out, lines.get(4).matches("\\s*\\d+\\.\\d{3}  sysex F0 7E 7F 09 01 F7 \\(6 bytes\\)"));
        assertEquals(out, "3 message(s)", lines.get(5));
    }

    @Test
    public void monitorOutSpiesOnWhatIsSentToAnOutput() {
        String out = run("midi:monitor --out loopback/0 --count 2 --timeout 10 { midi:send 0 90 3C 64 F0 7E 7F 09 01 F7 }").ok();
        System.out.println("ShellIT midi:monitor --out\n" + out);
        List<String> lines = out.lines().toList();
        assertTrue(out, lines.get(0).startsWith("monitoring out loopback/0 loopback/0 \"Loopback 1\", 2 message(s), 10.0 s"));
        assertTrue(out, lines.get(2).matches("\\s*\\d+\\.\\d{3}  note on ch 1 C4 vel 100"));
        assertTrue(out, lines.get(3).matches("\\s*\\d+\\.\\d{3}  sysex F0 7E 7F 09 01 F7 \\(6 bytes\\)"));
        assertEquals(out, "2 message(s)", lines.get(4));
        run("midi:monitor -o -1 --timeout 1").failed(MmResult.MMSYSERR_BADDEVICEID);
    }

    @Test
    public void monitorEndsAtItsTimeoutWithWhatCame() {
        long start = System.nanoTime();
        String out = run("midi:monitor loopback/0 --timeout 0.2").ok();
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(out, out.endsWith("0 message(s)\n"));
        assertTrue("returned after its timeout, not long after: " + ms + " ms", ms < TIMEOUT.toMillis());
    }

    @Test
    public void resetOfTheLoopbackSendsAllNotesOffOnEveryChannel() {
        String out = run("midi:monitor 0 --count 16 --timeout 10 { midi:reset 0 }").ok();
        assertTrue(out, out.contains("loopback/0: reset\n"));
        for (int ch = 1; ch <= 16; ch++) {
            assertTrue("all notes off on channel " + ch + ":\n" + out,
                    out.contains("  control change ch " + ch + " cc 123 (all notes off) value 0\n"));
        }
        assertTrue(out, out.endsWith("16 message(s)\n"));
    }

    @Test
    public void badDeviceIdIsTheBadDeviceIdTextForEveryCommand() {
        for (String command : List.of("midi:caps 99", "midi:caps -i 5", "midi:send 99 90 3C 64", "midi:reset 3",
                "midi:monitor 7 --count 1 --timeout 1")) {
            MidiException e = run(command).failed(MmResult.MMSYSERR_BADDEVICEID);
            System.out.println("ShellIT " + command + " -> " + e.getMessage());
        }
    }

    @Test
    public void unknownEndpointIsNoDevice() {
        run("midi:caps nosuch/0").failed(MmResult.MIDIERR_NODEVICE);
        run("midi:monitor nosuch/0 --timeout 1").failed(MmResult.MIDIERR_NODEVICE);
    }

    @Test
    public void badBytesAreUsageErrorsNamingThemAndSendNothing() {
        for (String[] commandAndValue : List.of(new String[] { "midi:send 1 ZZ", "'ZZ'" },
                new String[] { "midi:send 1 90 3C", "90 3C" }, new String[] { "midi:send 1 3C 64", "3C" },
                new String[] { "midi:send 1 F0 01", "F7" }, new String[] { "midi:send --dec 1 300", "'300'" },
                new String[] { "midi:send 1", "missing BYTES" })) {
            System.out.println("ShellIT " + commandAndValue[0] + " -> "
                    + run(commandAndValue[0]).usageError("midi:send", commandAndValue[1]));
        }
        assertEquals(0, probe().shortMessageCount(ProbeRecorder.RECORDER));
        assertEquals(0, probe().openCount(ProbeRecorder.RECORDER));
    }

    @Test
    public void sendToASingleClientOutputInUseIsAllocated() throws MidiException {
        try (MidiOut holder = host().openOut(PROBE_EXCL, MidiOutCallback.NONE, OpenOptions.defaults())) {
            run("midi:send probe/excl 90 3C 64").failed(MmResult.MMSYSERR_ALLOCATED);
            run("midi:reset 2").failed(MmResult.MMSYSERR_ALLOCATED);
            assertTrue(holder.isOpen());
        }
        run("midi:send probe/excl 90 3C 64").ok();
    }

    @Test
    public void commandsLeaveNoHandleOpen() {
        run("midi:send 1 90 3C 64").ok();
        run("midi:reset 1").ok();
        run("midi:send 2 90 3C 64").ok();
        await("probe handles closed", () -> probe().openCount(ProbeRecorder.RECORDER) == 0
                && probe().openCount(ProbeRecorder.EXCLUSIVE) == 0);
        if (probe().callsAfterClose() != 0) {
            fail("calls after close: " + probe().callsAfterClose());
        }
    }

    @Test
    public void everyCommandPrintsItsUsageForHelpInsteadOfRunning() {
        for (String command : List.of("devices", "caps", "drivers", "send", "monitor", "reset", "volume", "midi")) {
            for (String flag : List.of("--help", "-h")) {
                String out = run("midi:" + command + " " + flag).ok();
                assertTrue(command + " " + flag + ": " + out, out.startsWith("usage: midi:" + command));
                assertTrue(command + " " + flag + ": " + out, out.contains("  -h, --help"));
            }
        }
        // the help wins over arguments that would fail, and nothing is sent
        assertTrue(run("midi:send 1 ZZ --help").ok().startsWith("usage: midi:send [--dec] ID BYTES..."));
        assertEquals(0, probe().openCount(ProbeRecorder.RECORDER));
    }

    @Test
    public void missingAndMalformedArgumentsNameTheValueAndShowTheUsage() {
        run("midi:caps").usageError("midi:caps", "missing ID");
        run("midi:reset").usageError("midi:reset", "missing ID");
        run("midi:monitor 0 --count x").usageError("midi:monitor", "--count 'x'");
        run("midi:monitor 0 --timeout soon").usageError("midi:monitor", "--timeout 'soon'");
        run("midi:monitor 0 --count").usageError("midi:monitor", "--count needs a value");
        run("midi:caps 0 --nosuch").usageError("midi:caps", "'--nosuch'");
        run("midi:drivers extra").usageError("midi:drivers", "'extra'");
        run("midi:volume 0 loud").usageError("midi:volume", "LEFT 'loud'");
        run("midi:volume 0 65536").usageError("midi:volume", "LEFT '65536'");
    }

    @Test
    public void theMidiCommandListsEveryCommandOnALineOfItsOwn() {
        String out = run("midi:midi").ok();
        for (String command : List.of("devices", "caps", "drivers", "send", "monitor", "reset", "volume")) {
            assertTrue(command + " in:\n" + out, out.lines().anyMatch(l -> l.matches("\\s+midi:" + command + "\\s+\\S.*")));
        }
    }

    /**
     * Issue #14: midi:midi lists the midi: commands of other bundles while they are there (the rtp
     * driver's midi:sessions, midi:invite, midi:end, with the lines its bundle gives), and not after.
     */
    @Test
    public void theMidiCommandListsTheRtpCommandsWhileTheRtpBundleIsThere() throws Exception {
        assertFalse(run("midi:midi").ok().contains("midi:sessions"));
        org.osgi.framework.Bundle rtp = context.installBundle(reactorBundleLocation("midihost.rtp.jar"));
        try {
            rtp.start();
            String out = awaitValue("midi:midi listing the rtp commands", () -> run("midi:midi").ok(),
                    o -> o.contains("midi:end"));
            System.out.println("ShellIT midi:midi with the rtp bundle\n" + out);
            assertTrue(out, out.lines().anyMatch(l -> l.matches("\\s+midi:sessions\\s+list the RTP-MIDI sessions .*")));
            assertTrue(out, out.lines().anyMatch(l -> l.matches("\\s+midi:invite\\s+invite an RTP-MIDI participant.*")));
            assertTrue(out, out.lines().anyMatch(l -> l.matches("\\s+midi:end\\s+end an RTP-MIDI session.*")));
            assertTrue("the shell's own still there:\n" + out, out.contains("midi:devices"));
        } finally {
            rtp.uninstall();
        }
        assertFalse(run("midi:midi").ok().contains("midi:sessions"));
    }

    @Test
    public void badDeviceIdLeadsWithTheCauseThenTheName() {
        assertEquals("device id 99 is out of range (3 outputs, 0..2) \u2014 MMSYSERR_BADDEVICEID",
                run("midi:caps 99").failed(MmResult.MMSYSERR_BADDEVICEID).getMessage());
        assertEquals("device id 5 is out of range (1 input) \u2014 MMSYSERR_BADDEVICEID",
                run("midi:caps -i 5").failed(MmResult.MMSYSERR_BADDEVICEID).getMessage());
    }

    @Test
    public void volumeOfAnOutputWithoutVolumeIsNotSupported() {
        MidiException e = run("midi:volume loopback/0").failed(MmResult.MMSYSERR_NOTSUPPORTED);
        assertTrue(e.getMessage(), e.getMessage().startsWith("loopback/0 "));
        run("midi:volume 0 50%".replace("50%", "'50%'")).failed(MmResult.MMSYSERR_NOTSUPPORTED);
        run("midi:volume 9").failed(MmResult.MMSYSERR_BADDEVICEID);
        await("volume handles closed", () -> {
            try {
                return host().openHandles(host().outCaps(0)) == 0;
            } catch (MidiException x) {
                return false;
            }
        });
    }

    @Test
    public void playShowsTheFileAndStopsAtMidiStopFromAnotherSessionReleasingItsNotes() throws Exception {
        Path file = Files.createTempFile("shellit", ".mid");
        List<SmfEvent> events = new ArrayList<>();
        for (int i = 0; i < 240; i++) { // a note every 120 ticks at 480 PPQ and 120 bpm: 30 s
            events.add(SmfEvent.channel(i * 120L, 0x90 | (48 + i % 24) << 8 | 100 << 16));
            events.add(SmfEvent.channel(i * 120L + 100, 0x80 | (48 + i % 24) << 8));
        }
        new SmfWriter().write(Smf.of(1, TimeDivision.ppq(480), List.of(SmfTrack.of(events))), file);
        assertEquals("nothing is playing\n", run("midi:stop").ok());
        CompletableFuture<Result> play = CompletableFuture.supplyAsync(() -> run("midi:play -d probe/rec " + file));
        awaitValue("notes reaching probe/rec", () -> probe().shortMessages(ProbeRecorder.RECORDER).length, n -> n >= 5);
        assertEquals("stopping 1 file(s)\n", run("midi:stop").ok());
        String out = play.get(10, TimeUnit.SECONDS).ok();
        List<String> lines = out.lines().toList();
        assertTrue(out, lines.get(0).matches("playing " + java.util.regex.Pattern.quote(file.toString())
                + ": format 1, 1 track\\(s\\), 480 PPQ, \\d+ event\\(s\\), 0:30\\.0 on probe/rec \"Probe Recorder\""));
        assertTrue(out, lines.get(lines.size() - 1).matches("stopped at 0:0\\d\\.\\d of 0:30\\.0"));
        int on = 0;
        int off = 0;
        for (int m : probe().shortMessages(ProbeRecorder.RECORDER)) {
            if ((m & 0xF0) == 0x90 && (m >> 16) > 0) {
                on++;
            } else if ((m & 0xF0) == 0x80 || (m & 0xF0) == 0x90) {
                off++;
            }
        }
        assertTrue("played some notes: " + on, on >= 3 && on < 200);
        assertEquals("every note played is released", on, off);
        assertEquals("nothing is playing\n", run("midi:stop").ok());
        Files.delete(file);
    }

    @Test
    public void recordKeepsWhatArrivesUntilTheInputGoesAway() throws Exception {
        Path file = Files.createTempFile("shellit", ".mid");
        CountDownLatch passed = new CountDownLatch(3);
        MidiHost host = host();
        MidiIn watch = host.openIn(LOOPBACK_0, new MidiInCallback() {
            @Override
            public void onData(MidiIn in, int message, long millis, long nanos) {
                passed.countDown();
            }
        }, OpenOptions.direct());
        watch.start();
        CompletableFuture<Result> rec = CompletableFuture.supplyAsync(
                () -> run("midi:record loopback/0 " + file + " { midi:send loopback/0 90 3C 64 B0 07 64 80 3C 00 }"));
        try {
            assertTrue("the closure's messages went through loopback/0", passed.await(10, TimeUnit.SECONDS));
            installedBundle(LOOPBACK_BSN).stop(); // the input goes away: the recording ends
            String out = rec.get(10, TimeUnit.SECONDS).ok();
            assertTrue(out, out.lines().anyMatch(l -> l.startsWith("recorded 3 message(s), ") && l.endsWith("(the input went away)")));
        } finally {
            installedBundle(LOOPBACK_BSN).start();
            awaitDevices(host(), DEFAULT_OUTPUTS, DEFAULT_INPUTS);
            try {
                watch.close(); // its driver went: CLOSE came, the handle is closed for good now
            } catch (MidiException e) {
                // already invalid
            }
        }
        Smf smf = new SmfReader().read(file);
        assertEquals(1, smf.format());
        assertEquals(TimeDivision.ppq(480), smf.division());
        List<Integer> got = smf.tracks().get(1).events().stream().filter(e -> e.kind() == SmfEvent.Kind.CHANNEL)
                .map(SmfEvent::message).toList();
        assertEquals(List.of(0x643C90, 0x6407B0, 0x3C80), got);
        Files.delete(file);
    }
}
