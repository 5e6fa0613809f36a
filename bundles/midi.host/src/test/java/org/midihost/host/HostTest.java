package org.midihost.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.midihost.api.DeviceEvent;
import org.midihost.api.MidiException;
import org.midihost.api.MidiHeader;
import org.midihost.api.MidiHost;
import org.midihost.api.MidiIn;
import org.midihost.api.MidiInCallback;
import org.midihost.api.MidiOut;
import org.midihost.api.MidiOutCallback;
import org.midihost.api.MidiOutCaps;
import org.midihost.api.MmResult;
import org.midihost.api.OpenOptions;
import org.midihost.api.OutDeviceList;
import org.midihost.api.Support;
import org.midihost.api.Technology;
import org.midihost.spi.OutDevice;

/** The host's numbering, error codes, headers and device events, against test drivers. */
class HostTest {
    final Host host = new Host();

    @AfterEach
    void close() {
        host.close();
    }

    static void assertCode(ThrowingCallable call, MmResult code) {
        assertThatThrownBy(call).isInstanceOf(MidiException.class)
                .satisfies(e -> assertThat(((MidiException) e).result()).isEqualTo(code));
    }

    /** @return the MidiException the call throws (failing if it throws anything else or nothing) */
    static MidiException codeOf(ThrowingCallable call) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(call);
        assertThat(t).isInstanceOf(MidiException.class);
        return (MidiException) t;
    }

    private static List<String> endpoints(Host h) {
        List<String> l = new ArrayList<>();
        for (MidiOutCaps c : h.outDevices().devices()) {
            l.add(c.endpointId());
        }
        return l;
    }

    @Test
    void numberingIsDenseAndIndependentOfBindOrder() {
        List<TestDriver> drivers = List.of(new TestDriver("b", 10, 2, 1, true), new TestDriver("a", 10, 1, 1, true),
                new TestDriver("z", 5, 1, 0, true), new TestDriver("m", 50, 3, 2, true));
        List<String> expected = List.of("z/0", "a/0", "b/0", "b/1", "m/0", "m/1", "m/2");
        Random random = new Random(42);
        for (int round = 0; round < 20; round++) {
            List<TestDriver> shuffled = new ArrayList<>(drivers);
            Collections.shuffle(shuffled, random);
            Host h = new Host();
            try {
                for (TestDriver d : shuffled) {
                    h.addDriver(d, d.props());
                }
                assertThat(endpoints(h)).as("bind order %s", shuffled.stream().map(d -> d.id).toList())
                        .isEqualTo(expected);
                assertThat(h.inDeviceCount()).isEqualTo(4);
                assertThat(h.inDevices().devices()).extracting(c -> c.endpointId())
                        .containsExactly("a/0", "b/0", "m/0", "m/1");
            } finally {
                h.close();
            }
        }
    }

    @Test
    void resultCodesHaveWinmmValuesShortNamesAndTexts() {
        assertThat(MmResult.BADDEVICEID).isSameAs(MmResult.MMSYSERR_BADDEVICEID);
        assertThat(MmResult.STILLPLAYING).isSameAs(MmResult.MIDIERR_STILLPLAYING);
        assertThat(MmResult.MIDIERR_UNPREPARED.code()).isEqualTo(64);
        assertThat(MmResult.of(4)).isSameAs(MmResult.ALLOCATED);
        assertThat(MmResult.errorText(2)).isEqualTo(MmResult.MMSYSERR_BADDEVICEID.text());
        assertThat(MmResult.errorText(999)).contains("999");
        assertThat(new MidiException(MmResult.NODRIVER, "x").getMessage()).isEqualTo("x \u2014 MMSYSERR_NODRIVER");
        assertThat(new MidiException(MmResult.UNPREPARED).getMessage())
                .isEqualTo("The buffer is not prepared \u2014 MIDIERR_UNPREPARED");
    }

    @Test
    void openWithoutCountingFirst() throws Exception {
        TestDriver d = new TestDriver("a", 1, 1, 0, true);
        host.addDriver(d, d.props());
        try (MidiOut out = host.openOut(0, MidiOutCallback.NONE, OpenOptions.direct())) {
            out.shortMsg(0x643C90);
        }
        assertThat(d.shorts).containsExactly(0x643C90);
    }

    @Test
    void badDeviceIds() {
        TestDriver d = new TestDriver("a", 1, 1, 1, true);
        host.addDriver(d, d.props());
        assertCode(() -> host.openOut(1, MidiOutCallback.NONE, OpenOptions.defaults()), MmResult.MMSYSERR_BADDEVICEID);
        assertCode(() -> host.openOut(-2, MidiOutCallback.NONE, OpenOptions.defaults()), MmResult.MMSYSERR_BADDEVICEID);
        assertCode(() -> host.openIn(5, MidiInCallback.NONE, OpenOptions.defaults()), MmResult.MMSYSERR_BADDEVICEID);
        assertCode(() -> host.outCaps(1), MmResult.MMSYSERR_BADDEVICEID);
        assertCode(() -> host.inCaps(-1), MmResult.MMSYSERR_BADDEVICEID);
        assertCode(() -> host.openOut("a/9", MidiOutCallback.NONE, OpenOptions.defaults()), MmResult.MIDIERR_NODEVICE);
        assertCode(() -> host.openIn("nope/0", MidiInCallback.NONE, OpenOptions.defaults()), MmResult.MIDIERR_NODEVICE);
        assertCode(() -> host.openOut(0, null, OpenOptions.defaults()), MmResult.MMSYSERR_INVALPARAM);
        assertCode(() -> host.openOut(0, MidiOutCallback.NONE, null), MmResult.MMSYSERR_INVALPARAM);
    }

    @Test
    void staleSnapshotNeverOpensTheWrongDevice() throws Exception {
        TestDriver b = new TestDriver("b", 10, 1, 0, true);
        host.addDriver(b, b.props());
        OutDeviceList snap = host.outDevices();
        assertThat(snap.devices()).hasSize(1);
        TestDriver a = new TestDriver("a", 1, 1, 0, true); // comes first: b moves to id 1
        host.addDriver(a, a.props());
        assertThat(host.outDevices().generation()).isGreaterThan(snap.generation());
        assertCode(() -> snap.open(0, MidiOutCallback.NONE, OpenOptions.direct()), MmResult.MMSYSERR_BADDEVICEID);
        OutDeviceList fresh = host.outDevices();
        try (MidiOut out = fresh.open(1, MidiOutCallback.NONE, OpenOptions.direct())) {
            assertThat(out.caps().endpointId()).isEqualTo("b/0");
        }
        assertCode(() -> fresh.open(2, MidiOutCallback.NONE, OpenOptions.direct()), MmResult.MMSYSERR_BADDEVICEID);
    }

    @Test
    void exclusiveDeviceGivesAllocatedUntilClosed() throws Exception {
        TestDriver d = new TestDriver("x", 1, 1, 1, false);
        host.addDriver(d, d.props());
        MidiOut first = host.openOut(0, MidiOutCallback.NONE, OpenOptions.direct());
        assertCode(() -> host.openOut("x/0", MidiOutCallback.NONE, OpenOptions.direct()), MmResult.MMSYSERR_ALLOCATED);
        MidiIn in = host.openIn(0, MidiInCallback.NONE, OpenOptions.direct());
        assertCode(() -> host.openIn(0, MidiInCallback.NONE, OpenOptions.direct()), MmResult.MMSYSERR_ALLOCATED);
        first.close();
        in.close();
        host.openOut(0, MidiOutCallback.NONE, OpenOptions.direct()).close();
        host.openIn(0, MidiInCallback.NONE, OpenOptions.direct()).close();
    }

    @Test
    void driverAnsweringAllocatedIsPassedThroughAndReleasesTheClaim() throws Exception {
        TestDriver d = new TestDriver("x", 1, 1, 0, false) {
            boolean busy = true;

            @Override
            public org.midihost.spi.OutInstance openOut(int index, org.midihost.spi.OutClient client)
                    throws MidiException {
                if (busy) {
                    busy = false;
                    throw allocated();
                }
                return super.openOut(index, client);
            }
        };
        host.addDriver(d, d.props());
        assertCode(() -> host.openOut(0, MidiOutCallback.NONE, OpenOptions.direct()), MmResult.MMSYSERR_ALLOCATED);
        host.openOut(0, MidiOutCallback.NONE, OpenOptions.direct()).close();
    }

    @Test
    void closedHandleGivesInvalHandleAndCloseTwiceIsHarmless() throws Exception {
        TestDriver d = new TestDriver("a", 1, 1, 1, true);
        host.addDriver(d, d.props());
        Recorder r = new Recorder();
        MidiOut out = host.openOut(0, r, OpenOptions.direct());
        out.close();
        out.close();
        assertThat(r.events).containsExactly("OPEN", "CLOSE");
        assertThat(out.isOpen()).isFalse();
        assertCode(() -> out.shortMsg(0x90), MmResult.MMSYSERR_INVALHANDLE);
        assertCode(() -> out.reset(), MmResult.MMSYSERR_INVALHANDLE);
        assertCode(() -> out.prepareHeader(new MidiHeader(new byte[] { (byte) 0xF0, (byte) 0xF7 })),
                MmResult.MMSYSERR_INVALHANDLE);
        MidiIn in = host.openIn(0, MidiInCallback.NONE, OpenOptions.direct());
        in.close();
        in.close();
        assertCode(in::start, MmResult.MMSYSERR_INVALHANDLE);
        assertCode(in::stop, MmResult.MMSYSERR_INVALHANDLE);
        assertThat(d.closes.get()).isEqualTo(2);
    }

    @Test
    void shortMessageValidationAndRunningStatus() throws Exception {
        TestDriver d = new TestDriver("a", 1, 1, 0, true);
        host.addDriver(d, d.props());
        try (MidiOut out = host.openOut(0, MidiOutCallback.NONE, OpenOptions.direct());
                MidiOut other = host.openOut(0, MidiOutCallback.NONE, OpenOptions.direct())) {
            assertCode(() -> out.shortMsg(0x643C), MmResult.MMSYSERR_INVALPARAM); // no running status yet
            out.shortMsg(0x643C90);
            out.shortMsg(0x003E); // running status: note on 3E, velocity 0
            out.shortMsg(0xF8); // real time keeps running status
            out.shortMsg(0x4040);
            assertCode(() -> other.shortMsg(0x4040), MmResult.MMSYSERR_INVALPARAM); // per-client state
            other.shortMsg(0x05C1); // program change: third byte ignored
            other.shortMsg(0xFF05C1);
            out.shortMsg(0x7F01F1); // system common cancels running status
            assertCode(() -> out.shortMsg(0x4040), MmResult.MMSYSERR_INVALPARAM);
            assertCode(() -> out.shortMsg(0xF0), MmResult.MMSYSERR_INVALPARAM);
            assertCode(() -> out.shortMsg(0xF7), MmResult.MMSYSERR_INVALPARAM);
            assertCode(() -> out.shortMsg(0xF4), MmResult.MMSYSERR_INVALPARAM);
            assertCode(() -> out.shortMsg(0x80_3C_90), MmResult.MMSYSERR_INVALPARAM);
            assertCode(() -> out.shortMsg(0x00_80_90), MmResult.MMSYSERR_INVALPARAM);
        }
        assertThat(d.shorts).containsExactly(0x643C90, 0x003E90, 0xF8, 0x404090, 0x05C1, 0x05C1, 0x01F1);
    }

    @Test
    void longMessageHeaderStateMachine() throws Exception {
        TestDriver d = new TestDriver("a", 1, 1, 0, true);
        host.addDriver(d, d.props());
        Recorder r = new Recorder();
        MidiOut out = host.openOut(0, r, OpenOptions.direct());
        byte[] msg = { (byte) 0xF0, 0x7E, 0x7F, 0x09, 0x01, (byte) 0xF7 };
        MidiHeader h = new MidiHeader(msg.clone());
        assertCode(() -> out.longMsg(h), MmResult.MIDIERR_UNPREPARED);
        assertCode(() -> out.longMsg(null), MmResult.MMSYSERR_INVALPARAM);
        out.prepareHeader(h);
        assertThat(h.isPrepared()).isTrue();
        out.longMsg(h);
        assertThat(h.isDone()).isTrue();
        assertThat(h.isInQueue()).isFalse();
        assertThat(d.sysex).singleElement().isEqualTo(msg);
        assertThat(r.next()).isEqualTo("OPEN");
        assertThat(r.next()).isEqualTo("DONE");

        MidiHeader bad = new MidiHeader(new byte[] { (byte) 0xF0, (byte) 0x90, (byte) 0xF7 });
        out.prepareHeader(bad);
        assertCode(() -> out.longMsg(bad), MmResult.MMSYSERR_INVALPARAM);
        MidiHeader noEnd = new MidiHeader(new byte[] { (byte) 0xF0, 0x01, 0x02 });
        out.prepareHeader(noEnd);
        assertCode(() -> out.longMsg(noEnd), MmResult.MMSYSERR_INVALPARAM);
        assertThat(bad.isInQueue()).isFalse();

        d.holdSysex = true;
        out.longMsg(h);
        assertThat(h.isInQueue()).isTrue();
        assertCode(() -> out.longMsg(h), MmResult.MIDIERR_STILLPLAYING);
        assertCode(() -> out.unprepareHeader(h), MmResult.MIDIERR_STILLPLAYING);
        assertCode(out::close, MmResult.MIDIERR_STILLPLAYING);
        assertThat(out.isOpen()).isTrue();
        out.reset();
        assertThat(r.next()).isEqualTo("DONE");
        assertThat(h.isDone()).isTrue();
        assertThat(h.isInQueue()).isFalse();
        out.unprepareHeader(h);
        assertThat(h.isPrepared()).isFalse();
        out.close();
        assertThat(r.next()).isEqualTo("CLOSE");
    }

    @Test
    void resetReturnsHeadersTheDriverKeeps() throws Exception {
        TestDriver d = new TestDriver("a", 1, 1, 0, true) {
            @Override
            public org.midihost.spi.OutInstance openOut(int index, org.midihost.spi.OutClient client)
                    throws MidiException {
                Out o = (Out) super.openOut(index, client);
                return new org.midihost.spi.OutInstance() { // a driver whose reset forgets its headers
                    public void shortMsg(int m) throws MidiException {
                        o.shortMsg(m);
                    }

                    public void longMsg(MidiHeader h) {
                    }

                    public void reset() {
                    }

                    public void close() {
                        o.close();
                    }
                };
            }
        };
        host.addDriver(d, d.props());
        Recorder r = new Recorder();
        MidiOut out = host.openOut(0, r, OpenOptions.defaults());
        MidiHeader h = new MidiHeader(new byte[] { (byte) 0xF0, (byte) 0xF7 });
        out.prepareHeader(h);
        out.longMsg(h);
        out.reset();
        assertThat(h.isDone()).isTrue();
        assertThat(r.next()).isEqualTo("OPEN");
        assertThat(r.next()).isEqualTo("DONE");
        out.close();
    }

    @Test
    void volumeNeedsSupport() throws Exception {
        TestDriver d = new TestDriver("a", 1, 2, 0, true);
        OutDevice synth = OutDevice.port("1", "synth").withMultiClient(true).asSynth(Technology.SWSYNTH, 32, 32,
                java.util.Set.of(Support.VOLUME, Support.LRVOLUME));
        d.outs = List.of(d.outs.get(0), synth);
        host.addDriver(d, d.props());
        try (MidiOut port = host.openOut(0, MidiOutCallback.NONE, OpenOptions.direct());
                MidiOut s = host.openOut(1, MidiOutCallback.NONE, OpenOptions.direct())) {
            assertCode(port::volume, MmResult.MMSYSERR_NOTSUPPORTED);
            assertCode(() -> port.setVolume(1), MmResult.MMSYSERR_NOTSUPPORTED);
            s.setVolume(0x8000_4000);
            assertThat(s.volume()).isEqualTo(0x8000_4000);
            assertThat(s.caps().technology()).isEqualTo(Technology.SWSYNTH);
            assertThat(s.caps().voices()).isEqualTo(32);
        }
    }

    @Test
    void mapperOpensTheFirstSoftwareSynthElseOutputZero() throws Exception {
        assertCode(() -> host.openOut(MidiHost.MIDI_MAPPER, MidiOutCallback.NONE, OpenOptions.direct()),
                MmResult.MIDIERR_NODEVICE);
        assertThat(host.outCaps(MidiHost.MIDI_MAPPER).technology()).isEqualTo(Technology.MAPPER);
        TestDriver d = new TestDriver("a", 1, 2, 0, true);
        host.addDriver(d, d.props());
        try (MidiOut m = host.openOut(MidiHost.MIDI_MAPPER, MidiOutCallback.NONE, OpenOptions.direct())) {
            assertThat(m.caps().endpointId()).isEqualTo("a/0");
        }
        TestDriver s = new TestDriver("s", 9, 2, 0, true);
        s.outs = List.of(s.outs.get(0), s.outs.get(1).asSynth(Technology.SWSYNTH, 64, 64, java.util.Set.of()));
        host.addDriver(s, s.props());
        try (MidiOut m = host.openOut(MidiHost.MIDI_MAPPER, MidiOutCallback.NONE, OpenOptions.direct())) {
            assertThat(m.caps().endpointId()).isEqualTo("s/1");
        }
    }

    @Test
    void mapperFollowsTheConfiguredDefaultWhilePresent() throws Exception {
        TestDriver s = new TestDriver("s", 1, 2, 0, true);
        s.outs = List.of(s.outs.get(0), s.outs.get(1).asSynth(Technology.SWSYNTH, 64, 64, java.util.Set.of()));
        TestDriver p = new TestDriver("p", 2, 2, 0, true);
        host.addDriver(s, s.props());
        host.setMapperDefault("p/1");
        assertThat(endpointOfMapper()).isEqualTo("s/1"); // p is not there yet
        host.addDriver(p, p.props());
        assertThat(endpointOfMapper()).isEqualTo("p/1");
        host.removeDriver(p);
        assertThat(endpointOfMapper()).isEqualTo("s/1");
        host.setMapperDefault("");
        host.addDriver(p, p.props());
        assertThat(endpointOfMapper()).isEqualTo("s/1");
        try (MidiOut m = host.openOut("midihost/mapper", MidiOutCallback.NONE, OpenOptions.direct())) {
            assertThat(m.caps().endpointId()).isEqualTo("s/1");
        }
    }

    private String endpointOfMapper() throws MidiException {
        try (MidiOut m = host.openOut(MidiHost.MIDI_MAPPER, MidiOutCallback.NONE, OpenOptions.direct())) {
            return m.caps().endpointId();
        }
    }

    @Test
    void throwingDriverGivesErrorAndHostStaysConsistent() throws Exception {
        TestDriver d = new TestDriver("a", 1, 1, 0, true);
        host.addDriver(d, d.props());
        MidiOut out = host.openOut(0, MidiOutCallback.NONE, OpenOptions.direct());
        d.throwOnShort = true;
        MidiException e = catchThrowableOfType(MidiException.class, () -> out.shortMsg(0x643C90));
        assertThat(e.result()).isEqualTo(MmResult.MMSYSERR_ERROR);
        assertThat(e).hasCauseInstanceOf(IllegalStateException.class);
        d.throwOnShort = false;
        out.shortMsg(0x643C90);
        assertThat(d.shorts).containsExactly(0x643C90);
        out.close();

        TestDriver broken = new TestDriver("broken", 0, 1, 0, true) {
            @Override
            public List<OutDevice> outDevices() {
                throw new IllegalStateException("cannot list");
            }
        };
        host.addDriver(broken, broken.props());
        assertThat(endpoints(host)).containsExactly("a/0");
    }

    @Test
    void duplicateDriverIdIsRefusedAndTakesOverWhenTheFirstGoes() {
        TestDriver first = new TestDriver("dup", 1, 1, 0, true);
        TestDriver second = new TestDriver("dup", 1, 2, 0, true);
        host.addDriver(first, first.props());
        host.addDriver(second, second.props());
        assertThat(host.outDeviceCount()).isEqualTo(1);
        host.removeDriver(first);
        assertThat(endpoints(host)).containsExactly("dup/0", "dup/1");
        host.removeDriver(second);
        assertThat(host.outDeviceCount()).isZero();
        TestDriver noId = new TestDriver("x", 1, 1, 0, true);
        host.addDriver(noId, java.util.Map.of());
        host.addDriver(noId, java.util.Map.of(org.midihost.spi.MidiDriver.ID, "a/b"));
        assertThat(host.outDeviceCount()).isZero();
    }

    @Test
    void namesAreCutAndMadeUnique() throws Exception {
        TestDriver a = new TestDriver("a", 1, 2, 0, true);
        a.outs = List.of(OutDevice.port("0", "Same Name"), OutDevice.port("1", "A name that is much longer than 31"));
        TestDriver b = new TestDriver("b", 2, 2, 0, true);
        b.outs = List.of(OutDevice.port("0", "Same Name"), OutDevice.port("1", "A name that is much longer than 31"));
        host.addDriver(a, a.props());
        host.addDriver(b, b.props());
        assertThat(host.outDevices().devices()).extracting(MidiOutCaps::productName).containsExactly("Same Name",
                "A name that is much longer than", "Same Name #2", "A name that is much longer t #2");
        assertThat(host.outDevices().devices()).allSatisfy(c -> assertThat(c.productName().length()).isLessThanOrEqualTo(31));
    }

    @Test
    void deviceEventsForAddRemoveAndChange() {
        List<DeviceEvent> events = new CopyOnWriteArrayList<>();
        host.addDeviceListener(events::add);
        host.addDeviceListener(e -> {
            throw new IllegalStateException("a bad listener");
        });
        TestDriver d = new TestDriver("a", 1, 1, 1, true);
        host.addDriver(d, d.props());
        assertThat(events).extracting(e -> e.type() + " " + e.isOutput() + " " + e.caps().endpointId() + " "
                + e.deviceId()).containsExactly("ADDED true a/0 0", "ADDED false a/0 0");
        events.clear();
        d.outs = List.of(OutDevice.port("0", "renamed"), OutDevice.port("7", "new one"));
        host.modifiedDriver(d, d.props());
        assertThat(events).extracting(e -> e.type() + " " + e.caps().endpointId() + " " + e.caps().productName())
                .containsExactly("CHANGED a/0 renamed", "ADDED a/7 new one");
        events.clear();
        host.removeDriver(d);
        assertThat(events).extracting(e -> e.type() + " " + e.caps().endpointId() + " " + e.deviceId())
                .containsExactlyInAnyOrder("REMOVED a/0 -1", "REMOVED a/7 -1", "REMOVED a/0 -1");
    }

    @Test
    void modifiedDriverKeepsHandlesOfKeptDevicesAndClosesRemovedOnes() throws Exception {
        TestDriver d = new TestDriver("a", 1, 2, 0, true);
        host.addDriver(d, d.props());
        Recorder r0 = new Recorder();
        Recorder r1 = new Recorder();
        MidiOut keep = host.openOut("a/0", r0, OpenOptions.direct());
        MidiOut lose = host.openOut("a/1", r1, OpenOptions.direct());
        d.outs = List.of(d.outs.get(0));
        host.modifiedDriver(d, d.props());
        assertThat(r1.events).containsExactly("OPEN", "CLOSE");
        assertCode(() -> lose.shortMsg(0x90), MmResult.MMSYSERR_NODRIVER);
        keep.shortMsg(0x643C90);
        assertThat(r0.events).containsExactly("OPEN");
        lose.close();
        keep.close();
    }
}
