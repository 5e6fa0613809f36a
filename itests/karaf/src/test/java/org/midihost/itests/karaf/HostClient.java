package org.midihost.itests.karaf;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.midihost.api.MidiException;
import org.midihost.api.MidiHeader;
import org.midihost.api.MidiHost;
import org.midihost.api.MidiIn;
import org.midihost.api.MidiInCallback;
import org.midihost.api.MidiInCaps;
import org.midihost.api.MidiOut;
import org.midihost.api.MidiOutCallback;
import org.midihost.api.MidiOutCaps;
import org.midihost.api.MmResult;
import org.midihost.api.OpenOptions;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * A client of the {@link MidiHost} service inside Karaf, as any application bundle would be.
 *
 * <p>Kept apart from the test class on purpose: the test probe imports {@code org.midihost.api}
 * dynamically, and that package only exists once the {@code midihost} feature is installed, which
 * the test itself does. This class is first loaded after that.
 */
final class HostClient {
    private final BundleContext context;

    HostClient(BundleContext context) {
        this.context = context;
    }

    /** @return the host service, waiting for the host component to activate */
    MidiHost host() {
        return Deadline.await("the MidiHost service", () -> {
            ServiceReference<MidiHost> ref = context.getServiceReference(MidiHost.class);
            return ref == null ? null : context.getService(ref);
        }, h -> h != null);
    }

    /** @return the endpoint ids of the outputs, in device id order */
    List<String> outputs() {
        List<String> ids = new ArrayList<>();
        for (MidiOutCaps c : host().outDevices().devices()) {
            ids.add(c.endpointId());
        }
        return ids;
    }

    /** @return the endpoint ids of the inputs, in device id order */
    List<String> inputs() {
        List<String> ids = new ArrayList<>();
        for (MidiInCaps c : host().inDevices().devices()) {
            ids.add(c.endpointId());
        }
        return ids;
    }

    /**
     * Waits until the host shows exactly these devices.
     *
     * @param outs the expected output endpoint ids, in order
     * @param ins the expected input endpoint ids, in order
     */
    void awaitDevices(List<String> outs, List<String> ins) {
        Deadline.await("outputs " + outs + " and inputs " + ins,
                () -> List.of(outputs(), inputs()), now -> now.equals(List.of(outs, ins)));
    }

    /**
     * @return the endpoint id of the output that the MIDI mapper opens now
     * @throws MidiException if the mapper has no output to map to
     */
    String mapperTarget() throws MidiException {
        try (MidiOut mapper = host().openOut(MidiHost.MIDI_MAPPER, MidiOutCallback.NONE, OpenOptions.defaults())) {
            return mapper.caps().endpointId();
        }
    }

    /**
     * Sends a short message and a system-exclusive message into the output of a cable and checks
     * that both come out of its input, whole and in order.
     *
     * @param endpoint the cable's endpoint id (the same for its output and its input)
     * @param shortMsg the short message to send
     * @throws MidiException if the host refuses a call
     */
    void roundTrip(String endpoint, int shortMsg) throws MidiException {
        byte[] sysex = { (byte) 0xF0, 0x7E, 0x7F, 0x09, 0x01, (byte) 0xF7 }; // GM System On
        Events inEvents = new Events();
        Events outEvents = new Events();
        try (MidiIn in = host().openIn(endpoint, inEvents, OpenOptions.defaults());
                MidiOut out = host().openOut(endpoint, outEvents, OpenOptions.defaults())) {
            inEvents.next("OPEN");
            outEvents.next("OPEN");
            MidiHeader inBuffer = new MidiHeader(new byte[64]);
            in.prepareHeader(inBuffer);
            in.addBuffer(inBuffer);
            in.start();

            out.shortMsg(shortMsg);
            MidiHeader outBuffer = new MidiHeader(sysex.clone());
            out.prepareHeader(outBuffer);
            out.longMsg(outBuffer);
            outEvents.next("DONE");

            inEvents.next(String.format("DATA %06X", shortMsg));
            inEvents.next("LONGDATA");
            assertArrayEquals("system-exclusive bytes through " + endpoint, sysex,
                    Arrays.copyOf(inBuffer.data(), inBuffer.bytesRecorded()));
            in.stop();
            in.reset();
            out.unprepareHeader(outBuffer);
        }
    }

