package org.midihost.driver.loopback;

import org.midihost.spi.MidiDriver;
import org.midihost.spi.OutInstance;
import org.midihost.testkit.Configs;
import org.midihost.testkit.MidiDriverContract;
import org.midihost.testkit.RecordingInClient;
import org.midihost.testkit.RecordingOutClient;

/**
 * The loopback driver passes the driver conformance suite: three multi-client cables. A cable is
 * its own probe: what reaches output k shows at a started input of cable k, and input arrives at
 * input k when something is sent to output k.
 */
class LoopbackConformanceTest extends MidiDriverContract {
    private LoopbackDriver loopback;

    /** @return whether the cables under test are exclusive */
    boolean exclusive() {
        return false;
    }

    private LoopbackDriver.Config config(int cables) {
        return Configs.of(LoopbackDriver.Config.class, "cables", cables, "exclusive", exclusive());
    }

    @Override
    protected MidiDriver newDriver() {
        loopback = new LoopbackDriver(config(3));
        return loopback;
    }

    @Override
    protected void dispose(MidiDriver d) {
        loopback.deactivate();
    }

    @Override
    protected RecordingInClient observeOutput(String outDeviceId) throws Exception {
        RecordingInClient seen = new RecordingInClient();
        // The probe's own input: the suite opens only the output of this cable in the meantime.
        loopback.openIn(outDeviceId, seen).start();
        return seen;
    }

    @Override
    protected void arriveAtInput(String inDeviceId, int message) throws Exception {
        OutInstance out = loopback.openOut(inDeviceId, new RecordingOutClient());
        try {
            out.shortMsg(message);
        } finally {
            out.close();
        }
    }

    /** A configuration change that keeps every cable and adds one. */
    @Override
    protected void relist() {
        int cables = loopback.outDevices().size();
        loopback.modified(config(cables + 1));
    }
}
