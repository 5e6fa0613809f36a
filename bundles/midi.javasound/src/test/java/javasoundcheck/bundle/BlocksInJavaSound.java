package javasoundcheck.bundle;

import java.util.Arrays;
import javax.sound.midi.MidiSystem;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/**
 * The activator of a bundle installed as an extra driver of an embedded host, so that it starts
 * on the thread that starts the host: it asks Java Sound for its devices there (recording how
 * many midihost devices it saw, how long it took and on which thread), then holds the start until
 * the test sets {@code blocks.release}. Signals go through system properties: the test and this
 * bundle share no class.
 */
public final class BlocksInJavaSound implements BundleActivator {
    @Override
    public void start(BundleContext context) throws InterruptedException {
        long t0 = System.nanoTime();
        long midihost = Arrays.stream(MidiSystem.getMidiDeviceInfo()).filter(i -> "midihost".equals(i.getVendor())).count();
        long millis = (System.nanoTime() - t0) / 1_000_000;
        System.setProperty("blocks.sameThread", midihost + " " + millis + " " + Thread.currentThread().getName());
        System.setProperty("blocks.blocked", "true");
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.getProperty("blocks.release") == null && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    @Override
    public void stop(BundleContext context) {
    }
}
