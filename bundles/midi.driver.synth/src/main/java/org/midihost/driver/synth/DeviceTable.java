package org.midihost.driver.synth;

import java.util.EnumSet;
import java.util.List;
import org.midihost.api.MidiException;
import org.midihost.api.MmResult;
import org.midihost.api.Support;
import org.midihost.api.Technology;
import org.midihost.spi.InDevice;
import org.midihost.spi.OutDevice;

/**
 * The device table of one synthesizer driver instance: one output device, the synthesizer, with
 * device id {@value SynthDriver#DEVICE_ID}, and no input. Immutable; made once at activation (a
 * configuration change restarts the synthesizer, so it makes a new table).
 */
final class DeviceTable {
    private final List<OutDevice> outs;

    private DeviceTable(OutDevice synth) {
        this.outs = List.of(synth);
    }

    /**
     * @param name the device name, {@code "Gervill Synthesizer"} if blank
     * @param voices the synthesizer's polyphony: its voices and its notes
     * @return the table
     */
    static DeviceTable of(String name, int voices) {
        String n = name == null || name.isBlank() ? "Gervill Synthesizer" : name;
        return new DeviceTable(OutDevice.port(SynthDriver.DEVICE_ID, n).withMultiClient(true)
                .asSynth(Technology.SWSYNTH, voices, voices, EnumSet.of(Support.VOLUME, Support.LRVOLUME)));
    }

    List<OutDevice> outDevices() {
        return outs;
    }

    List<InDevice> inDevices() {
        return List.of();
    }

    /**
     * Checks that {@code deviceId} names the synthesizer.
     *
     * @throws MidiException {@link MmResult#MMSYSERR_BADDEVICEID} if it does not
     */
    void checkOutput(String deviceId) throws MidiException {
        if (!SynthDriver.DEVICE_ID.equals(deviceId)) {
            throw new MidiException(MmResult.MMSYSERR_BADDEVICEID,
                    "synth output '" + deviceId + "', have '" + SynthDriver.DEVICE_ID + "'");
        }
    }

    @Override
    public String toString() {
        return outs.toString();
    }
}
