package org.midihost.host;

import java.util.List;
import java.util.Map;
import org.midihost.spi.MidiDriver;

/**
 * A bound driver and its devices. The device lists are replaced (never mutated) under the table
 * lock when the driver re-lists its devices.
 */
final class DriverEntry {
    final MidiDriver driver;
    final String id;
    volatile int order;
    /** The service properties it was bound or last modified with. */
    volatile Map<String, ?> properties = Map.of();
    volatile List<Device> outs = List.of();
    volatile List<Device> ins = List.of();

    DriverEntry(MidiDriver driver, String id, int order) {
        this.driver = driver;
        this.id = id;
        this.order = order;
    }

    @Override
    public String toString() {
        return "driver " + id;
    }
}
