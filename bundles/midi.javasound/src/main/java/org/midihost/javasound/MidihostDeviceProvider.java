package org.midihost.javasound;

import javax.sound.midi.MidiDevice;
import javax.sound.midi.spi.MidiDeviceProvider;

/**
 * midihost's outputs and inputs as Java Sound devices. A program gets them by having this jar on
 * its class path (it is registered in {@code META-INF/services/javax.sound.midi.spi.MidiDeviceProvider}):
 * {@link javax.sound.midi.MidiSystem#getMidiDeviceInfo()} then lists every midihost output (a
 * device with receivers) and input (a device with transmitters), devices that appear later
 * included, since {@code MidiSystem} asks its providers at every call.
 *
 * <p>The host is the program's own {@code org.midihost.embed.EmbeddedMidiHost} when one runs;
 * otherwise the first call that lists devices starts one
 * ({@code EmbeddedMidiHost.shared()}, options from the system properties
 * {@code midihost.deploy}, {@code midihost.drivers}, {@code midihost.startTimeout}), which a shutdown
 * hook stops when the JVM exits. While a host is starting — possibly on this very thread, when a
 * driver inside it asks Java Sound for its devices — this provider lists nothing and returns at
 * once, rather than wait for the start or begin a second one. A host that failed to start is
 * logged once and not tried again: the provider then lists nothing.
 *
 * <p>Every {@link MidiDevice.Info} it lists has vendor {@value #VENDOR} and a class of this
 * package: the contract by which midihost's own Java Sound driver ({@code org.midihost.driver.javasound})
 * leaves these devices out, so that midihost never loops its own devices back to itself. The
 * same midihost device (direction and endpoint id) always gives the same {@code Info} object, and
 * that {@code Info} the same {@link MidiDevice}, so an {@code Info} kept from an earlier call still
 * works with {@link javax.sound.midi.MidiSystem#getMidiDevice}; the device of one that is gone
 * since fails on {@code open} with a {@code MidiUnavailableException}.
 *
 * <p>Java Sound makes a new provider object for every look-up; all state is shared by the class.
 */
public final class MidihostDeviceProvider extends MidiDeviceProvider {
    /** The vendor of every {@link MidiDevice.Info} this provider lists. */
    public static final String VENDOR = "midihost";

    /** Called by Java Sound's service loader, at every look-up: does nothing. */
    public MidihostDeviceProvider() {
    }

    /**
     * @return the midihost outputs and inputs present now; empty while a host is starting, or if
     *         none can be had
     */
    @Override
    public MidiDevice.Info[] getDeviceInfo() {
        return HostDevices.list();
    }

    /**
     * @param info any info, or {@code null}
     * @return whether this provider listed {@code info} at some time (gone since or not); never throws
     */
    @Override
    public boolean isDeviceSupported(MidiDevice.Info info) {
        return info instanceof MidihostInfo;
    }

    /**
     * @param info an info this provider listed, at any time
     * @return its device, the same object for the same info; a device gone since fails on open
     * @throws IllegalArgumentException if {@code info} is not one of this provider's (the
     *         {@link MidiDeviceProvider} contract; {@link #isDeviceSupported} tells first)
     */
    @Override
    public MidiDevice getDevice(MidiDevice.Info info) {
        if (info instanceof MidihostInfo m) {
            return m.device();
        }
        throw new IllegalArgumentException("not a midihost device: " + info);
    }
}