    /**
     * Opens the output and the input of a cable and keeps them open, as an application would.
     *
     * @param endpoint the cable's endpoint id
     * @return the open handles and their callbacks
     * @throws MidiException if the host refuses to open them
     */
    Held hold(String endpoint) throws MidiException {
        Events outEvents = new Events();
        Events inEvents = new Events();
        MidiOut out = host().openOut(endpoint, outEvents, OpenOptions.defaults());
        MidiIn in = host().openIn(endpoint, inEvents, OpenOptions.defaults());
        outEvents.next("OPEN");
        inEvents.next("OPEN");
        return new Held(out, outEvents, in, inEvents);
    }

    /** Output and input handles held open, with their callbacks. */
    record Held(MidiOut out, Events outEvents, MidiIn in, Events inEvents) {
        /**
         * Checks what a client sees when the driver of its devices goes: CLOSE on both handles,
         * then {@code MMSYSERR_NODRIVER} for any further call.
         */
        void assertDriverGone() {
            outEvents.next("CLOSE");
            inEvents.next("CLOSE");
            assertFalse("output handle of a gone driver", out.isOpen());
            assertFalse("input handle of a gone driver", in.isOpen());
            assertFails(MmResult.MMSYSERR_NODRIVER, () -> out.shortMsg(0x643C90));
            assertFails(MmResult.MMSYSERR_NODRIVER, in::start);
        }

        /** Closes both handles, as the application finally does. */
        void close() throws MidiException {
            out.close();
            in.close();
        }
    }

    /** A call on a handle. */
    interface Call {
        void run() throws MidiException;
    }

    static void assertFails(MmResult expected, Call call) {
        try {
            call.run();
            fail("expected " + expected);
        } catch (MidiException e) {
            assertEquals(e.getMessage(), expected, e.result());
        }
    }

    /** A handle's callbacks as text, in the order they came, to be taken one by one. */
    static final class Events implements MidiOutCallback, MidiInCallback {
        private final BlockingQueue<String> events = new LinkedBlockingQueue<>();

        @Override
        public void onOpen(MidiOut out) {
            events.add("OPEN");
        }

        @Override
        public void onClose(MidiOut out) {
            events.add("CLOSE");
        }

        @Override
        public void onDone(MidiOut out, MidiHeader header) {
            events.add("DONE");
        }

        @Override
        public void onOpen(MidiIn in) {
            events.add("OPEN");
        }

        @Override
        public void onClose(MidiIn in) {
            events.add("CLOSE");
        }

        @Override
        public void onData(MidiIn in, int message, long millis, long nanos) {
            events.add(String.format("DATA %06X", message));
        }

        @Override
        public void onLongData(MidiIn in, MidiHeader header, long millis, long nanos) {
            events.add("LONGDATA");
        }

        @Override
        public void onError(MidiIn in, int message, long millis, long nanos) {
            events.add(String.format("ERROR %06X", message));
        }

        @Override
        public void onLongError(MidiIn in, MidiHeader header, long millis, long nanos) {
            events.add("LONGERROR");
        }

        @Override
        public void onOverflow(MidiIn in, long lost) {
            events.add("OVERFLOW " + lost);
        }

        /**
         * @param expected the next event expected
         * @throws AssertionError if another one comes, or none within the timeout
         */
        void next(String expected) {
            String e;
            try {
                e = events.poll(Deadline.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException x) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", x);
            }
            assertNotNull("no callback within " + Deadline.TIMEOUT.toSeconds() + " s; expected " + expected, e);
            assertEquals("callback (then " + events + ")", expected, e);
        }
    }
}
