package org.midihost.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.midihost.api.DeviceEvent;
import org.midihost.api.MidiException;
import org.midihost.api.MidiOut;
import org.midihost.api.MmResult;
import org.midihost.api.OpenOptions;
import org.midihost.spi.DataFormat;
import org.midihost.spi.InDevice;
import org.midihost.spi.MidiDriver;
import org.midihost.spi.MiniportStream;
import org.midihost.spi.OutDevice;
import org.midihost.spi.ServiceGroup;

/** The defects a review of the host core found, each pinned by a test that failed before its fix. */
class CoreDefectsTest {
    final Host host = new Host();

    @AfterEach
    void close() {
        host.close();
    }

    /**
     * Defect 2: after a detach, the check "closed?" and the start of the wait for reconnect were
     * two steps outside the handle's state lock, so a close between them found nothing to forget
     * and the closed handle was left on the waiting list. Here the waiting list itself starts that
     * close at exactly that moment and lets it run as far as it can.
     */
    @Test
    void aHandleClosedAsItStartsWaitingToReconnectIsNotLeftWaiting() throws Exception {
        TestDriver driver = new TestDriver("d", 100, 1, 0, false);
        DriverEntry entry = new DriverEntry(driver, "d", 100);
        Device device = new Device(entry, true, driver.outs.get(0), new StuckCalls());
        List<Reconnects.Waiter> waiting = new CopyOnWriteArrayList<>();
        AtomicReference<Thread> closer = new AtomicReference<>();
        AtomicReference<Thread.State> closerStateWhileRegistering = new AtomicReference<>();
        Reconnects reconnects = new Reconnects() {
            @Override
            public boolean awaitReconnect(Waiter h, Device old) {
                Thread t = new Thread(() -> {
                    try {
                        ((MidiOut) h).close();
                    } catch (MidiException e) {
                        throw new IllegalStateException(e);
                    }
                });
                closer.set(t);
                t.start();
                // the close runs until it finishes or blocks on the handle's state lock
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (t.getState() != Thread.State.BLOCKED && t.getState() != Thread.State.TERMINATED
                        && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                closerStateWhileRegistering.set(t.getState());
                waiting.add(h);
                return true;
            }

            @Override
            public void queueReconnect(Waiter h, Device d) {
                waiting.add(h);
            }

            @Override
            public void forgetReconnect(Waiter h) {
                waiting.remove(h);
            }
        };
        Executor direct = Runnable::run;
        OutHandle h = new OutHandle(reconnects, direct, java.util.concurrent.Executors.newSingleThreadScheduledExecutor(), device, new Recorder(),
                OpenOptions.direct().reconnect(true), new Thru(() -> null));
        h.attach(device);

        Device.retire(List.of(device)); // the driver goes: detach, CLOSE, wait for reconnect
        closer.get().join(10_000);

        assertThat(closer.get().isAlive()).isFalse();
        assertThat(closerStateWhileRegistering.get()).isEqualTo(Thread.State.BLOCKED);
        assertThat(h.isOpen()).isFalse();
        assertThat(waiting).as("a closed handle waits for nothing").isEmpty();
    }

    /**
     * Defect 3: the port driver replaced its listing before the host renumbered, so an open in
     * that window mapped an old index onto the new list. The host now opens by the device's id,
     * and the port driver finds that id in the miniport's list as it is at the open.
     */
    @Test
    void thePortDriverOpensTheDeviceNamedEvenIfTheMiniportsListChangedSinceTheHostReadIt() throws Exception {
        TwoPorts miniport = new TwoPorts();
        host.addMiniport(miniport, Map.of(MidiDriver.ID, "two"));
        assertThat(host.outCaps(1).endpointId()).isEqualTo("two/b");

        miniport.devices = List.of(OutDevice.port("b", "B"), OutDevice.port("a", "A")); // hot plug reorders
        // the host has not re-listed: its device 1 is still two/b, which is now the miniport's index 0
        MidiOut out = host.openOut(1, new Recorder(), OpenOptions.defaults());
        out.shortMsg(0x403C90);
        assertThat(miniport.opened).containsExactly("render:0");
        assertThat(miniport.written).containsExactly("b:903c40");

        out.close();
        miniport.devices = List.of(OutDevice.port("a", "A"));
        HostTest.assertCode(() -> host.openOut("two/b", new Recorder(), OpenOptions.defaults()).close(),
                MmResult.MMSYSERR_NODRIVER); // still in the host's table, unplugged from the miniport
    }

    /** Defect 4: a port driver kept the miniport's old id after the miniport's id changed. */
    @Test
    void aPortDriverTakesItsMiniportsNewId() throws Exception {
        TwoPorts miniport = new TwoPorts();
        host.addMiniport(miniport, Map.of(MidiDriver.ID, "old"));
        host.modifiedMiniport(miniport, Map.of(MidiDriver.ID, "new"));
        assertThat(host.outCaps(0).endpointId()).isEqualTo("new/a");

        // the port driver's own errors and its service thread name the new id
        miniport.devices = List.of(OutDevice.port("b", "B"));
        MidiException e = HostTest.codeOf(() -> host.openOut("new/a", new Recorder(), OpenOptions.defaults()));
        assertThat(e.getMessage()).contains("new/a").doesNotContain("old");
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                .contains("midihost-port-new").doesNotContain("midihost-port-old");
    }

    /** Defect 8: openHandles(null) threw a NullPointerException. */
    @Test
    void openHandlesOfNullIsAResultCode() {
        HostTest.assertCode(() -> host.openHandles(null), MmResult.MMSYSERR_INVALPARAM);
    }

    /**
     * Names stay put: "Cable #2" stays "Cable #2" when "Cable" (of another driver) goes and comes
     * back, and 50 reconfigurations of a third driver change no other device at all.
     */
    @Test
    void aDeviceKeepsItsNameWhileItExistsWhateverOtherDriversDo() throws Exception {
        TestDriver first = new TestDriver("a", 10, 0, 0, true);
        first.outs = List.of(OutDevice.port("0", "Cable"));
        first.ins = List.of(InDevice.port("0", "Cable"));
        TestDriver second = new TestDriver("b", 20, 0, 0, true);
        second.outs = List.of(OutDevice.port("0", "Cable"));
        second.ins = List.of(InDevice.port("0", "Cable"));
        TestDriver third = new TestDriver("c", 5, 0, 0, true);
        host.addDriver(first, first.props());
        host.addDriver(second, second.props());
        assertThat(host.outCaps(1).productName()).isEqualTo("Cable #2");

        List<DeviceEvent> events = new CopyOnWriteArrayList<>();
        host.addDeviceListener(events::add);
        host.removeDriver(first);
        assertThat(host.outCaps(0).productName()).isEqualTo("Cable #2");
        assertThat(host.inCaps(0).productName()).isEqualTo("Cable #2");
        assertThat(events).noneMatch(e -> e.type() == DeviceEvent.Type.CHANGED);

        host.addDriver(first, first.props()); // comes back: "Cable" is free again, and it takes it
        assertThat(host.outDevices().devices()).extracting(c -> c.endpointId() + "=" + c.productName())
                .containsExactly("a/0=Cable", "b/0=Cable #2");

        events.clear();
        host.addDriver(third, third.props());
        for (int i = 0; i < 50; i++) {
            third.outs = i % 2 == 0 ? List.of(OutDevice.port("0", "Cable"), OutDevice.port("1", "Cable"))
                    : List.of();
            host.modifiedDriver(third, third.props());
        }
        assertThat(events).noneMatch(e -> e.type() == DeviceEvent.Type.CHANGED);
        assertThat(host.outDevices().devices()).extracting(c -> c.endpointId() + "=" + c.productName())
                .containsExactly("a/0=Cable", "b/0=Cable #2");
        // a new device takes the first free suffix
        third.outs = List.of(OutDevice.port("0", "Cable"));
        host.modifiedDriver(third, third.props());
        assertThat(host.outCaps(0).productName()).isEqualTo("Cable #3");
    }

    /** SetFormat: the host asks every new stream for MIDI 1.0 bytes; a refusal fails the open clearly. */
    @Test
    void aStreamThatRefusesMidi1BytesFailsTheOpenWithItsReasonAndIsClosed() throws Exception {
        TwoPorts miniport = new TwoPorts();
        miniport.refuseMidi1 = true;
        host.addMiniport(miniport, Map.of(MidiDriver.ID, "ump"));
        MidiException e = HostTest.codeOf(() -> host.openOut("ump/a", new Recorder(), OpenOptions.defaults()));
        assertThat(e.result()).isEqualTo(MmResult.MMSYSERR_NOTSUPPORTED);
        assertThat(e.getMessage()).contains("UMP only");
        assertThat(miniport.formats).containsExactly(DataFormat.MIDI_1_BYTES);
        assertThat(miniport.closed.get()).isEqualTo(1);
    }

    /** RegisterServiceGroup and Service: notifying the miniport's own group runs its service routine. */
    @Test
    void notifyingTheMiniportsOwnServiceGroupRunsItsServiceRoutine() throws Exception {
        TwoPorts miniport = new TwoPorts();
        host.addMiniport(miniport, Map.of(MidiDriver.ID, "svc"));
        ServiceGroup own = miniport.port.registerServiceGroup();
        assertThat(own).isNotNull().isNotSameAs(miniport.port.registerServiceGroup());
        int before = miniport.serviced.get();
        miniport.port.notify(own);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (miniport.serviced.get() == before && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(miniport.serviced.get()).isGreaterThan(before);
        assertThat(miniport.serviceThreads).allMatch(n -> n.equals("midihost-port-svc"));
    }

    /** A render-only miniport whose device list a test changes behind the host's back. */
    static final class TwoPorts implements org.midihost.spi.Miniport {
        volatile List<OutDevice> devices = List.of(OutDevice.port("a", "A"), OutDevice.port("b", "B"));
        volatile org.midihost.spi.Port port;
        volatile boolean refuseMidi1;
        final List<String> opened = new CopyOnWriteArrayList<>();
        final List<String> written = new CopyOnWriteArrayList<>();
        final List<DataFormat> formats = new CopyOnWriteArrayList<>();
        final List<String> serviceThreads = new CopyOnWriteArrayList<>();
        final AtomicInteger closed = new AtomicInteger();
        final AtomicInteger serviced = new AtomicInteger();

        @Override
        public void init(org.midihost.spi.Port p) {
            port = p;
        }

        @Override
        public List<OutDevice> renderDevices() {
            return devices;
        }

        @Override
        public List<InDevice> captureDevices() {
            return List.of();
        }

        @Override
        public void service() {
            serviceThreads.add(Thread.currentThread().getName());
            serviced.incrementAndGet();
        }

        @Override
        public MiniportStream newStream(int index, boolean capture, ServiceGroup group) {
            opened.add((capture ? "capture:" : "render:") + index);
            String id = devices.get(index).id();
            return new MiniportStream() {
                @Override
                public int write(byte[] bytes, int offset, int length) {
                    StringBuilder sb = new StringBuilder(id + ":");
                    for (int i = 0; i < length; i++) {
                        sb.append(String.format("%02x", bytes[offset + i]));
                    }
                    written.add(sb.toString());
                    return length;
                }

                @Override
                public int read(byte[] into, int offset, int length) {
                    return 0;
                }

                @Override
                public void setFormat(DataFormat format) throws MidiException {
                    formats.add(format);
                    if (refuseMidi1) {
                        throw new MidiException(MmResult.MMSYSERR_NOTSUPPORTED, "this port speaks UMP only");
                    }
                }

                @Override
                public void setState(org.midihost.spi.StreamState state) {
                }

                @Override
                public void close() {
                    closed.incrementAndGet();
                }
            };
        }
    }
}
