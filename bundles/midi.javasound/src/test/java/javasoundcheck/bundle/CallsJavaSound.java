package javasoundcheck.bundle;

import java.util.Arrays;
import javax.sound.midi.MidiSystem;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/**
 * The activator of a bundle that the provider test drops into the deploy folder: it asks Java
 * Sound for its devices while the embedded host is starting (as midihost's own Java Sound driver
 * does), which reaches the midihost provider from inside the host's start. It records how many
 * midihost devices it saw and how long the call took.
 */
public final class CallsJavaSound implements BundleActivator {
    @Override
    public void start(BundleContext context) {
        long t0 = System.nanoTime();
        long midihost = Arrays.stream(MidiSystem.getMidiDeviceInfo()).filter(i -> "midihost".equals(i.getVendor())).count();
        long millis = (System.nanoTime() - t0) / 1_000_000;
        System.setProperty("javasoundcheck.reentrant", midihost + " midihost device(s) in " + millis + " ms");
    }

    @Override
    public void stop(BundleContext context) {
    }
}
