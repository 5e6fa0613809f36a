package org.midihost.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.midihost.api.DeviceCaps;
import org.midihost.api.MidiException;
import org.midihost.api.MidiHost;
import org.midihost.api.MidiInCaps;
import org.midihost.api.MidiOutCaps;

/**
 * The body of {@code GET /api/devices} and of the {@code devices} event: the rows of
 * {@code midi:devices}, with the same values. The MIDI mapper comes first among the outputs (id
 * -1, its name followed by "→ " and the endpoint it stands for now) when it maps to an output;
 * its {@code clients} is left out, as the shell shows "-" (its handles count on the output it maps
 * to). Inputs have no technology ({@code "-"} in the shell): left out too.
 */
final class DeviceRows {
    /** One device. {@code technology} and {@code clients} are {@code null} (left out) where the shell prints "-". */
    record Device(int id, String endpointId, String name, String technology, String driver, Integer clients) {
    }

    /** The whole body. */
    record Devices(List<Device> outputs, List<Device> inputs) {
    }

    private DeviceRows() {
    }

    /**
     * @param host the host
     * @return the devices now
     */
    static Devices of(MidiHost host) {
        List<MidiOutCaps> outs = host.outDevices().devices();
        List<MidiInCaps> ins = host.inDevices().devices();
        List<Device> outputs = new ArrayList<>(outs.size() + 1);
        Optional<MidiOutCaps> mapped = host.mapperOutput();
        if (mapped.isPresent()) {
            try {
                MidiOutCaps m = host.outCaps(MidiHost.MIDI_MAPPER);
                outputs.add(new Device(MidiHost.MIDI_MAPPER, m.endpointId(),
                        m.productName() + " \u2192 " + mapped.get().endpointId(), m.technology().name().toLowerCase(),
                        m.driverId(), null));
            } catch (MidiException e) {
                // the mapped output left between the two calls: the mapper row is gone too
            }
        }
        for (int i = 0; i < outs.size(); i++) {
            MidiOutCaps c = outs.get(i);
            outputs.add(new Device(i, c.endpointId(), c.productName(), c.technology().name().toLowerCase(), c.driverId(),
                    clients(host, c)));
        }
        List<Device> inputs = new ArrayList<>(ins.size());
        for (int i = 0; i < ins.size(); i++) {
            MidiInCaps c = ins.get(i);
            inputs.add(new Device(i, c.endpointId(), c.productName(), null, c.driverId(), clients(host, c)));
        }
        return new Devices(List.copyOf(outputs), List.copyOf(inputs));
    }

    private static int clients(MidiHost host, DeviceCaps c) {
        try {
            return host.openHandles(c);
        } catch (MidiException e) {
            return 0; // as openHandles itself says for a device that is not present now
        }
    }
}
