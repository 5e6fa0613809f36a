package org.midihost.javasound;

import javax.sound.midi.MidiDevice;

/**
 * The {@link MidiDevice.Info} of one midihost output or input. Its vendor
 * ({@value MidihostDeviceProvider#VENDOR}) and its class's package are the marker by which
 * midihost's own Java Sound driver recognises and skips it. {@code Info.equals} is identity, so
 * {@link HostDevices} keeps one per direction and endpoint id for the life of the JVM; the info
 * owns its device.
 */
final class MidihostInfo extends MidiDevice.Info {
    private final String endpointId;
    private final boolean output;
    private final HostMidiDevice<?> device;

    MidihostInfo(String name, String endpointId, boolean output, int driverVersion) {
        super(name, MidihostDeviceProvider.VENDOR, "midihost " + (output ? "output " : "input ") + endpointId,
                (driverVersion >> 8 & 0xFF) + "." + (driverVersion & 0xFF));
        this.endpointId = endpointId;
        this.output = output;
        this.device = output ? new OutputDevice(this) : new InputDevice(this);
    }

    /** @return the midihost endpoint id, e.g. {@code loopback/0} */
    String endpointId() {
        return endpointId;
    }

    /** @return whether this is an output (a device with receivers) */
    boolean isOutput() {
        return output;
    }

    /** @return its device, always the same object */
    HostMidiDevice<?> device() {
        return device;
    }
}
