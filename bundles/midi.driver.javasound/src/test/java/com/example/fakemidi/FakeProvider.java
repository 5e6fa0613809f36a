package com.example.fakemidi;

import java.util.List;
import javax.sound.midi.MidiDevice;
import javax.sound.midi.spi.MidiDeviceProvider;

/**
 * A Java Sound provider of fake hardware ports, registered through
 * {@code META-INF/services/javax.sound.midi.spi.MidiDeviceProvider} exactly as a real one is. Java
 * Sound makes a new instance at every call, so the state lives in {@link FakeHardware}.
 */
public final class FakeProvider extends MidiDeviceProvider {
    @Override
    public MidiDevice.Info[] getDeviceInfo() {
        List<FakePort> ports = FakeHardware.plugged();
        MidiDevice.Info[] infos = new MidiDevice.Info[ports.size()];
        for (int i = 0; i < infos.length; i++) {
            infos[i] = ports.get(i).getDeviceInfo();
        }
        return infos;
    }

    /** Answers for any info it ever listed, even one unplugged since (that device then fails on open). */
    @Override
    public MidiDevice getDevice(MidiDevice.Info info) {
        for (FakePort p : FakeHardware.known()) {
            if (p.getDeviceInfo() == info) {
                return p;
            }
        }
        throw new IllegalArgumentException("not a fake port: " + info);
    }
}
