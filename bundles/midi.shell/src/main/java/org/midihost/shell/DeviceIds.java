package org.midihost.shell;

import java.util.List;
import java.util.OptionalInt;
import org.midihost.api.DeviceCaps;
import org.midihost.api.MidiException;
import org.midihost.api.MidiHost;
import org.midihost.api.MmResult;

/**
 * What a device argument of a {@code midi:} command means: a device id ({@code 0}, {@code 1}, …,
 * as {@code midi:devices} lists them) or a stable endpoint id ({@code loopback/0}).
 */
final class DeviceIds {
    private DeviceIds() {
    }

    /**
     * @param arg the argument
     * @return the device id it gives ({@link MidiHost#MIDI_MAPPER} for -1), or empty if it is not
     *         a number (an endpoint id)
     */
    static OptionalInt deviceId(String arg) {
        return arg.matches("-?[0-9]{1,9}") ? OptionalInt.of(Integer.parseInt(arg)) : OptionalInt.empty();
    }

    /** A device and its id in one snapshot of the device table. */
    record Found<C extends DeviceCaps>(int id, C caps) {
    }

    /**
     * @param host the host
     * @param arg a device id or endpoint id
     * @param input whether an input is meant
     * @return the device
     * @throws MidiException {@code MMSYSERR_BADDEVICEID} for a device id out of range,
     *         {@code MIDIERR_NODEVICE} for an endpoint id not present
     */
    static Found<? extends DeviceCaps> find(MidiHost host, String arg, boolean input) throws MidiException {
        OptionalInt number = deviceId(arg);
        if (number.isPresent()) {
            // the host's own check, so that the error is exactly what a client gets
            int id = number.getAsInt();
            return new Found<>(id, input ? host.inCaps(id) : host.outCaps(id));
        }
        List<? extends DeviceCaps> devices = input ? host.inDevices().devices() : host.outDevices().devices();
        for (int i = 0; i < devices.size(); i++) {
            if (devices.get(i).endpointId().equals(arg)) {
                return new Found<>(i, devices.get(i));
            }
        }
        throw new MidiException(MmResult.MIDIERR_NODEVICE,
                "no " + (input ? "input" : "output") + " with endpoint id '" + arg + "'");
    }
}
