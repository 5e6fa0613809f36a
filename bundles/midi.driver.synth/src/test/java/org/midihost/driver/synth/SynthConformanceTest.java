package org.midihost.driver.synth;

import org.midihost.spi.MidiDriver;
import org.midihost.testkit.Configs;
import org.midihost.testkit.MidiDriverContract;

/**
 * The synthesizer driver passes the driver conformance suite, rendering nowhere (effects off). It
 * has no input device, so the input tests skip; what reaches the synthesizer shows only as audio
 * (SynthDriverTest checks that through the host), and a configuration change restarts it rather
 * than listing its devices again, so those hooks are left alone and their tests skip too.
 */
class SynthConformanceTest extends MidiDriverContract {
    @Override
    protected MidiDriver newDriver() {
        return new SynthDriver(Configs.of(SynthDriver.Config.class, "output", "null", "reverb", false, "chorus", false));
    }

    @Override
    protected void dispose(MidiDriver d) {
        ((SynthDriver) d).deactivate();
    }
}
