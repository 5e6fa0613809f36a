package org.midihost.driver.rtp;

import static org.midihost.driver.rtp.Participant.await;

import java.net.InetAddress;

import org.midihost.spi.InInstance;
import org.midihost.spi.MidiDriver;
import org.midihost.spi.OutInstance;
import org.midihost.testkit.Configs;
import org.midihost.testkit.MidiDriverContract;
import org.midihost.testkit.RecordingInClient;
import org.midihost.testkit.RecordingOutClient;

/**
 * The test kit's suite on the driver with one session up (no host): "alice" under test, "bob" the
 * participant on the other end, whose input shows what reached alice's output and whose output
 * makes input arrive at alice's (the hook waits until alice's endpoint has taken the packet). Relisting is not offered (the device set follows the sessions).
 */
class RtpConformanceTest extends MidiDriverContract {
    private RtpDevices alice;
    private RtpDevices bob;

    @Override
    protected MidiDriver newDriver() throws Exception {
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        bob = new RtpDevices(Settings.of(Configs.of(RtpDriver.Config.class, "name", "bob", "port",
                Participant.freePair(lo))), p -> { });
        alice = new RtpDevices(Settings.of(Configs.of(RtpDriver.Config.class, "name", "alice", "port",
                Participant.freePair(lo), "peers", new String[] {"127.0.0.1:" + bob.endpoint().controlPort()})),
                p -> { });
        await("the session up on both sides", () -> !alice.outDevices().isEmpty() && !bob.outDevices().isEmpty());
        return alice;
    }

    @Override
    protected void dispose(MidiDriver d) {
        alice.close();
        bob.close();
    }

    @Override
    protected RecordingInClient observeOutput(String outDeviceId) throws Exception {
        RecordingInClient seen = new RecordingInClient();
        InInstance in = bob.openIn("alice", seen);
        in.start();
        return seen;
    }

    @Override
    protected void arriveAtInput(String inDeviceId, int message) throws Exception {
        // The packet crosses the network: return only when alice's endpoint has taken it (and so
        // delivered what it carries), as the suite expects of this hook.
        Session session = alice.endpoint().sessions().get(0);
        long before = session.packetsIn.get();
        OutInstance out = bob.openOut("alice", new RecordingOutClient());
        out.shortMsg(message);
        out.close();
        await("alice took the packet", () -> session.packetsIn.get() > before);
    }
}
