package org.midihost.driver.javasound;

import java.util.Locale;
import javax.sound.midi.MidiDevice;

/**
 * The one rule that keeps midihost's own devices out of this driver.
 *
 * <p>midihost also works the other way round: its Java Sound provider (the {@code midi.javasound}
 * front end) shows the host's devices to Java Sound programs, so they appear in
 * {@link javax.sound.midi.MidiSystem}'s list next to the operating system's ports. If this driver
 * listed them, every midihost device would come back as a second one through Java Sound, and a
 * message sent to it would go round the host for ever. So a device is midihost's own, and never
 * listed, when its {@link MidiDevice.Info} class is one of midihost's ({@value #PACKAGE_PREFIX}…)
 * or its vendor is {@value #VENDOR} (case-insensitive), which the provider sets on every device it
 * shows; either one suffices, so a provider that wraps the infos in a class of its own is still
 * recognised by its vendor.
 */
final class OwnDevices {
    /** The package prefix of midihost's classes. */
    static final String PACKAGE_PREFIX = "org.midihost.";
    /** The vendor midihost's Java Sound provider gives its devices. */
    static final String VENDOR = "midihost";

    private OwnDevices() {
    }

    /**
     * @param info a device's info as Java Sound lists it
     * @return whether it is one of midihost's own devices, shown to Java Sound by midihost
     */
    static boolean isMidihostDevice(MidiDevice.Info info) {
        if (info.getClass().getName().startsWith(PACKAGE_PREFIX)) {
            return true;
        }
        String vendor = info.getVendor();
        return vendor != null && vendor.strip().toLowerCase(Locale.ROOT).equals(VENDOR);
    }
}
