package org.midihost.examples.client;

import java.util.concurrent.atomic.AtomicInteger;
import org.midihost.api.MidiException;
import org.midihost.api.MidiHost;
import org.midihost.api.MidiIn;
import org.midihost.api.MidiInCallback;
import org.midihost.api.MidiOut;
import org.midihost.api.MidiOutCallback;
import org.midihost.api.OpenOptions;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * A client of the {@link MidiHost} service: on activation it opens an endpoint's input and output
 * (by endpoint id, {@code loopback/0} unless configured), starts listening, sends middle C on and
 * off, and prints every message that comes back in; on deactivation (the bundle stops, is removed
 * from {@code deploy/}, or the host goes away) it closes both and says how many it heard.
 *
 * <p>Configuration (optional): {@code deploy/org.midihost.examples.client.LoopbackClient.cfg} with
 * {@code endpoint=loopback/1}, for instance.
 */
@Component(immediate = true)
public final class LoopbackClient {
    /** The component's configuration: DS fills it from the component's properties. */
    @interface Config {
        /** @return the endpoint id whose output is sent to and whose input is listened to */
        String endpoint() default "loopback/0";
    }

    private final String endpoint;
    private final AtomicInteger received = new AtomicInteger();
    private final MidiIn in;
    private final MidiOut out;

    /**
     * @param host the host, from the service registry
     * @param config the configuration
     * @throws MidiException if the endpoint cannot be opened (DS then logs it and does not
     *     activate the component)
     */
    @Activate
    public LoopbackClient(@Reference MidiHost host, Config config) throws MidiException {
        this.endpoint = config.endpoint();
        // Callbacks come in order on a host thread (OpenOptions.defaults()), never on the driver's.
        this.in = host.openIn(endpoint, new MidiInCallback() {
            @Override
            public void onData(MidiIn handle, int message, long millis, long nanos) {
                received.incrementAndGet();
                System.out.println("client-bundle: " + endpoint + " in: " + describe(message) + " at " + millis + " ms");
            }

            @Override
            public void onClose(MidiIn handle) {
                System.out.println("client-bundle: " + endpoint + " in closed");
            }
        }, OpenOptions.defaults());
        try {
            in.start();
            this.out = host.openOut(endpoint, MidiOutCallback.NONE, OpenOptions.defaults());
        } catch (MidiException e) {
            in.close();
            throw e;
        }
        System.out.println("client-bundle: opened " + endpoint + " out and in; sending a note");
        out.shortMsg(0x643C90); // note on, channel 1, middle C (60), velocity 100: WinMM packing, status in the low byte
        out.shortMsg(0x003C80); // note off, channel 1, middle C, velocity 0
    }

    /** Closes both handles; a handle whose driver already went is closed all the same. */
    @Deactivate
    void deactivate() {
        close(out);
        close(in);
        System.out.println("client-bundle: closed " + endpoint + " out and in after " + received.get() + " message(s) received");
    }

    private void close(AutoCloseable handle) {
        try {
            handle.close();
        } catch (Exception e) {
            System.out.println("client-bundle: closing " + endpoint + ": " + e.getMessage());
        }
    }

    /**
     * @param message a short message, WinMM packing
     * @return its bytes in hex and, for note on and off, what it is: {@code 90 3C 64 (note on, channel 1, note 60, velocity 100)}
     */
    static String describe(int message) {
        int status = message & 0xFF;
        int data1 = (message >>> 8) & 0xFF;
        int data2 = (message >>> 16) & 0xFF;
        String bytes = String.format("%02X %02X %02X", status, data1, data2);
        String kind = switch (status & 0xF0) {
            case 0x90 -> data2 == 0 ? "note off" : "note on";
            case 0x80 -> "note off";
            default -> null;
        };
        return kind == null ? bytes
                : bytes + " (" + kind + ", channel " + ((status & 0x0F) + 1) + ", note " + data1 + ", velocity " + data2 + ")";
    }
}
