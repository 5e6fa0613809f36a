package javasoundcheck;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sound.midi.MidiDevice;
import javax.sound.midi.MidiMessage;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.MidiUnavailableException;
import javax.sound.midi.Receiver;
import javax.sound.midi.Sequence;
import javax.sound.midi.Sequencer;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Synthesizer;
import javax.sound.midi.Track;
import javax.sound.midi.Transmitter;
import javax.sound.midi.MidiEvent;

/**
 * A program run by {@code JavaSoundProviderTest} in a JVM of its own, with only a class path: the
 * provider, the embed jar, the API and Felix. Java Sound only (the one midihost call is the check
 * that the provider used the host that runs, and holds a device to provoke ALLOCATED). Prints
 * {@code ok: …} per check and exits by returning from {@code main} without closing anything: the
 * JVM must end by itself.
 *
 * <p>Arguments: the deploy folder (also passed as {@code -Dmidihost.deploy}).
 */
public final class ProviderCheck {
    public static void main(String[] args) throws Exception {
        Path deploy = Path.of(args[0]);

        // 1. listing: the first call starts the host (options from -Dmidihost.deploy)
        MidiDevice.Info[] infos = MidiSystem.getMidiDeviceInfo();
        MidiDevice.Info out = find(infos, "midihost output loopback/0");
        MidiDevice.Info in = find(infos, "midihost input loopback/0");
        check(out != null && in != null, "loopback/0 listed: " + Arrays.toString(infos));
        for (MidiDevice.Info i : infos) {
            if ("midihost".equals(i.getVendor())) {
                check(i.getClass().getPackageName().equals("org.midihost.javasound"), "marker package of " + i);
            }
        }
        System.out.println("ok: listed " + count(infos) + " midihost device(s), vendor midihost, Info in org.midihost.javasound");
        System.out.println("ok: re-entrant call from a bundle during start: " + System.getProperty("javasoundcheck.reentrant"));
        check(System.getProperty("javasoundcheck.reentrant") != null, "the deploy folder's bundle ran");
        check(find(infos, "midihost output excl/0") != null, "excl/0 from the deploy folder at start");

        // 2. identity
        MidiDevice.Info[] again = MidiSystem.getMidiDeviceInfo();
        check(find(again, "midihost output loopback/0") == out, "same Info across calls");
        MidiDevice outDev = MidiSystem.getMidiDevice(out);
        check(MidiSystem.getMidiDevice(out) == outDev, "same device for the same Info");
        MidiDevice inDev = MidiSystem.getMidiDevice(in);
        check(outDev.getMaxReceivers() == -1 && outDev.getMaxTransmitters() == 0, "output: receivers only");
        check(inDev.getMaxReceivers() == 0 && inDev.getMaxTransmitters() == -1, "input: transmitters only");
        System.out.println("ok: stable Info and device identity");

        // 3. a device added after start, by a .cfg dropped into the deploy folder
        Files.writeString(deploy.resolve("org.midihost.driver.loopback-later.cfg"), "midihost.driver.id=later\ncables=1\n");
        MidiDevice.Info later = await(() -> find(MidiSystem.getMidiDeviceInfo(), "midihost output later/0"), 10);
        check(later != null, "later/0 appeared");
        System.out.println("ok: later/0 appeared after its .cfg was dropped in");

        // 3b. no loop: the host's javasound driver (scanning every 50 ms, so many times since the
        // host came up) lists none of the provider's devices, so Java Sound lists no midihost
        // device of the javasound driver either
        var looking = org.midihost.embed.EmbeddedMidiHost.running().orElseThrow().host();
        check(looking.drivers().stream().anyMatch(d -> d.driverId().equals("javasound")), "javasound driver in the host: "
                + looking.drivers());
        check(looking.outDevices().devices().stream().noneMatch(c -> c.endpointId().startsWith("javasound/"))
                && looking.inDevices().devices().stream().noneMatch(c -> c.endpointId().startsWith("javasound/")),
                "the javasound driver listed no midihost device: " + looking.outDevices().devices());
        check(Arrays.stream(MidiSystem.getMidiDeviceInfo()).noneMatch(i -> i.getDescription().contains("javasound/")),
                "Java Sound lists no midihost device that is itself a Java Sound device");
        System.out.println("ok: the javasound driver does not loop the provider's devices back");

        // 4. the JDK Sequencer plays a file into the loopback output; a Transmitter on the input gets it all
        Path file = Files.createTempFile("provider-check", ".mid");
        Sequence written = new Sequence(Sequence.PPQ, 480);
        Track track = written.createTrack();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            track.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_ON, 0, 60 + i, 100), i * 48L));
            track.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_OFF, 0, 60 + i, 0), i * 48L + 24));
            expected.add(hex(new ShortMessage(ShortMessage.NOTE_ON, 0, 60 + i, 100)));
            expected.add(hex(new ShortMessage(ShortMessage.NOTE_OFF, 0, 60 + i, 0)));
        }
        MidiSystem.write(written, 0, file.toFile());
        Collector got = new Collector();
        inDev.open();
        Transmitter t1 = inDev.getTransmitter();
        t1.setReceiver(got);
        outDev.open();
        Receiver r1 = outDev.getReceiver();
        Sequencer sequencer = MidiSystem.getSequencer(false);
        sequencer.open();
        sequencer.getTransmitter().setReceiver(r1);
        sequencer.setSequence(MidiSystem.getSequence(file.toFile()));
        CountDownLatch end = new CountDownLatch(1);
        sequencer.addMetaEventListener(m -> {
            if (m.getType() == 0x2F) {
                end.countDown();
            }
        });
        sequencer.start();
        check(end.await(10, TimeUnit.SECONDS), "the sequencer reached the end of the file");
        sequencer.close();
        List<String> notes = await(() -> got.notes().size() >= expected.size() ? got.notes() : null, 5);
        check(expected.equals(notes), "every event in order: " + got.notes());
        check(got.stamps.stream().allMatch(s -> s >= 0) && sorted(got.stamps), "time stamps from open, in order: " + got.stamps);
        check(inDev.getMicrosecondPosition() > 0, "microsecond position while open");
        System.out.println("ok: the Sequencer played " + expected.size() + " events into loopback/0 and the Transmitter got them in order");
        Files.delete(file);

        // 5. several receivers and transmitters on one device
        Receiver r2 = outDev.getReceiver();
        Collector got2 = new Collector();
        Transmitter t2 = inDev.getTransmitter();
        t2.setReceiver(got2);
        check(outDev.getReceivers().size() == 2 && inDev.getTransmitters().size() == 2, "two receivers, two transmitters");
        got.clear();
        r1.send(new ShortMessage(ShortMessage.NOTE_ON, 1, 70, 90), -1);
        r2.send(new ShortMessage(ShortMessage.NOTE_ON, 2, 71, 91), -1);
        check(await(() -> got.notes().size() >= 2 && got2.notes().size() >= 2 ? "" : null, 5) != null,
                "both transmitters got both: " + got.notes() + " / " + got2.notes());
        r2.close();
        check(outDev.getReceivers().size() == 1, "a closed receiver leaves the list");
        check(throwsIllegalState(r2), "a closed receiver refuses to send");
        t2.close();
        check(inDev.getTransmitters().size() == 1, "a closed transmitter leaves the list");
        System.out.println("ok: several receivers and transmitters per device");

        // 6. close semantics
        outDev.close();
        check(!outDev.isOpen() && outDev.getReceivers().isEmpty() && outDev.getMicrosecondPosition() == -1, "closed");
        check(throwsIllegalState(r1), "a receiver is closed with its device");
        outDev.close(); // twice
        Receiver r3 = outDev.getReceiver();
        r3.send(new ShortMessage(ShortMessage.NOTE_ON, 0, 1, 1), -1); // dropped: the device is closed
        outDev.open();
        check(outDev.isOpen(), "reopened");
        outDev.close();
        inDev.close();
        check(!inDev.isOpen() && inDev.getTransmitters().isEmpty(), "input closed");
        System.out.println("ok: close closes receivers and transmitters, is idempotent, and the device reopens");

        // 7. errors: ALLOCATED, with the cause; a device gone since
        var embedded = org.midihost.embed.EmbeddedMidiHost.running().orElseThrow();
        MidiDevice excl = MidiSystem.getMidiDevice(find(MidiSystem.getMidiDeviceInfo(), "midihost output excl/0"));
        try (var held = embedded.host().openOut("excl/0", org.midihost.api.MidiOutCallback.NONE,
                org.midihost.api.OpenOptions.defaults())) {
            MidiUnavailableException e = expectUnavailable(excl);
            check(e.getCause() != null && e.getMessage().contains("MMSYSERR_ALLOCATED"), "ALLOCATED: " + e.getMessage());
            System.out.println("ok: ALLOCATED -> " + e.getMessage());
        }
        Files.delete(deploy.resolve("org.midihost.driver.loopback-later.cfg"));
        check(await(() -> find(MidiSystem.getMidiDeviceInfo(), "midihost output later/0") == null ? "" : null, 10) != null,
                "later/0 went away");
        MidiDevice gone = MidiSystem.getMidiDevice(later); // still resolves
        MidiUnavailableException e = expectUnavailable(gone);
        System.out.println("ok: a device gone since still resolves and fails on open -> " + e.getMessage());

        // 8. the JDK's own devices still work with the provider present
        Synthesizer synth = MidiSystem.getSynthesizer();
        check(synth != null, "a synthesizer");
        Sequencer s2 = MidiSystem.getSequencer();
        check(s2 != null, "a sequencer");
        System.out.println("ok: MidiSystem.getSynthesizer() gives " + synth.getDeviceInfo().getName()
                + ", getSequencer() gives " + s2.getDeviceInfo().getName());
        check(org.midihost.embed.EmbeddedMidiHost.running().orElseThrow() == embedded, "one host all along");
        System.out.println("done");
    }

    private static MidiUnavailableException expectUnavailable(MidiDevice d) {
        try {
            d.open();
        } catch (MidiUnavailableException e) {
            return e;
        }
        d.close();
        throw new AssertionError(d + " opened");
    }

    private static boolean throwsIllegalState(Receiver r) throws Exception {
        try {
            r.send(new ShortMessage(ShortMessage.NOTE_ON, 0, 1, 1), -1);
            return false;
        } catch (IllegalStateException e) {
            return true;
        }
    }

    private static boolean sorted(List<Long> l) {
        for (int i = 1; i < l.size(); i++) {
            if (l.get(i) < l.get(i - 1)) {
                return false;
            }
        }
        return true;
    }

    private static long count(MidiDevice.Info[] infos) {
        return Arrays.stream(infos).filter(i -> "midihost".equals(i.getVendor())).count();
    }

    static MidiDevice.Info find(MidiDevice.Info[] infos, String description) {
        for (MidiDevice.Info i : infos) {
            if ("midihost".equals(i.getVendor()) && description.equals(i.getDescription())) {
                return i;
            }
        }
        return null;
    }

    interface Probe<T> {
        T get() throws Exception;
    }

    static <T> T await(Probe<T> p, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        T v = p.get();
        while (v == null && System.nanoTime() < deadline) {
            Thread.sleep(20);
            v = p.get();
        }
        return v;
    }

    static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError("FAILED: " + what);
        }
    }

    static String hex(MidiMessage m) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < m.getLength(); i++) {
            b.append(String.format("%02X", m.getMessage()[i] & 0xFF));
        }
        return b.toString();
    }

    /** A receiver that keeps what it gets. */
    static final class Collector implements Receiver {
        final List<String> all = new java.util.concurrent.CopyOnWriteArrayList<>();
        final List<Long> stamps = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public void send(MidiMessage message, long timeStamp) {
            all.add(hex(message));
            stamps.add(timeStamp);
        }

        List<String> notes() {
            List<String> n = new ArrayList<>();
            for (String s : all) {
                if (s.startsWith("8") || s.startsWith("9")) {
                    n.add(s);
                }
            }
            return n;
        }

        void clear() {
            all.clear();
            stamps.clear();
        }

        @Override
        public void close() {
        }
    }
}
