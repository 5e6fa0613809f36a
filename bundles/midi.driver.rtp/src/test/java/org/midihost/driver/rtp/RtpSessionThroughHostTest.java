package org.midihost.driver.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.midihost.driver.rtp.Participant.DEADLINE_MILLIS;
import static org.midihost.driver.rtp.Participant.await;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.midihost.api.DeviceEvent;
import org.midihost.api.MidiException;
import org.midihost.api.MidiHeader;
import org.midihost.api.MidiIn;
import org.midihost.api.MidiOut;
import org.midihost.api.MidiOutCallback;
import org.midihost.api.MmResult;
import org.midihost.api.OpenOptions;
import org.midihost.host.Host;

/**
 * Two driver instances in one JVM on 127.0.0.1 (ports picked free), both bound to one REAL host
 * (driver ids {@code rtp} and {@code rtpb}): alice invites bob; each sees the other as a device pair.
 */
@Timeout(60)
class RtpSessionThroughHostTest {

    final Host host = new Host();
    final LinkedBlockingQueue<DeviceEvent> events = new LinkedBlockingQueue<>();
    final List<DeviceEvent> seen = new ArrayList<>();
    Participant alice;
    Participant bob;

    @AfterEach
    void close() {
        if (alice != null) {
            alice.close();
        }
        if (bob != null) {
            bob.close();
        }
        host.close();
    }

    private void startBoth() throws Exception {
        host.addDeviceListener(events::add);
        alice = Participant.start(host, "rtp", "127.0.0.1", "name", "alice");
        bob = Participant.start(host, "rtpb", "127.0.0.1", "name", "bob");
    }

    @Test
    void inviteClockSyncMessagesAndSysexBothWaysThenByeAndReconnect() throws Exception {
        startBoth();
        assertThat(host.outDeviceCount()).isZero();
        alice.devices.invite("127.0.0.1", bob.port);
        awaitEvent(DeviceEvent.Type.ADDED, "rtp/bob");
        awaitEvent(DeviceEvent.Type.ADDED, "rtpb/alice");

        // the clock sync: alice (initiator) measured its round trip, bob learned it from CK 2
        await("alice's latency estimate", () -> alice.session() != null && alice.session().latencyMicros() >= 0);
        await("bob's latency estimate", () -> bob.session() != null && bob.session().latencyMicros() >= 0);
        SessionInfo a = alice.session();
        assertThat(a.state()).isEqualTo(Session.State.UP);
        assertThat(a.initiator()).isTrue();
        assertThat(a.peerName()).isEqualTo("bob");
        assertThat(a.deviceId()).isEqualTo("bob");
        assertThat(a.latencyMicros()).isBetween(0L, 1_000_000L);
        assertThat(bob.session().initiator()).isFalse();
        assertThat(bob.session().peerName()).isEqualTo("alice");

        LinkedBlockingQueue<String> outEvents = new LinkedBlockingQueue<>();
        MidiOut toBob = host.openOut("rtp/bob", new MidiOutCallback() {
            @Override
            public void onOpen(MidiOut o) {
                outEvents.add("open");
            }

            @Override
            public void onClose(MidiOut o) {
                outEvents.add("close");
            }
        }, OpenOptions.direct().reconnect(true));
        assertThat(next(outEvents)).isEqualTo("open");
        MidiOut toAlice = host.openOut("rtpb/alice", MidiOutCallback.NONE, OpenOptions.direct());
        Recorder atBob = new Recorder();
        MidiIn bobIn = host.openIn("rtpb/alice", atBob, OpenOptions.direct().reconnect(true));
        Recorder atAlice = new Recorder();
        MidiIn aliceIn = host.openIn("rtp/bob", atAlice, OpenOptions.direct());
        addBuffers(bobIn);
        addBuffers(aliceIn);
        bobIn.start();
        aliceIn.start();

        // notes and CC, alice → bob
        long before = System.nanoTime();
        toBob.shortMsg(0x643C90);
        toBob.shortMsg(0x4007B1);
        toBob.shortMsg(0x003C80);
        Recorder.Data first = atBob.until(Recorder.Data.class);
        assertThat(first.message()).isEqualTo(0x643C90);
        // stamped from the sender's RTP time through the clock sync: not later than arrival,
        // and not before the send, give or take the 100 µs clock resolution and the offset's rounding
        assertThat(first.nanos()).isBetween(before - 2_000_000L, System.nanoTime());
        assertThat(atBob.nextMessage()).isEqualTo(0x4007B1);
        assertThat(atBob.nextMessage()).isEqualTo(0x003C80);
        // bob's RS (every second) acknowledges them: alice's journal forgets them
        Session aliceSide = alice.devices.endpoint().sessions().get(0);
        assertThat(aliceSide.unacknowledged()).isPositive();
        await("bob's RS trims alice's journal", () -> aliceSide.unacknowledged() == 0);
        // and bob → alice
        toAlice.shortMsg(0x7F4092);
        toAlice.shortMsg(0x0140B2);
        toAlice.shortMsg(0x004082);
        assertThat(atAlice.nextMessage()).isEqualTo(0x7F4092);
        assertThat(atAlice.nextMessage()).isEqualTo(0x0140B2);
        assertThat(atAlice.nextMessage()).isEqualTo(0x004082);

        // 10 KiB of system exclusive, both ways
        byte[] sysex = sysex(10 * 1024);
        sendSysex(toBob, sysex);
        sendSysex(toAlice, sysex);
        assertThat(receiveSysex(bobIn, atBob)).isEqualTo(sysex);
        assertThat(receiveSysex(aliceIn, atAlice)).isEqualTo(sysex);
        assertThat(alice.session().packetsOut()).isGreaterThanOrEqualTo(3 + 8);
        // (a guard packet may be on its way: poll)
        await("bob received every packet alice sent", () -> bob.session().packetsIn() == alice.session().packetsOut());

        // a note left on at bob's input when the session ends is released
        toBob.shortMsg(0x503090);
        assertThat(atBob.nextMessage()).isEqualTo(0x503090);

        // BY: both device pairs go, the handles get CLOSE
        assertThat(alice.devices.end("bob")).isTrue();
        awaitEvent(DeviceEvent.Type.REMOVED, "rtp/bob");
        awaitEvent(DeviceEvent.Type.REMOVED, "rtpb/alice");
        assertThat(next(outEvents)).isEqualTo("close");
        assertThat(atBob.nextMessage()).as("the note left on, released").isEqualTo(0x003080);
        atBob.until(Recorder.Close.class);
        atAlice.until(Recorder.Close.class);
        assertThatThrownBy(() -> toBob.shortMsg(0x643C90)).isInstanceOfSatisfying(MidiException.class,
                e -> assertThat(e.result()).isEqualTo(MmResult.MMSYSERR_NODRIVER));
        assertThat(alice.devices.sessions()).isEmpty();
        await("bob's session gone", () -> bob.devices.sessions().isEmpty());
        assertThat(host.outDeviceCount()).isZero();

        // invite again: the same endpoint ids come back and the handles that asked reconnect
        alice.devices.invite("127.0.0.1", bob.port);
        awaitEvent(DeviceEvent.Type.ADDED, "rtp/bob");
        awaitEvent(DeviceEvent.Type.ADDED, "rtpb/alice");
        assertThat(next(outEvents)).isEqualTo("open");
        atBob.until(Recorder.Open.class); // the input handle reattached too (its OPEN comes on its own)
        bobIn.start();
        toBob.shortMsg(0x647090);
        assertThat(atBob.nextMessage()).isEqualTo(0x647090);
        toBob.close();
        toAlice.close();
        bobIn.close();
        aliceIn.close();
    }

