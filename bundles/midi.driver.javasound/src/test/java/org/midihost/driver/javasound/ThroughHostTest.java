package org.midihost.driver.javasound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.fakemidi.FakeHardware;
import com.example.fakemidi.FakePort;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.sound.midi.MidiDevice;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequencer;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Synthesizer;
import javax.sound.midi.SysexMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.midihost.api.DeviceEvent;
import org.midihost.api.MidiException;
import org.midihost.api.MidiHeader;
import org.midihost.api.MidiIn;
import org.midihost.api.MidiInCallback;
import org.midihost.api.MidiOut;
import org.midihost.api.MidiOutCallback;
import org.midihost.api.MmResult;
import org.midihost.api.OpenOptions;
import org.midihost.host.Host;
import org.midihost.spi.InInstance;
import org.midihost.spi.MidiDriver;
import org.midihost.testkit.Configs;
import org.midihost.testkit.RecordingInClient;
import org.midihost.testkit.RecordingOutClient;

/**
 * The driver through the real host, on fake hardware ports that a real Java Sound provider lists
 * ({@code com.example.fakemidi.FakeProvider}, registered in {@code META-INF/services}): these
 * machines have no MIDI hardware. The driver's listener does what the component does in OSGi: it
 * changes the service properties, here by calling the host's {@code modifiedDriver} as DS would.
 */
@Timeout(60)
class ThroughHostTest {
    static final long DEADLINE_MILLIS = 10_000;

    final Host host = new Host();
    JavaSoundPorts ports;

    @BeforeEach
    void unplugAll() {
        FakeHardware.reset();
    }

    @AfterEach
    void close() {
        host.close();
        if (ports != null) {
            ports.close();
        }
        FakeHardware.reset();
    }

    /** Binds a driver with {@code config}, as the component does: no device at first, then a scan. */
    private void bind(Object... config) {
        ports = new JavaSoundPorts(Settings.of(Configs.of(JavaSoundDriver.Config.class, config)),
                devices -> host.modifiedDriver(ports, properties(devices)));
        host.addDriver(ports, properties(ports.property()));
    }

    private static Map<String, Object> properties(List<String> devices) {
        Map<String, Object> p = new HashMap<>();
        p.put(MidiDriver.ID, JavaSoundDriver.DEFAULT_ID);
        p.put(MidiDriver.ORDER, MidiDriver.DEFAULT_ORDER);
        p.put(JavaSoundDriver.DEVICES, devices.toArray(new String[0]));
        return p;
    }

