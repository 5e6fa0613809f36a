package org.midihost.driver.javasound;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.Set;
import java.util.concurrent.Callable;
import javax.sound.midi.MidiDevice;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequencer;
import javax.sound.midi.Synthesizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks Java Sound which MIDI ports there are, and makes a {@link DeviceTable} of them.
 *
 * <p><b>Which class loader.</b> {@link MidiSystem} finds its providers with {@link java.util.ServiceLoader}
 * through the calling thread's context class loader, at every call. In an OSGi framework that loader
 * is whatever the thread happened to get, so the scan would see different providers on different
 * threads. Every call this class makes into {@code MidiSystem} therefore runs with the context class
 * loader set to the system class loader: Java Sound then sees the JDK's own providers (the
 * operating system's ports) and every provider on the JVM's class path ({@code -cp}, or
 * {@code java -jar}'s jar and its {@code Class-Path}), which is where a user installs one; a
 * provider inside another OSGi bundle is not seen.
 *
 * <p>Java Sound calls are guarded one by one: a provider that throws, while listing or for one
 * device, costs that device (or, when listing fails altogether, this scan: the caller keeps the
 * ports it had), and is said in one warning, not one per scan.
 */
final class JavaSoundScan {
    private static final Logger LOG = LoggerFactory.getLogger(JavaSoundScan.class);
    private static final int MAX_WARNINGS_REMEMBERED = 256;

    private final Settings settings;
    // Guards itself (a synchronized set): the problems warned about already.
    private final Set<String> warned = Collections.synchronizedSet(new HashSet<>());

    JavaSoundScan(Settings settings) {
        this.settings = settings;
    }

    /** Thrown when Java Sound cannot list its devices at all. */
    static final class ScanFailedException extends Exception {
        private static final long serialVersionUID = 1L;

        ScanFailedException(Throwable cause) {
            super(cause.toString(), cause);
        }
    }

    private record Candidate(MidiDevice.Info info, MidiDevice device, String name, String slug, boolean output,
            boolean input) {
    }

    /** What the last scan found for an info it will not list: Java Sound's own synthesizer, a sequencer, … */
    private static final Candidate NOT_A_PORT = new Candidate(null, null, "", "", false, false);

    /*
     * Guards `known`: what the last scan found for each info Java Sound listed then (a port, or
     * NOT_A_PORT), so that a device seen before is not asked again (getMidiDevice makes a new
     * Gervill or sequencer object at every call). Taken by scan, one scan at a time; held across
     * Java Sound's calls, never by a call from the host.
     */
    private final Object scanLock = new Object();
    private Map<MidiDevice.Info, Candidate> known = new IdentityHashMap<>();

    /**
     * Lists Java Sound's ports now, leaving out its synthesizers and sequencers, midihost's own
     * devices ({@link OwnDevices}), devices with neither receivers nor transmitters, and what the
     * configuration excludes.
     *
     * @param previous the last table: a device listed then keeps its id
     * @return the ports present now
     * @throws ScanFailedException if Java Sound cannot list its devices
     */
    DeviceTable scan(DeviceTable previous) throws ScanFailedException {
        synchronized (scanLock) {
            return scanLocked(previous);
        }
    }

    private DeviceTable scanLocked(DeviceTable previous) throws ScanFailedException {
        MidiDevice.Info[] infos;
        try {
            infos = withSystemLoader(MidiSystem::getMidiDeviceInfo);
        } catch (Exception | LinkageError | ServiceConfigurationError e) {
            throw new ScanFailedException(e);
        }
        List<Candidate> candidates = new ArrayList<>(infos.length);
        Map<MidiDevice.Info, Candidate> seen = new IdentityHashMap<>();
        for (MidiDevice.Info info : infos) {
            if (info == null) {
                continue;
            }
            Candidate c = known.get(info);
            if (c == null) {
                c = candidate(info);
            }
            if (c != null) {
                seen.put(info, c);
                if (c != NOT_A_PORT) {
                    candidates.add(c);
                }
            }
        }
        known = seen;
        Map<MidiDevice.Info, String> ids = new IdentityHashMap<>();
        Set<String> taken = new HashSet<>();
        // Devices seen at the last scan keep their ids, whatever their place in the list now.
        for (Candidate c : candidates) {
            String old = previous.idOf(c.info());
            if (old != null && EndpointIds.slugOf(old).equals(c.slug()) && taken.add(old)) {
                ids.put(c.info(), old);
            }
        }
        // New ones: the first free occurrence number of their slug.
        for (Candidate c : candidates) {
            if (!ids.containsKey(c.info())) {
                for (int n = 1;; n++) {
                    String id = EndpointIds.id(c.slug(), n);
                    if (taken.add(id)) {
                        ids.put(c.info(), id);
                        break;
                    }
                }
            }
        }
        List<JavaSoundPort> ports = new ArrayList<>(candidates.size());
        for (Candidate c : candidates) {
            String id = ids.get(c.info());
            if (settings.admits(c.name(), id)) {
                ports.add(new JavaSoundPort(id, c.name(), c.info(), c.device(), c.output(), c.input()));
            }
        }
        ports.sort(Comparator.comparing((JavaSoundPort p) -> EndpointIds.slugOf(p.id()))
                .thenComparingInt(p -> occurrence(p.id())));
        return new DeviceTable(ports, ids);
    }

    private static int occurrence(String id) {
        int hash = id.lastIndexOf('#');
        return hash < 0 ? 1 : Integer.parseInt(id.substring(hash + 1));
    }

    /**
     * @return the port behind {@code info}; {@link #NOT_A_PORT} if it is none this driver lists;
     *         {@code null} if Java Sound could not say (asked again at the next scan)
     */
    private Candidate candidate(MidiDevice.Info info) {
        String what = "?";
        try {
            what = "'" + info.getName() + "' (" + info.getClass().getName() + ")";
            // Never loop midihost's own devices back into it.
            if (OwnDevices.isMidihostDevice(info)) {
                return NOT_A_PORT;
            }
            MidiDevice device;
            try {
                device = withSystemLoader(() -> MidiSystem.getMidiDevice(info));
            } catch (IllegalArgumentException e) {
                return null; // gone since it was listed: the next scan says so
            }
            // Java Sound's software synthesizer (Gervill) and sequencer are no ports.
            if (device == null) {
                return null;
            }
            if (device instanceof Synthesizer || device instanceof Sequencer) {
                return NOT_A_PORT;
            }
            boolean output = device.getMaxReceivers() != 0;
            boolean input = device.getMaxTransmitters() != 0;
            if (!output && !input) {
                return NOT_A_PORT;
            }
            String name = info.getName() == null || info.getName().isBlank() ? "Java Sound MIDI port"
                    : info.getName().strip();
            return new Candidate(info, device, name, EndpointIds.slug(info), output, input);
        } catch (Exception | LinkageError e) {
            warnOnce("device " + what, "javasound " + settings.driverId() + ": Java Sound device " + what
                    + " left out: " + e);
            return null;
        }
    }

    /**
     * Whether Java Sound lists {@code info} now (the same object), for telling a device that has
     * gone from one that is busy.
     *
     * @param info the info
     * @return whether it is listed; {@code true} if Java Sound cannot say
     */
    boolean isListed(MidiDevice.Info info) {
        try {
            for (MidiDevice.Info i : withSystemLoader(MidiSystem::getMidiDeviceInfo)) {
                if (i == info) {
                    return true;
                }
            }
            return false;
        } catch (Exception | LinkageError | ServiceConfigurationError e) {
            return true;
        }
    }

    /**
     * Logs {@code message} as a warning unless a warning with the same key was logged before.
     *
     * @param key what the warning is about
     * @param message the line
     */
    void warnOnce(String key, String message) {
        if (warned.size() < MAX_WARNINGS_REMEMBERED && warned.add(key)) {
            LOG.warn(message);
        }
    }

    /**
     * Runs {@code call} with the thread's context class loader set to the system class loader (see
     * the class comment), and puts the thread's own back.
     */
    static <T> T withSystemLoader(Callable<T> call) throws Exception {
        Thread t = Thread.currentThread();
        ClassLoader own = t.getContextClassLoader();
        ClassLoader system = ClassLoader.getSystemClassLoader();
        if (own == system) {
            return call.call();
        }
        t.setContextClassLoader(system);
        try {
            return call.call();
        } finally {
            t.setContextClassLoader(own);
        }
    }
}
