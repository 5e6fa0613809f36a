package org.midihost.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.OptionUtils.combine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.midihost.api.MidiHost;
import org.midihost.api.MidiIn;
import org.midihost.api.MidiOut;
import org.midihost.api.MidiOutCallback;
import org.midihost.api.OpenOptions;
import org.midihost.spi.MidiDriver;
import org.midihost.spi.Miniport;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The rawmidi driver bundle in Felix with the host: its component registers the {@link Miniport}
 * service itself and changes the service's properties when device files appear and vanish (hot
 * plug); the host's port driver turns the files into devices. No MIDI hardware here: the devices
 * are named pipes in a temporary directory, scanned instead of {@code /dev/snd}.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class RawMidiIT extends MidihostTestBase {
    private static final String PID = "org.midihost.driver.rawmidi";
    private static final String DEVICES = "midihost.rawmidi.devices";

    private Path dir;
    private org.osgi.service.cm.Configuration config;

    /** @return the common bundles and the rawmidi driver */
    @Override
    @Configuration
    public Option[] config() {
        return combine(super.config(), reactorBundle("midihost.rawmidi.jar"));
    }

    @Before
    public void makeDirectory() throws IOException {
        dir = Files.createTempDirectory("midihost-rawmidiit");
    }

    @After
    public void cleanUp() throws IOException {
        if (config != null) {
            config.delete();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private void configure(Object... keysAndValues) throws IOException {
        config = service(ConfigurationAdmin.class).createFactoryConfiguration(PID, "?");
        Hashtable<String, Object> props = new Hashtable<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            props.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        config.update(props);
    }

    @Test
    public void aFifoAppearingInTheScannedDirectoryIsAnInputAndVanishingRemovesIt() throws Exception {
        MidiHost host = host();
        // Without /dev/snd the default instance has no devices; the others stay as they were.
        awaitDevices(host, DEFAULT_OUTPUTS, DEFAULT_INPUTS);
        configure(MidiDriver.ID, "rawit", "scanDirectory", dir.toString(), "scanInterval", 20);
        await("the rawit miniport service", () -> miniport("rawit") != null);
        assertEquals("no devices yet", List.of(), devicesProperty("rawit"));

        Path card = mkfifo(dir.resolve("midiC1D0"));
        awaitValue("rawit/midiC1D0 as an input", () -> inEndpoints(host), i -> i.contains("rawit/midiC1D0"));
        assertEquals("the service property lists the file", List.of(card.toString()), devicesProperty("rawit"));
        assertTrue("and as an output", outEndpoints(host).contains("rawit/midiC1D0"));

        InEvents events = new InEvents();
        try (MidiIn in = host.openIn("rawit/midiC1D0", events, OpenOptions.defaults())) {
            in.start();
            events.next(InEvents.Open.class);
            run("sh", "-c", "printf '\\221\\100\\177' > \"$1\"", "sh", card.toString());
            assertEquals(shortHex(noteOn(1, 0x40, 0x7F)), shortHex(events.next(InEvents.Data.class).message()));

            Files.delete(card);
            awaitValue("rawit/midiC1D0 gone", () -> inEndpoints(host), i -> !i.contains("rawit/midiC1D0"));
            events.next(InEvents.Close.class);
            assertEquals("the service property is empty again", List.of(), devicesProperty("rawit"));
        }
        awaitDevices(host, DEFAULT_OUTPUTS, DEFAULT_INPUTS);
    }

    @Test
    public void messagesToAConfiguredOutputComeOutOfItsFile() throws Exception {
        MidiHost host = host();
        Path out = mkfifo(dir.resolve("out"));
        configure(MidiDriver.ID, "pipe", "output", out.toString(), "name", "Pipe Out", "runningStatus", true);
        awaitValue("pipe/0", () -> outEndpoints(host), o -> o.contains("pipe/0"));
        assertEquals("Pipe Out", host.outCaps(outEndpoints(host).indexOf("pipe/0")).productName());

        try (MidiOut midiOut = host.openOut("pipe/0", MidiOutCallback.NONE, OpenOptions.defaults())) {
            midiOut.shortMsg(noteOn(0, 60, 100));
            midiOut.shortMsg(noteOn(0, 64, 100));
            byte[] wire = run("head", "-c", "5", out.toString());
            assertArrayEquals("note on, then running status: " + hex(wire, wire.length),
                    new byte[] {(byte) 0x90, 60, 100, 64, 100}, wire);
        }
    }

    private ServiceReference<Miniport> miniport(String driverId) {
        try {
            Collection<ServiceReference<Miniport>> refs = context.getServiceReferences(Miniport.class,
                    "(" + MidiDriver.ID + "=" + driverId + ")");
            return refs.isEmpty() ? null : refs.iterator().next();
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private List<String> devicesProperty(String driverId) {
        return Arrays.asList((String[]) miniport(driverId).getProperty(DEVICES));
    }

    private static Path mkfifo(Path path) throws IOException, InterruptedException {
        run("mkfifo", path.toString());
        return path;
    }

    /** Runs a command to its end and returns its standard output. */
    private static byte[] run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        p.getOutputStream().close();
        // The outputs are a few bytes, so the process never blocks on a full pipe: wait, then read.
        if (!p.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + ": did not end within " + TIMEOUT.toMillis() + " ms");
        }
        if (p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + ": exit " + p.exitValue());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = p.getInputStream()) {
            in.transferTo(out);
        }
        return out.toByteArray();
    }
}