    @Test
    void aJunkFloodAtBothPortsIsCountedAndTheSessionStaysUp() throws Exception {
        startBoth();
        alice.devices.invite("127.0.0.1", bob.port);
        awaitEvent(DeviceEvent.Type.ADDED, "rtpb/alice");
        awaitEvent(DeviceEvent.Type.ADDED, "rtp/bob"); // alice's side comes up a moment after bob's
        Recorder atBob = new Recorder();
        try (MidiOut toBob = host.openOut("rtp/bob", MidiOutCallback.NONE, OpenOptions.direct());
                MidiIn bobIn = host.openIn("rtpb/alice", atBob, OpenOptions.direct())) {
            bobIn.start();
            SessionEndpoint target = bob.devices.endpoint();
            long before = target.malformed() + target.unexpected();
            int sent = Junk.flood(bob.port, alice.devices.endpoint().ssrc(), 4000, 1234,
                    () -> target.malformed() + target.unexpected() - before);
            assertThat(target.malformed() + target.unexpected() - before).isEqualTo(sent);
            assertThat(target.malformed()).isPositive();
            assertThat(target.unexpected()).isPositive();
            assertThat(bob.session().state()).isEqualTo(Session.State.UP);
            toBob.shortMsg(0x643C90);
            assertThat(atBob.nextMessage()).isEqualTo(0x643C90);
        }
    }

    static byte[] sysex(int length) {
        byte[] b = new byte[length];
        b[0] = (byte) 0xF0;
        for (int i = 1; i < length - 1; i++) {
            b[i] = (byte) (i * 7 % 128);
        }
        b[length - 1] = (byte) 0xF7;
        return b;
    }

    private static void sendSysex(MidiOut out, byte[] sysex) throws MidiException {
        MidiHeader header = new MidiHeader(sysex.clone());
        out.prepareHeader(header);
        out.longMsg(header); // the driver returns it (DONE) before longMsg returns
    }

    private static void addBuffers(MidiIn in) throws MidiException {
        for (int i = 0; i < 2; i++) {
            MidiHeader buffer = new MidiHeader(new byte[16 * 1024]);
            in.prepareHeader(buffer);
            in.addBuffer(buffer);
        }
    }

    private static byte[] receiveSysex(MidiIn in, Recorder rec) throws Exception {
        return rec.until(Recorder.LongData.class).bytes();
    }

    /** Waits for an event not yet waited for, in any order among the others. */
    private void awaitEvent(DeviceEvent.Type type, String endpoint) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE_MILLIS * 1_000_000L;
        while (true) {
            for (int i = 0; i < seen.size(); i++) {
                DeviceEvent e = seen.get(i);
                if (e.type() == type && e.caps().endpointId().equals(endpoint)) {
                    seen.remove(i);
                    return;
                }
            }
            long left = deadline - System.nanoTime();
            DeviceEvent e = left > 0 ? events.poll(left, TimeUnit.NANOSECONDS) : null;
            if (e == null) {
                throw new AssertionError("no " + type + " event for " + endpoint + "; seen " + seen);
            }
            seen.add(e);
        }
    }

    private static String next(LinkedBlockingQueue<String> q) throws InterruptedException {
        String s = q.poll(DEADLINE_MILLIS, TimeUnit.MILLISECONDS);
        assertThat(s).as("a callback before the deadline").isNotNull();
        return s;
    }
}
