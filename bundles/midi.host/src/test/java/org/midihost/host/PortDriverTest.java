package org.midihost.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.midihost.api.MidiException;
import org.midihost.api.MidiHeader;
import org.midihost.api.MidiIn;
import org.midihost.api.MidiOut;
import org.midihost.api.MidiOutCallback;
import org.midihost.api.MmResult;
import org.midihost.api.OpenOptions;
import org.midihost.host.port.PortDriver;
import org.midihost.spi.InDevice;
import org.midihost.spi.MidiDriver;
import org.midihost.spi.Miniport;
import org.midihost.spi.MiniportStream;
import org.midihost.spi.OutDevice;
import org.midihost.spi.Port;
import org.midihost.spi.ServiceGroup;
import org.midihost.spi.StreamState;

/**
 * The port driver through the host, against a miniport whose "hardware" is two byte queues in
 * memory (the real byte-stream miniport, rawmidi, is tested on FIFOs in its own module).
 */
class PortDriverTest {
    final Host host = new Host();
    final Memory miniport = new Memory();

    @AfterEach
    void close() {
        host.close();
    }

    /** A miniport with one render and one capture device backed by byte queues. */
    static class Memory implements Miniport {
        volatile Port port;
        volatile ServiceGroup group;
        volatile boolean compress;
        /** Room in the render "hardware" buffer; the test drains it to make room. */
        volatile int capacity = 1 << 20;
        final ByteArrayOutputStream rendered = new ByteArrayOutputStream();
        final ArrayDeque<Byte> captured = new ArrayDeque<>();
        final AtomicInteger streamsOpen = new AtomicInteger();
        final AtomicBoolean callAfterClose = new AtomicBoolean();
        volatile StreamState captureState;
        /** The line breaks: reads fail as when the device is unplugged. */
        volatile boolean broken;

        @Override
        public void init(Port p) {
            this.port = p;
        }

        @Override
        public List<OutDevice> renderDevices() {
            return List.of(OutDevice.port("0", "Memory Out").withMultiClient(true));
        }

        @Override
        public List<InDevice> captureDevices() {
            return List.of(InDevice.port("0", "Memory In").withMultiClient(true));
        }

        @Override
        public boolean runningStatus(int index) {
            return compress;
        }

        /** The outside world sends bytes to the capture device; the "interrupt" follows. */
        void receive(String hex) {
            synchronized (captured) {
                for (byte b : HexFormat.of().parseHex(hex.replace(" ", ""))) {
                    captured.add(b);
                }
            }
            port.notify(group);
        }

        boolean capturedEmpty() {
            synchronized (captured) {
                return captured.isEmpty();
            }
        }

        String renderedHex() {
            synchronized (rendered) {
                return HexFormat.of().formatHex(rendered.toByteArray());
            }
        }

        /** The outside world takes what was rendered, making room; the "interrupt" follows. */
        byte[] drainRendered() {
            byte[] b;
            synchronized (rendered) {
                b = rendered.toByteArray();
                rendered.reset();
            }
            port.notify(group);
            return b;
        }

        @Override
        public MiniportStream newStream(int index, boolean capture, ServiceGroup g) {
            this.group = g;
            streamsOpen.incrementAndGet();
            return new MiniportStream() {
                volatile boolean closed;

                @Override
                public int write(byte[] bytes, int offset, int length) {
                    if (closed) {
                        callAfterClose.set(true);
                    }
                    synchronized (rendered) {
                        int n = Math.min(length, capacity - rendered.size());
                        rendered.write(bytes, offset, Math.max(n, 0));
                        return Math.max(n, 0);
                    }
                }

                @Override
                public int read(byte[] into, int offset, int length) throws MidiException {
                    if (broken) {
                        throw new MidiException(MmResult.MMSYSERR_NODRIVER, "unplugged");
                    }
                    if (closed) {
                        callAfterClose.set(true);
                    }
                    synchronized (captured) {
                        int n = 0;
                        while (n < length && !captured.isEmpty()) {
                            into[offset + n++] = captured.poll();
                        }
                        return n;
                    }
                }

                @Override
                public void setState(StreamState state) {
                    if (capture) {
                        captureState = state;
                    }
                }

                @Override
                public void close() {
                    closed = true;
                    streamsOpen.decrementAndGet();
                }
            };
        }
    }

    private void bind() {
        host.addMiniport(miniport, Map.of(MidiDriver.ID, "mem"));
    }

    @Test
    void miniportDevicesAreNumberedLikeAnyDriver() throws Exception {
        bind();
        assertThat(host.outDevices().devices()).extracting(c -> c.endpointId() + " " + c.productName())
                .containsExactly("mem/0 Memory Out");
        assertThat(host.inCaps(0).endpointId()).isEqualTo("mem/0");
    }

