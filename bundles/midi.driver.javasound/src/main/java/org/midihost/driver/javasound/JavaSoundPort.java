package org.midihost.driver.javasound;

import javax.sound.midi.MidiDevice;

/**
 * One port that Java Sound lists, as this driver sees it at one scan.
 *
 * @param id the device id within the driver ({@link EndpointIds}), the same for output and input
 * @param name the device name (Java Sound's {@link MidiDevice.Info#getName()})
 * @param info Java Sound's info for it
 * @param device the Java Sound device ({@code MidiSystem.getMidiDevice(info)})
 * @param output whether it takes messages ({@code getMaxReceivers() != 0}): a midihost output
 * @param input whether it sends messages ({@code getMaxTransmitters() != 0}): a midihost input
 */
record JavaSoundPort(String id, String name, MidiDevice.Info info, MidiDevice device, boolean output,
        boolean input) {

    /** Equal when it is the same Java Sound device under the same id and name, with the same directions. */
    @Override
    public boolean equals(Object o) {
        return o instanceof JavaSoundPort p && id.equals(p.id) && name.equals(p.name) && info == p.info
                && device == p.device && output == p.output && input == p.input;
    }

    @Override
    public int hashCode() {
        return id.hashCode() * 31 + System.identityHashCode(device);
    }

    @Override
    public String toString() {
        return id + " '" + name + "'" + (output ? " out" : "") + (input ? " in" : "");
    }
}
