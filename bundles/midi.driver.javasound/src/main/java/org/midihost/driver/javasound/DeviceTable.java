package org.midihost.driver.javasound;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import javax.sound.midi.MidiDevice;
import org.midihost.spi.InDevice;
import org.midihost.spi.OutDevice;

/**
 * The ports of one scan, as one immutable snapshot: the ports listed (after the configuration's
 * include and exclude), sorted by id, and the ids given to every port Java Sound listed (listed or
 * not), which the next scan keeps for the same devices. Two tables are equal when they list the
 * same ports under the same ids; the driver tells the host only when {@link #property()} changes.
 */
final class DeviceTable {
    static final DeviceTable EMPTY = new DeviceTable(List.of(), Map.of());

    private final List<JavaSoundPort> ports;
    // Identity: Java Sound's Info has identity equality anyway; never written after construction.
    private final Map<MidiDevice.Info, String> ids;
    private final List<OutDevice> outDevices;
    private final List<InDevice> inDevices;
    private final List<String> property;

    /**
     * @param ports the ports listed, sorted by id
     * @param ids the id of every port Java Sound listed this time, listed or not
     */
    DeviceTable(List<JavaSoundPort> ports, Map<MidiDevice.Info, String> ids) {
        this.ports = List.copyOf(ports);
        this.ids = new IdentityHashMap<>(ids);
        List<OutDevice> outs = new ArrayList<>();
        List<InDevice> ins = new ArrayList<>();
        List<String> prop = new ArrayList<>();
        for (JavaSoundPort p : ports) {
            // Many midihost clients share one Java Sound device (the driver counts its opens).
            if (p.output()) {
                outs.add(OutDevice.port(p.id(), p.name()).withMultiClient(true));
                prop.add("out " + p.id());
            }
            if (p.input()) {
                ins.add(InDevice.port(p.id(), p.name()).withMultiClient(true));
                prop.add("in " + p.id());
            }
        }
        outDevices = List.copyOf(outs);
        inDevices = List.copyOf(ins);
        property = List.copyOf(prop);
    }

    List<JavaSoundPort> ports() {
        return ports;
    }

    List<OutDevice> outDevices() {
        return outDevices;
    }

    List<InDevice> inDevices() {
        return inDevices;
    }

    /** @return the id this table gave {@code info}, or {@code null} */
    String idOf(MidiDevice.Info info) {
        return ids.get(info);
    }

    /**
     * @return one entry per midihost device, {@code "out <id>"} or {@code "in <id>"}, in order: the
     *         driver's service property, which changes exactly when the host's device set does
     */
    List<String> property() {
        return property;
    }

    /**
     * @param id a device id
     * @param output the output ({@code true}) or the input
     * @return the port with that id listed in that direction, or {@code null}
     */
    JavaSoundPort port(String id, boolean output) {
        for (JavaSoundPort p : ports) {
            if (p.id().equals(id) && (output ? p.output() : p.input())) {
                return p;
            }
        }
        return null;
    }

    /** @return whether this table lists {@code port} (the same device under the same id) */
    boolean contains(JavaSoundPort port) {
        return ports.contains(port);
    }

    @Override
    public boolean equals(Object o) {
        // The ids too: those of devices the configuration leaves out must be kept for the next scan.
        return o instanceof DeviceTable t && ports.equals(t.ports) && ids.equals(t.ids);
    }

    @Override
    public int hashCode() {
        return ports.hashCode();
    }

    @Override
    public String toString() {
        return ports.toString();
    }
}