    @Test
    void bytesFromOutsideArriveAsTimeStampedMessagesAndSysexBuffers() throws Exception {
        bind();
        Recorder r = new Recorder();
        MidiIn in = host.openIn("mem/0", r, OpenOptions.defaults());
        MidiHeader h = new MidiHeader(new byte[64]);
        in.prepareHeader(h);
        in.addBuffer(h);
        in.start();
        assertThat(miniport.captureState).isEqualTo(StreamState.RUN);
        miniport.receive("90 3c 64 3e 64");
        miniport.receive("f0 7e 7f f8 09 01 f7 42");
        assertThat(r.next()).isEqualTo("OPEN");
        assertThat(r.next()).isEqualTo("DATA 643c90");
        assertThat(r.next()).isEqualTo("DATA 643e90");
        assertThat(r.next()).isEqualTo("DATA f8");
        assertThat(r.next()).isEqualTo("LONGDATA 6");
        assertThat(HexFormat.of().formatHex(h.data(), 0, 6)).isEqualTo("f07e7f0901f7");
        assertThat(r.next()).isEqualTo("ERROR 42");
        assertThat(r.lastMillis).isGreaterThanOrEqualTo(0);
        in.reset();
        in.close();
        assertThat(miniport.streamsOpen.get()).isZero();
    }

    @Test
    void messagesGoOutAsBytesWithOptionalRunningStatus() throws Exception {
        bind();
        try (MidiOut out = host.openOut("mem/0", MidiOutCallback.NONE, OpenOptions.direct())) {
            out.shortMsg(0x643C90);
            out.shortMsg(0x643E90);
            out.shortMsg(0x05C1);
            MidiHeader h = new MidiHeader(HexFormat.of().parseHex("f07e7f0901f7"));
            out.prepareHeader(h);
            out.longMsg(h);
            assertThat(h.isDone()).isTrue();
        }
        assertThat(miniport.renderedHex()).isEqualTo("903c64" + "903e64" + "c105" + "f07e7f0901f7");
        miniport.drainRendered();
        miniport.compress = true;
        try (MidiOut out = host.openOut("mem/0", MidiOutCallback.NONE, OpenOptions.direct())) {
            out.shortMsg(0x643C90);
            out.shortMsg(0x643E90);
            out.shortMsg(0xF8);
            out.shortMsg(0x003C90);
            out.shortMsg(0x7F01F1); // system common: status is written again afterwards
            out.shortMsg(0x003C90);
        }
        assertThat(miniport.renderedHex()).isEqualTo("903c64" + "3e64" + "f8" + "3c00" + "f101" + "903c00");
        miniport.drainRendered();
        try (MidiOut out = host.openOut("mem/0", MidiOutCallback.NONE, OpenOptions.direct())) {
            out.shortMsg(0x403C90);
            out.shortMsg(0xFF); // System Reset: the receiver forgets running status, so must we
            out.shortMsg(0x403E90);
            MidiHeader h = new MidiHeader(HexFormat.of().parseHex("f001f7"));
            out.prepareHeader(h);
            out.longMsg(h);
            out.shortMsg(0x403E90);
        }
        assertThat(miniport.renderedHex()).isEqualTo("903c40" + "ff" + "903e40" + "f001f7" + "903e40");
    }

    @Test
    void writesWaitForRoomAndGiveNotReadyWhenNoneComes() throws Exception {
        bind();
        miniport.capacity = 4;
        MidiOut out = host.openOut("mem/0", MidiOutCallback.NONE, OpenOptions.direct());
        AtomicBoolean stop = new AtomicBoolean();
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        Thread uart = new Thread(() -> { // the "hardware" takes bytes out at its own pace
            while (!stop.get()) {
                byte[] b = miniport.drainRendered();
                wire.write(b, 0, b.length);
                Thread.onSpinWait();
            }
        });
        uart.start();
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            out.shortMsg(0x90 | (i & 0x7F) << 8 | 0x40 << 16);
            expected.append(HexFormat.of().formatHex(new byte[] { (byte) 0x90, (byte) (i & 0x7F), 0x40 }));
        }
        stop.set(true);
        uart.join(10_000);
        byte[] rest = miniport.drainRendered();
        wire.write(rest, 0, rest.length);
        assertThat(HexFormat.of().formatHex(wire.toByteArray())).isEqualTo(expected.toString());

