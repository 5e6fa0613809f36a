package embedcheck;

import org.midihost.api.MidiOutCaps;
import org.midihost.embed.EmbeddedMidiHost;

/**
 * A plain program run by {@code EmbeddedProcessTest} as a {@code java -cp} process: starts a host,
 * prints its outputs, and returns from {@code main}, closing the host first unless told
 * {@code leave-open}. The JVM must then end by itself.
 */
public final class EmbedMain {
    public static void main(String[] args) {
        EmbeddedMidiHost embedded = EmbeddedMidiHost.start();
        for (MidiOutCaps c : embedded.host().outDevices().devices()) {
            System.out.println("out " + c.endpointId() + " \"" + c.productName() + "\" " + c.technology());
        }
        if (args.length > 0 && args[0].equals("leave-open")) {
            System.out.println("returning with the host open");
            return;
        }
        embedded.close();
        System.out.println("closed");
    }
}
