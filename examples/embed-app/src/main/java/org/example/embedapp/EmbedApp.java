package org.example.embedapp;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.midihost.api.MidiHost;
import org.midihost.api.MidiIn;
import org.midihost.api.MidiInCallback;
import org.midihost.api.MidiInCaps;
import org.midihost.api.MidiOut;
import org.midihost.api.MidiOutCallback;
import org.midihost.api.MidiOutCaps;
import org.midihost.api.OpenOptions;
import org.midihost.embed.EmbeddedMidiHost;

/**
 * A plain Java program using midihost: starts the host in-process, lists its devices, sends a
 * note through the loopback cable and prints what comes back.
 *
 * <p>Run with {@code --add-exports java.desktop/com.sun.media.sound=ALL-UNNAMED} to have the
 * synthesizer too; without it the host says so in one line and runs without it.
 */
public final class EmbedApp {
    public static void main(String[] args) throws Exception {
        try (EmbeddedMidiHost embedded = EmbeddedMidiHost.start()) {
            MidiHost host = embedded.host();
            for (MidiOutCaps c : host.outDevices().devices()) {
                System.out.printf("out %-12s %-22s %s%n", c.endpointId(), c.productName(), c.technology());
            }
            for (MidiInCaps c : host.inDevices().devices()) {
                System.out.printf("in  %-12s %s%n", c.endpointId(), c.productName());
            }

            BlockingQueue<String> received = new LinkedBlockingQueue<>();
            MidiInCallback callback = new MidiInCallback() {
                @Override
                public void onData(MidiIn in, int message, long millis, long nanos) {
                    received.add(String.format("%02X %02X %02X at %d ms", message & 0xFF, message >> 8 & 0xFF,
                            message >> 16 & 0xFF, millis));
                }
            };
            try (MidiIn in = host.openIn("loopback/0", callback, OpenOptions.defaults());
                    MidiOut out = host.openOut("loopback/0", MidiOutCallback.NONE, OpenOptions.defaults())) {
                in.start();
                out.shortMsg(0x643C90); // note on, channel 1, middle C (0x3C), velocity 100
                out.shortMsg(0x003C80); // note off
                for (int i = 0; i < 2; i++) {
                    String m = received.poll(5, TimeUnit.SECONDS);
                    System.out.println("received " + (m == null ? "nothing" : m));
                }
            }
        }
        System.out.println("done");
    }
}
