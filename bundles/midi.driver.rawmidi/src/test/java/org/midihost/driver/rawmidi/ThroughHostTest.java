package org.midihost.driver.rawmidi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.midihost.driver.rawmidi.TestFiles.mkfifo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
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
import org.midihost.spi.MidiDriver;
import org.midihost.testkit.Configs;

/**
 * The driver through the real host's port driver, on named pipes: what an outside process writes
 * arrives as time-stamped messages at an open input, messages sent to the output come out as the
 * right bytes, and files appearing and vanishing add and remove devices. The listener does what
 * the component does in OSGi: it changes the service properties, here by calling the host's
 * {@code modifiedMiniport} as DS would.
 */
@Timeout(60)
class ThroughHostTest {
    @TempDir
    Path dir;
    final Host host = new Host();
    RawMidiMiniport miniport;

    @AfterEach
    void close() {
        host.close();
        if (miniport != null) {
            miniport.close();
        }
    }

    private void bind(String driverId, Object... config) {
        Object[] withId = Arrays.copyOf(config, config.length + 2);
        withId[config.length] = "midihost_driver_id";
        withId[config.length + 1] = driverId;
        Settings settings = Settings.of(Configs.of(RawMidiDriver.Config.class, withId));
        miniport = new RawMidiMiniport(settings, paths -> host.modifiedMiniport(miniport, properties(driverId, paths)));
        host.addMiniport(miniport, properties(driverId, miniport.paths()));
        miniport.startScanning();
    }

    private static Map<String, Object> properties(String driverId, List<String> paths) {
        Map<String, Object> p = new HashMap<>();
        p.put(MidiDriver.ID, driverId);
        p.put(MidiDriver.ORDER, MidiDriver.DEFAULT_ORDER);
        p.put(RawMidiDriver.DEVICES, paths.toArray(new String[0]));
        return p;
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

        Event next() throws InterruptedException {
            Event e = events.poll(TestFiles.DEADLINE_MILLIS, TimeUnit.MILLISECONDS);
            assertThat(e).as("an input event before the deadline").isNotNull();
            return e;
        }
    }

    @Test
    void bytesFromAnOutsideProcessArriveAsTimeStampedMessages() throws Exception {
        Path in = mkfifo(dir.resolve("in"));
        bind("fifo", "input", in.toString());
        assertThat(host.inDeviceCount()).isEqualTo(1);
        assertThat(host.inCaps(0).endpointId()).isEqualTo("fifo/0");

        Recorder rec = new Recorder();
        try (MidiIn midiIn = host.openIn("fifo/0", rec, OpenOptions.direct())) {
            MidiHeader buffer = new MidiHeader(new byte[64]);
            midiIn.prepareHeader(buffer);
            midiIn.addBuffer(buffer);
            long started = System.nanoTime();
            midiIn.start();

            long beforeSend = System.nanoTime();
            // Note on C4 velocity 100, then note off by running status, then a universal sysex
            // (GM System On) with a timing clock inside it, from another process.
            TestFiles.run("sh", "-c", "printf '\\220\\074\\144\\074\\000\\360\\176\\177\\370\\011\\001\\367' > \"$1\"",
                    "sh", in.toString());

            Data on = (Data) rec.next();
            assertThat(on.message()).isEqualTo(0x643C90);
            // Time stamps: nanos is System.nanoTime() at arrival, millis counts from start().
            assertThat(on.nanos()).isBetween(beforeSend, System.nanoTime());
            assertThat(on.millis()).isBetween(0L, (System.nanoTime() - started) / 1_000_000L + 1);
            Data off = (Data) rec.next();
            assertThat(off.message()).isEqualTo(0x003C90);
            assertThat(off.nanos()).isGreaterThanOrEqualTo(on.nanos());
            Data clock = (Data) rec.next();
            assertThat(clock.message()).isEqualTo(0xF8);
            LongData sysex = (LongData) rec.next();
            assertThat(sysex.bytes()).containsExactly(0xF0, 0x7E, 0x7F, 0x09, 0x01, 0xF7);
            midiIn.reset();
        }
    }

    @Test
    void messagesSentToTheOutputComeOutAsTheRightBytes() throws Exception {
        Path out = mkfifo(dir.resolve("out"));
        bind("fifo", "output", out.toString(), "runningStatus", true);
        assertThat(host.outCaps(0).endpointId()).isEqualTo("fifo/0");

        try (MidiOut midiOut = host.openOut("fifo/0", MidiOutCallback.NONE, OpenOptions.direct())) {
            midiOut.shortMsg(0x643C90);
            midiOut.shortMsg(0x644090); // running status: the status byte is left out
            MidiHeader sysex = new MidiHeader(new byte[] {(byte) 0xF0, 0x7E, 0x7F, 0x09, 0x01, (byte) 0xF7});
            midiOut.prepareHeader(sysex);
            midiOut.longMsg(sysex);
            midiOut.shortMsg(0x00C0 | 5 << 8);

            assertThat(TestFiles.run("head", "-c", "13", out.toString())).containsExactly(
                    0x90, 0x3C, 0x64, 0x40, 0x64, 0xF0, 0x7E, 0x7F, 0x09, 0x01, 0xF7, 0xC0, 0x05);
        }
    }

    @Test
    void aDeviceFileAppearingAndVanishingAddsAndRemovesTheDevice() throws Exception {
        LinkedBlockingQueue<DeviceEvent> events = new LinkedBlockingQueue<>();
        host.addDeviceListener(events::add);
        bind("rawmidi", "scanDirectory", dir.toString(), "scanInterval", 20);
        assertThat(host.outDeviceCount()).isZero();

        Path card = mkfifo(dir.resolve("midiC1D0"));
        assertThat(awaitEvent(events, DeviceEvent.Type.ADDED, "rawmidi/midiC1D0")).isNotNull();
        assertThat(host.outDeviceCount()).isEqualTo(1);
        assertThat(host.inDeviceCount()).isEqualTo(1);

        Recorder rec = new Recorder();
        MidiIn midiIn = host.openIn("rawmidi/midiC1D0", rec, OpenOptions.direct());
        midiIn.start();
        Files.write(card, new byte[] {(byte) 0xFE});
        assertThat(((Data) rec.next()).message()).isEqualTo(0xFE);

        Files.delete(card);
        assertThat(awaitEvent(events, DeviceEvent.Type.REMOVED, "rawmidi/midiC1D0")).isNotNull();
        assertThat(host.inDeviceCount()).isZero();
        assertThat(rec.next()).isInstanceOf(Close.class);
        assertThatThrownBy(midiIn::start).isInstanceOf(MidiException.class)
                .extracting(e -> ((MidiException) e).result()).isEqualTo(MmResult.MMSYSERR_NODRIVER);
        midiIn.close();

        mkfifo(card);
        assertThat(awaitEvent(events, DeviceEvent.Type.ADDED, "rawmidi/midiC1D0")).isNotNull();
    }

    private static DeviceEvent awaitEvent(LinkedBlockingQueue<DeviceEvent> events, DeviceEvent.Type type,
            String endpoint) throws InterruptedException {
        long deadline = System.nanoTime() + TestFiles.DEADLINE_MILLIS * 1_000_000L;
        while (true) {
            long left = deadline - System.nanoTime();
            DeviceEvent e = left > 0 ? events.poll(left, TimeUnit.NANOSECONDS) : null;
            if (e == null) {
                throw new AssertionError("no " + type + " event for " + endpoint);
            }
            if (e.type() == type && e.caps().endpointId().equals(endpoint)) {
                return e;
            }
        }
    }
}