    private List<String> outputs() throws MidiException {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < host.outDeviceCount(); i++) {
            ids.add(host.outCaps(i).endpointId());
        }
        return ids;
    }

    private List<String> inputs() throws MidiException {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < host.inDeviceCount(); i++) {
            ids.add(host.inCaps(i).endpointId());
        }
        return ids;
    }

    @Test
    void portsAreListedByStableIdsThatNeitherOrderNorIdenticalDevicesDisturb() throws Exception {
        FakePort keys = new FakePort("Keys", "Fake Audio", "USB keyboard", "1.0", false, true);
        FakePort synth = new FakePort("Synth Module", "Fake Audio", "Sound module", "2.1", true, false);
        FakePort cable1 = FakePort.both("UM-ONE", "Roland");
        FakePort cable2 = FakePort.both("UM-ONE", "Roland");
        FakeHardware.plug(keys, cable1, synth, cable2);
        bind();
        assertThat(ports.rescan()).isTrue();

        assertThat(outputs()).containsExactly("javasound/synth-module-fake-audio-sound-module-2-1",
                "javasound/um-one-roland-um-one-midi-port-1-0", "javasound/um-one-roland-um-one-midi-port-1-0#2");
        assertThat(inputs()).containsExactly("javasound/keys-fake-audio-usb-keyboard-1-0",
                "javasound/um-one-roland-um-one-midi-port-1-0", "javasound/um-one-roland-um-one-midi-port-1-0#2");
        assertThat(host.outCaps(0).productName()).isEqualTo("Synth Module");
        String second = "um-one-roland-um-one-midi-port-1-0#2";
        assertThat(deviceOf(second)).isSameAs(cable2);

        // Java Sound lists them the other way round: nothing changes, the same device has the same id.
        FakeHardware.reverse();
        assertThat(ports.rescan()).isFalse();
        assertThat(deviceOf(second)).isSameAs(cable2);
        assertThat(outputs()).hasSize(3);

        // The first of the identical two goes: the second keeps #2; back again, it is the first again.
        FakeHardware.unplug(cable1);
        assertThat(ports.rescan()).isTrue();
        assertThat(outputs()).containsExactly("javasound/synth-module-fake-audio-sound-module-2-1",
                "javasound/um-one-roland-um-one-midi-port-1-0#2");
        FakeHardware.plug(cable1);
        assertThat(ports.rescan()).isTrue();
        assertThat(deviceOf(second)).isSameAs(cable2);
        assertThat(deviceOf("um-one-roland-um-one-midi-port-1-0")).isSameAs(cable1);
    }

    private MidiDevice deviceOf(String id) {
        return ports.ports().stream().filter(p -> p.id().equals(id)).findFirst().orElseThrow().device();
    }

    @Test
    void javaSoundsSynthesizerAndSequencerAndMidihostsOwnDevicesAreNeverListed() throws Exception {
        FakePort own = FakePort.both("Loopback 1", "midihost");
        FakePort ownClass = new FakePort(new MidihostInfo("Loopback 1"), true, true);
        FakePort real = FakePort.both("Real Port", "Fake Audio");
        FakeHardware.plug(own, ownClass, real);
        // They are there to be left out: Gervill and the Real Time Sequencer come with the JDK.
        List<Class<?>> kinds = new ArrayList<>();
        for (MidiDevice.Info info : MidiSystem.getMidiDeviceInfo()) {
            MidiDevice d = MidiSystem.getMidiDevice(info);
            kinds.add(d instanceof Synthesizer ? Synthesizer.class : d instanceof Sequencer ? Sequencer.class
                    : MidiDevice.class);
        }
        assertThat(kinds).contains(Synthesizer.class, Sequencer.class);
        assertThat(MidiSystem.getMidiDeviceInfo()).contains(own.getDeviceInfo(), ownClass.getDeviceInfo());

        bind();
        ports.rescan();
        assertThat(ports.ports()).extracting(JavaSoundPort::device).containsExactly(real);
        assertThat(outputs()).containsExactly("javasound/real-port-fake-audio-real-port-midi-port-1-0");
        assertThat(inputs()).containsExactly("javasound/real-port-fake-audio-real-port-midi-port-1-0");
    }

    /** An info of midihost's own Java Sound provider, recognised by its class. */
    static final class MidihostInfo extends MidiDevice.Info {
        MidihostInfo(String name) {
            super(name, "someone", "midihost device", "1.0");
        }
    }

    @Test
    void aPortUnpluggedWhileHeldClosesItsHandlesAndTheyComeBackWhenItReturns() throws Exception {
        LinkedBlockingQueue<DeviceEvent> events = new LinkedBlockingQueue<>();
        host.addDeviceListener(events::add);
        FakePort port = FakePort.both("Hot Plug", "Fake Audio");
        bind("rescan", 20);
        ports.startScanning();
        assertThat(outputs()).isEmpty();

        FakeHardware.plug(port);
        String endpoint = "javasound/hot-plug-fake-audio-hot-plug-midi-port-1-0";
        awaitEvent(events, DeviceEvent.Type.ADDED, endpoint);
        LinkedBlockingQueue<String> outEvents = new LinkedBlockingQueue<>();
        MidiOut out = host.openOut(endpoint, new MidiOutCallback() {
            @Override
            public void onOpen(MidiOut o) {
                outEvents.add("open");
            }

            @Override
            public void onClose(MidiOut o) {
                outEvents.add("close");
            }
        }, OpenOptions.direct().reconnect(true));
        Recorder rec = new Recorder();
        MidiIn in = host.openIn(endpoint, rec, OpenOptions.direct().reconnect(true));
        in.start();
        assertThat(next(outEvents)).isEqualTo("open");
        assertThat(port.opens()).isEqualTo(1);

        FakeHardware.unplug(port);
        awaitEvent(events, DeviceEvent.Type.REMOVED, endpoint);
        assertThat(next(outEvents)).isEqualTo("close");
        assertThat(rec.until(Close.class)).isNotNull();
        assertThatThrownBy(() -> out.shortMsg(0x643C90)).isInstanceOfSatisfying(MidiException.class,
                e -> assertThat(e.result()).isEqualTo(MmResult.MMSYSERR_NODRIVER));

        FakeHardware.plug(port);
        awaitEvent(events, DeviceEvent.Type.ADDED, endpoint);
        assertThat(next(outEvents)).isEqualTo("open");
        // Reattached: the host opened the port again for both handles.
        out.shortMsg(0x643C90);
        assertThat(port.nextSent(DEADLINE_MILLIS).bytes()).containsExactly(0x90, 0x3C, 0x64);
        assertThat(port.opens()).isEqualTo(2);
        in.start();
        port.arrive(new ShortMessage(0x80, 0x3C, 0), -1);
        assertThat(((Data) rec.until(Data.class)).message()).isEqualTo(0x3C80);
        out.close();
        in.close();
        assertThat(port.isOpen()).as("the last close closes the port").isFalse();
    }

    @Test
    void messagesGoBothWaysWithTimeStamps() throws Exception {
        FakePort port = FakePort.both("Interface", "Fake Audio");
        FakeHardware.plug(port);
        bind();
        ports.rescan();
        String endpoint = "javasound/interface-fake-audio-interface-midi-port-1-0";

        try (MidiOut out = host.openOut(endpoint, MidiOutCallback.NONE, OpenOptions.direct());
                MidiIn in = host.openIn(endpoint, new Recorder(), OpenOptions.direct())) {
            out.shortMsg(0x643C90);
            out.shortMsg(0x05C0);
            assertThat(port.nextSent(DEADLINE_MILLIS).bytes()).containsExactly(0x90, 0x3C, 0x64);
            assertThat(port.nextSent(DEADLINE_MILLIS).bytes()).containsExactly(0xC0, 0x05);
            assertThat(port.opens()).as("one Java Sound open for both directions").isEqualTo(1);
        }
        assertThat(port.isOpen()).isFalse();

        Recorder rec = new Recorder();
        try (MidiIn in = host.openIn(endpoint, rec, OpenOptions.direct())) {
            long started = System.nanoTime();
            in.start();
            // Stamped by the port's clock now: arrives stamped now.
            long before = System.nanoTime();
            port.arriveNow(new ShortMessage(0x90, 0x40, 0x50));
            long after = System.nanoTime();
            Data now = (Data) rec.until(Data.class);
            assertThat(now.message()).isEqualTo(0x504090);
            assertThat(now.nanos()).isBetween(before - 2_000_000L, after);
            assertThat(now.millis()).isBetween(0L, (after - started) / 1_000_000L + 1);
            // Stamped 5 ms back on the port's clock: the device's stamp is used, not the arrival.
            // (The port's clock starts at its open: let it pass 5 ms, so that the stamp is not negative.)
            long clockDeadline = System.nanoTime() + DEADLINE_MILLIS * 1_000_000L;
            while (port.getMicrosecondPosition() < 6_000 && System.nanoTime() < clockDeadline) {
                Thread.onSpinWait();
            }
            long before2 = System.nanoTime();
            port.arrive(new ShortMessage(0x80, 0x40, 0x00), port.getMicrosecondPosition() - 5_000);
            Data earlier = (Data) rec.until(Data.class);
            assertThat(earlier.nanos()).isLessThanOrEqualTo(before2 - 3_000_000L);
            // Not stamped (-1): the driver's clock at arrival.
            long before3 = System.nanoTime();
            port.arrive(new ShortMessage(0xB0, 7, 100), -1);
            long after3 = System.nanoTime();
            assertThat(((Data) rec.until(Data.class)).nanos()).isBetween(before3, after3);
        }
    }

    @Test
    void aKibibyteOfSystemExclusiveGoesBothWays() throws Exception {
        FakePort port = FakePort.both("Sysex", "Fake Audio");
        FakeHardware.plug(port);
        bind();
        ports.rescan();
        String endpoint = "javasound/sysex-fake-audio-sysex-midi-port-1-0";
        byte[] sysex = new byte[1024];
        sysex[0] = (byte) 0xF0;
        for (int i = 1; i < sysex.length - 1; i++) {
            sysex[i] = (byte) (i % 128);
        }
        sysex[sysex.length - 1] = (byte) 0xF7;

        LinkedBlockingQueue<MidiHeader> done = new LinkedBlockingQueue<>();
        try (MidiOut out = host.openOut(endpoint, new MidiOutCallback() {
            @Override
            public void onDone(MidiOut o, MidiHeader header) {
                done.add(header);
            }
        }, OpenOptions.direct())) {
            MidiHeader header = new MidiHeader(sysex.clone());
            out.prepareHeader(header);
            out.longMsg(header);
            assertThat(done.poll(DEADLINE_MILLIS, TimeUnit.MILLISECONDS)).isSameAs(header);
            assertThat(port.nextSent(DEADLINE_MILLIS).bytes()).containsExactly(sysex);
        }

        Recorder rec = new Recorder();
        try (MidiIn in = host.openIn(endpoint, rec, OpenOptions.direct())) {
            MidiHeader buffer = new MidiHeader(new byte[2048]);
            in.prepareHeader(buffer);
            in.addBuffer(buffer);
            in.start();
            port.arriveNow(new SysexMessage(sysex, sysex.length));
            assertThat(((LongData) rec.until(LongData.class)).bytes()).containsExactly(sysex);
            in.reset();
        }
    }

    @Test
    void javaSoundsContinuationMessagesArePiecesOfOneSysexAndACutOneIsAnError() throws Exception {
        FakePort port = FakePort.both("Pieces", "Fake Audio");
        FakeHardware.plug(port);
        bind();
        ports.rescan();
        RecordingInClient client = new RecordingInClient();
        InInstance in = ports.openIn("pieces-fake-audio-pieces-midi-port-1-0", client);
        in.start();
        port.arrive(new SysexMessage(new byte[] {(byte) 0xF0, 0x7E, 0x7F}, 3), -1);
        port.arrive(new SysexMessage(new byte[] {(byte) 0xF7, 0x09, 0x01, (byte) 0xF7}, 4), -1);
        port.arrive(new ShortMessage(0xF8), -1); // a clock tick between two messages
        port.arrive(new SysexMessage(new byte[] {(byte) 0xF0, 0x43}, 2), -1);
        port.arrive(new ShortMessage(0x90, 0x3C, 0x64), -1); // cuts the second one short
        List<RecordingInClient.Event> events = client.awaitEvents(6, Duration.ofSeconds(10));
        assertThat(events).extracting(RecordingInClient.Event::kind)
                .containsExactly("sysex", "sysex", "data", "sysex", "sysexError", "data");
        assertThat(client.sysexBytes()).startsWith(0xF0, 0x7E, 0x7F, 0x09, 0x01, 0xF7, 0xF0, 0x43);
        assertThat(events.get(1).end()).isTrue();
        assertThat(events.get(3).end()).isFalse();
        in.close();
    }

    @Test
    void aPortHeldByAnotherProgramGivesAllocatedNamingIt() throws Exception {
        FakePort port = FakePort.both("Busy Port", "Fake Audio");
        FakeHardware.plug(port);
        bind();
        ports.rescan();
        String endpoint = "javasound/busy-port-fake-audio-busy-port-midi-port-1-0";
        port.hold(true);
        assertThatThrownBy(() -> host.openOut(endpoint, MidiOutCallback.NONE, OpenOptions.direct()))
                .isInstanceOfSatisfying(MidiException.class, e -> {
                    assertThat(e.result()).isEqualTo(MmResult.MMSYSERR_ALLOCATED);
                    assertThat(e.getMessage()).contains("Busy Port");
                });
        assertThatThrownBy(() -> host.openIn(endpoint, new Recorder(), OpenOptions.direct()))
                .isInstanceOfSatisfying(MidiException.class,
                        e -> assertThat(e.result()).isEqualTo(MmResult.MMSYSERR_ALLOCATED));
        port.hold(false);
        host.openOut(endpoint, MidiOutCallback.NONE, OpenOptions.direct()).close();
    }

    @Test
    void aPortThatGoesBetweenListingAndOpeningIsABadDeviceIdNotAllocated() throws Exception {
        FakePort port = FakePort.both("Fleeting", "Fake Audio");
        FakeHardware.plug(port);
        bind();
        ports.rescan();
        FakeHardware.unplug(port); // the scan has not seen it yet
        assertThatThrownBy(() -> ports.openOut("fleeting-fake-audio-fleeting-midi-port-1-0",
                new RecordingOutClient()))
                .isInstanceOfSatisfying(MidiException.class, e -> {
                    assertThat(e.result()).isEqualTo(MmResult.MMSYSERR_BADDEVICEID);
                    assertThat(e.getMessage()).contains("Fleeting").contains("gone");
                });
    }

    @Test
    void includeAndExcludeGlobsMatchTheNameAndTheId() throws Exception {
        FakeHardware.plug(FakePort.both("Keys 61", "Fake Audio"), FakePort.both("Drum Pad", "Fake Audio"),
                FakePort.both("Keys 88", "Fake Audio"), FakePort.both("Keys 88", "Fake Audio"));
        bind("include", new String[] {"keys*", "javasound/drum-*"}, "exclude", new String[] {"*#2"});
        ports.rescan();
        assertThat(outputs()).containsExactly("javasound/drum-pad-fake-audio-drum-pad-midi-port-1-0",
                "javasound/keys-61-fake-audio-keys-61-midi-port-1-0",
                "javasound/keys-88-fake-audio-keys-88-midi-port-1-0");
        ports.close();
        host.removeDriver(ports);

        // One string with commas, as in a .cfg file; the names' case does not matter.
        bind("exclude", new String[] {"KEYS 61, drum?pad"});
        ports.rescan();
        assertThat(outputs()).containsExactly("javasound/keys-88-fake-audio-keys-88-midi-port-1-0",
                "javasound/keys-88-fake-audio-keys-88-midi-port-1-0#2");
    }

    @Test
    void aBrokenProviderCostsItsOwnDeviceOnly() throws Exception {
        FakePort broken = FakePort.both("Broken", "Fake Audio");
        broken.breakIt(true);
        FakeHardware.plug(broken, FakePort.both("Fine", "Fake Audio"));
        bind();
        ports.rescan();
        assertThat(outputs()).containsExactly("javasound/fine-fake-audio-fine-midi-port-1-0");
    }

    @Test
    void theScanSeesTheClassPathsProvidersWhateverTheThreadsContextClassLoader() throws Exception {
        FakeHardware.plug(FakePort.both("Seen", "Fake Audio"));
        bind();
        Thread t = new Thread(ports::rescan);
        // A loader that sees no provider on the class path, as a bundle's may be.
        t.setContextClassLoader(new java.net.URLClassLoader(new java.net.URL[0], null));
        t.start();
        t.join(DEADLINE_MILLIS);
        assertThat(outputs()).containsExactly("javasound/seen-fake-audio-seen-midi-port-1-0");
    }

    // ---- helpers

    private static String next(LinkedBlockingQueue<String> q) throws InterruptedException {
        String s = q.poll(DEADLINE_MILLIS, TimeUnit.MILLISECONDS);
        assertThat(s).as("a callback before the deadline").isNotNull();
        return s;
    }

    private static void awaitEvent(LinkedBlockingQueue<DeviceEvent> events, DeviceEvent.Type type, String endpoint)
            throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE_MILLIS * 1_000_000L;
        while (true) {
            long left = deadline - System.nanoTime();
            DeviceEvent e = left > 0 ? events.poll(left, TimeUnit.NANOSECONDS) : null;
            if (e == null) {
                throw new AssertionError("no " + type + " event for " + endpoint);
            }
            if (e.type() == type && e.caps().endpointId().equals(endpoint)) {
                return;
            }
        }
    }

    /** What an input callback saw. */
    sealed interface Event permits Data, LongData, Close {
    }

    record Data(int message, long millis, long nanos) implements Event {
    }

    record LongData(byte[] bytes, long millis) implements Event {
    }

    record Close() implements Event {
    }

    static final class Recorder implements MidiInCallback {
        final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();

        @Override
        public void onData(MidiIn in, int message, long millis, long nanos) {
            events.add(new Data(message, millis, nanos));
        }

        @Override
        public void onLongData(MidiIn in, MidiHeader header, long millis, long nanos) {
            events.add(new LongData(Arrays.copyOf(header.data(), header.bytesRecorded()), millis));
        }

        @Override
        public void onClose(MidiIn in) {
            events.add(new Close());
        }

        /** @return the next event of that kind, skipping others; fails after the deadline */
        Event until(Class<? extends Event> kind) throws InterruptedException {
            long deadline = System.nanoTime() + DEADLINE_MILLIS * 1_000_000L;
            while (true) {
                long left = deadline - System.nanoTime();
                Event e = left > 0 ? events.poll(left, TimeUnit.NANOSECONDS) : null;
                assertThat(e).as("a %s event before the deadline", kind.getSimpleName()).isNotNull();
                if (kind.isInstance(e)) {
                    return e;
                }
            }
        }
    }
}
