package org.midihost.driver.rawmidi;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.midihost.spi.InDevice;
import org.midihost.spi.OutDevice;

/**
 * The devices present at one scan, as one immutable snapshot: the render (output) and capture
 * (input) devices in the order the host numbers them. Two tables are equal when they list the same
 * devices; the driver publishes a new table (and changes its service property) only when the scan
 * found a different one.
 */
final class DeviceTable {
    static final DeviceTable EMPTY = new DeviceTable(List.of(), List.of());

    private final List<RawDevice> render;
    private final List<RawDevice> capture;
    private final List<OutDevice> outDevices;
    private final List<InDevice> inDevices;

    DeviceTable(List<RawDevice> render, List<RawDevice> capture) {
        this.render = List.copyOf(render);
        this.capture = List.copyOf(capture);
        List<OutDevice> outs = new ArrayList<>(render.size());
        for (RawDevice d : render) {
            outs.add(OutDevice.port(d.id(), d.name()));
        }
        List<InDevice> ins = new ArrayList<>(capture.size());
        for (RawDevice d : capture) {
            ins.add(InDevice.port(d.id(), d.name()));
        }
        outDevices = List.copyOf(outs);
        inDevices = List.copyOf(ins);
    }

    List<RawDevice> render() {
        return render;
    }

    List<RawDevice> capture() {
        return capture;
    }

    List<RawDevice> devices(boolean captureSide) {
        return captureSide ? capture : render;
    }

    List<OutDevice> outDevices() {
        return outDevices;
    }

    List<InDevice> inDevices() {
        return inDevices;
    }

    /** @return the files behind the devices, sorted, each once: the driver's service property */
    List<String> paths() {
        TreeSet<String> all = new TreeSet<>();
        for (RawDevice d : render) {
            all.add(d.path().toString());
        }
        for (RawDevice d : capture) {
            all.add(d.path().toString());
        }
        return List.copyOf(all);
    }

    boolean contains(boolean captureSide, RawDevice device) {
        return devices(captureSide).contains(device);
    }

    /** @return a table with one read-write device per path, in the given order */
    static DeviceTable readWrite(List<RawDevice> devices) {
        return new DeviceTable(devices, devices);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeviceTable t && render.equals(t.render) && capture.equals(t.capture);
    }

    @Override
    public int hashCode() {
        return render.hashCode() * 31 + capture.hashCode();
    }

    @Override
    public String toString() {
        return "[render " + render + ", capture " + capture + "]";
    }
}
