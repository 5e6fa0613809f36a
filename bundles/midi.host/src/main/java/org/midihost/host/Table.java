package org.midihost.host;

import java.util.List;
import java.util.Map;
import org.midihost.api.MidiInCaps;
import org.midihost.api.MidiOutCaps;

/**
 * One immutable generation of the device table: what readers (count, caps, open) work on.
 *
 * @param generation increases with every published change
 * @param outs output devices by device id
 * @param outCaps their caps as of this generation
 * @param ins input devices by device id
 * @param inCaps their caps as of this generation
 * @param outByEndpoint outputs by endpoint id
 * @param inByEndpoint inputs by endpoint id
 */
record Table(long generation, Device[] outs, List<MidiOutCaps> outCaps, Device[] ins, List<MidiInCaps> inCaps,
        Map<String, Device> outByEndpoint, Map<String, Device> inByEndpoint) {

    static final Table EMPTY = new Table(0, new Device[0], List.of(), new Device[0], List.of(), Map.of(), Map.of());
}