        // nobody takes bytes out any more: the write gives up with NOTREADY after its bound
        out.shortMsg(0x403C90);
        long t0 = System.nanoTime();
        HostTest.assertCode(() -> out.shortMsg(0x403E90), MmResult.MIDIERR_NOTREADY);
        assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(PortDriver.WRITE_TIMEOUT_NANOS / 2);
        out.close();
    }

    @Test
    void unbindClosesHandlesAndStreamsAndNothingReachesTheMiniportAfter() throws Exception {
        bind();
        Recorder outEvents = new Recorder();
        Recorder inEvents = new Recorder();
        MidiOut out = host.openOut("mem/0", outEvents, OpenOptions.direct());
        MidiIn in = host.openIn("mem/0", inEvents, OpenOptions.direct());
        in.start();
        assertThat(miniport.streamsOpen.get()).isEqualTo(2);
        host.removeMiniport(miniport);
        assertThat(miniport.streamsOpen.get()).isZero();
        assertThat(outEvents.events).containsExactly("OPEN", "CLOSE");
        assertThat(inEvents.events).containsExactly("OPEN", "CLOSE");
        miniport.receive("90 3c 64"); // the "interrupt" of a miniport that is gone is ignored
        HostTest.assertCode(() -> out.shortMsg(0x643C90), MmResult.MMSYSERR_NODRIVER);
        assertThat(inEvents.events).containsExactly("OPEN", "CLOSE"); // its service thread has stopped
        assertThat(miniport.callAfterClose).isFalse();
        assertThat(host.outDeviceCount()).isZero();
        out.close();
        in.close();
    }

    @Test
    void aMiniportThatFailsToInitialiseIsLeftOut() {
        Miniport broken = new Memory() {
            @Override
            public void init(Port p) {
                throw new IllegalStateException("no hardware");
            }
        };
        host.addMiniport(broken, Map.of(MidiDriver.ID, "broken"));
        assertThat(host.outDeviceCount()).isZero();
    }

    @Test
    void aBrokenLineReturnsTheSysexInProgressAsLongError() throws Exception {
        bind();
        Recorder r = new Recorder();
        MidiIn in = host.openIn("mem/0", r, OpenOptions.direct());
        MidiHeader h = new MidiHeader(new byte[64]);
        in.prepareHeader(h);
        in.addBuffer(h);
        in.start();
        miniport.receive("f0 01 02");
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!miniport.capturedEmpty() && System.nanoTime() < deadline) { // the port has read them
            Thread.onSpinWait();
        }
        miniport.broken = true;
        miniport.port.notify(miniport.group);
        assertThat(r.next()).isEqualTo("OPEN");
        assertThat(r.next()).isEqualTo("LONGERROR 3");
        miniport.broken = false;
        in.reset();
        in.close();
    }

    @Test
    void aStaleIndexNeverOpensTheWrongDevice() throws Exception {
        List<Integer> opened = new java.util.concurrent.CopyOnWriteArrayList<>();
        Memory hotplug = new Memory() {
            volatile List<OutDevice> outs = List.of(OutDevice.port("a", "A"), OutDevice.port("b", "B"));

            @Override
            public List<OutDevice> renderDevices() {
                return outs;
            }

            @Override
            public MiniportStream newStream(int index, boolean capture, ServiceGroup g) {
                opened.add(index);
                if (index == 0 && outs.size() == 2) {
                    outs = List.of(outs.get(1)); // "a" is unplugged before the host re-lists
                }
                return super.newStream(index, capture, g);
            }
        };
        host.addMiniport(hotplug, Map.of(MidiDriver.ID, "hp"));
        host.openOut("hp/a", MidiOutCallback.NONE, OpenOptions.direct()).close(); // opens index 0, then "a" goes
        try (MidiOut b = host.openOut("hp/b", MidiOutCallback.NONE, OpenOptions.direct())) {
            assertThat(b.caps().endpointId()).isEqualTo("hp/b");
        }
        assertThat(opened).containsExactly(0, 0); // "b" is index 0 in the miniport's list by now
        HostTest.assertCode(() -> host.openOut("hp/a", MidiOutCallback.NONE, OpenOptions.direct()),
                MmResult.MMSYSERR_NODRIVER);
    }

    @Test
    void twoClientsShareOneStreamAndBothHearInput() throws Exception {
        bind();
        Recorder a = new Recorder();
        Recorder b = new Recorder();
        MidiIn ia = host.openIn(0, a, OpenOptions.direct());
        MidiIn ib = host.openIn(0, b, OpenOptions.direct());
        assertThat(miniport.streamsOpen.get()).isEqualTo(1);
        ia.start();
        ib.start();
        miniport.receive("b0 07 64");
        assertThat(a.next()).isEqualTo("OPEN");
        assertThat(a.next()).isEqualTo("DATA 6407b0");
        assertThat(b.next()).isEqualTo("OPEN");
        assertThat(b.next()).isEqualTo("DATA 6407b0");
        ia.close();
        assertThat(miniport.streamsOpen.get()).isEqualTo(1);
        ib.close();
        assertThat(miniport.streamsOpen.get()).isZero();
    }

}
