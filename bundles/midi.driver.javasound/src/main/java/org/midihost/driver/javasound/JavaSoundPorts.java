package org.midihost.driver.javasound;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.sound.midi.Receiver;
import org.midihost.api.MidiException;
import org.midihost.api.MmResult;
import org.midihost.spi.InClient;
import org.midihost.spi.InDevice;
import org.midihost.spi.InInstance;
import org.midihost.spi.MidiDriver;
import org.midihost.spi.OutClient;
import org.midihost.spi.OutDevice;
import org.midihost.spi.OutInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link MidiDriver} of one javasound driver instance: its devices are the ports of the last
 * scan of Java Sound ({@link JavaSoundScan}). Every port that takes messages is an output, every
 * port that sends them an input, both under the port's id; each takes many clients, who share the
 * Java Sound device ({@link OpenPort}).
 *
 * <p>Scanning happens on a daemon thread of the driver's own ({@code javasound-scan <driver id>}),
 * first right after {@link #startScanning()}, then every {@code rescan} interval; never in the
 * constructor, so activating the driver costs no Java Sound call. When the ports differ from the
 * last scan, the new table is published (new opens see it at once), the open ports that went are
 * closed ({@link OpenPort#gone()}), and, if the device set changed, the listener gets the new
 * {@link DeviceTable#property()} (the component puts it in its service properties, and the host
 * lists the devices again: handles of devices that went get CLOSE, those opened to reconnect come
 * back when the same id does). No lock is held while the listener runs.
 */
final class JavaSoundPorts implements MidiDriver {
    private static final Logger LOG = LoggerFactory.getLogger(JavaSoundPorts.class);

    private final Settings settings;
    private final JavaSoundScan scan;
    private final Consumer<List<String>> onDevicesChanged;
    // Replaced whole by the scan; readers take one snapshot per call.
    private volatile DeviceTable table = DeviceTable.EMPTY;

    /*
     * Guards `open`, `closed` and `scanner`. Taken by openOut/openIn (only to find or add the
     * port's OpenPort: the Java Sound device opens under the OpenPort's own lock, after this one is
     * released), by rescan to take out the ports that went, and by start/stopScanning and close.
     * Never held while calling Java Sound, a client or the listener.
     */
    private final Object lock = new Object();
    private final Map<String, OpenPort> open = new HashMap<>();
    private boolean closed;
    private ScheduledExecutorService scanner;

    /**
     * Makes the driver with no ports; nothing is asked of Java Sound before {@link #startScanning()}
     * or {@link #rescan()}.
     *
     * @param settings the checked configuration
     * @param onDevicesChanged called on the scanning thread with the new {@link DeviceTable#property()}
     *        whenever the device set changes; one call at a time
     */
    JavaSoundPorts(Settings settings, Consumer<List<String>> onDevicesChanged) {
        this.settings = settings;
        this.scan = new JavaSoundScan(settings);
        this.onDevicesChanged = onDevicesChanged;
    }

    /**
     * Starts the scanner: the first scan now (on its thread), then every rescan interval.
     *
     * @return done when the first scan is over (already done if the scanner runs or the ports closed)
     */
    Future<?> startScanning() {
        synchronized (lock) {
            if (closed || scanner != null) {
                return java.util.concurrent.CompletableFuture.completedFuture(null);
            }
            ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "javasound-scan " + settings.driverId());
                t.setDaemon(true);
                // Java Sound finds providers through the context class loader: the JVM's class
                // path, whatever thread started the driver (JavaSoundScan sets it per call too).
                t.setContextClassLoader(ClassLoader.getSystemClassLoader());
                return t;
            });
            Future<?> first = s.submit(this::rescanLogged);
            s.scheduleWithFixedDelay(this::rescanLogged, settings.rescanMillis(), settings.rescanMillis(),
                    TimeUnit.MILLISECONDS);
            scanner = s;
            return first;
        }
    }

    /** Stops the scanner and waits (bounded) for a scan in progress and its listener call. */
    void stopScanning() {
        ScheduledExecutorService s;
        synchronized (lock) {
            s = scanner;
            scanner = null;
        }
        if (s == null) {
            return;
        }
        s.shutdownNow();
        try {
            if (!s.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("javasound {}: the scan did not stop within 5 s (a Java Sound provider does not return)",
                        settings.driverId());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops scanning and closes every open Java Sound device. Idempotent. */
    void close() {
        stopScanning();
        List<OpenPort> ports;
        synchronized (lock) {
            closed = true;
            ports = new ArrayList<>(open.values());
            open.clear();
        }
        table = DeviceTable.EMPTY;
        for (OpenPort p : ports) {
            p.gone();
        }
    }

    private void rescanLogged() {
        try {
            rescan();
        } catch (RuntimeException e) {
            // The listener (the service registry, the host) threw; the next scan tries again.
            LOG.warn("javasound " + settings.driverId() + ": rescan failed: " + e, e);
        }
    }

    /**
     * Looks at Java Sound's list now; see the class comment for what follows a change.
     *
     * @return whether the device set (the host's view) changed
     */
    boolean rescan() {
        DeviceTable old = table;
        DeviceTable next;
        try {
            next = scan.scan(old);
        } catch (JavaSoundScan.ScanFailedException e) {
            scan.warnOnce("list", "javasound " + settings.driverId() + ": Java Sound cannot list its MIDI devices: "
                    + e.getMessage() + "; keeping the ports found before");
            return false;
        }
        if (next.equals(old)) {
            return false;
        }
        List<OpenPort> went = new ArrayList<>();
        synchronized (lock) {
            if (closed) {
                return false;
            }
            table = next;
            open.values().removeIf(p -> {
                boolean stays = next.contains(p.port());
                if (!stays) {
                    went.add(p);
                }
                return !stays;
            });
        }
        for (OpenPort p : went) {
            p.gone();
        }
        if (next.property().equals(old.property())) {
            return false;
        }
        LOG.info("javasound {}: ports {}", settings.driverId(), next.ports());
        onDevicesChanged.accept(next.property());
        return true;
    }

    /** @return the current {@link DeviceTable#property()} (the service property) */
    List<String> property() {
        return table.property();
    }

    /** @return the ports of the last scan */
    List<JavaSoundPort> ports() {
        return table.ports();
    }

    @Override
    public List<OutDevice> outDevices() {
        return table.outDevices();
    }

    @Override
    public List<InDevice> inDevices() {
        return table.inDevices();
    }

    /**
     * Opens the port for one more output client; the first client of the port opens the Java
     * Sound device.
     *
     * @throws MidiException {@link MmResult#MMSYSERR_BADDEVICEID} if no output has that id (any
     *         more); {@link MmResult#MMSYSERR_ALLOCATED} naming the device if another program holds
     *         it; {@link MmResult#MMSYSERR_ERROR} if Java Sound fails otherwise
     */
    @Override
    public OutInstance openOut(String deviceId, OutClient client) throws MidiException {
        OpenPort p = openPort(deviceId, true);
        Receiver r = p.acquire(true);
        return new PortOutput(p, r, client);
    }

    /**
     * Opens the port for one more input client; it delivers nothing until started.
     *
     * @throws MidiException as {@link #openOut}
     */
    @Override
    public InInstance openIn(String deviceId, InClient client) throws MidiException {
        OpenPort p = openPort(deviceId, false);
        p.acquire(false);
        return new PortInput(p, client);
    }

    private OpenPort openPort(String deviceId, boolean output) throws MidiException {
        synchronized (lock) {
            if (closed) {
                throw new MidiException(MmResult.MMSYSERR_NODRIVER, "javasound " + settings.driverId() + " is closed");
            }
            JavaSoundPort port = table.port(deviceId, output);
            if (port == null) {
                throw new MidiException(MmResult.MMSYSERR_BADDEVICEID, "javasound " + settings.driverId() + ": no "
                        + (output ? "output" : "input") + " '" + deviceId + "'");
            }
            OpenPort p = open.get(deviceId);
            if (p == null || !p.port().equals(port)) {
                p = new OpenPort(port, settings.driverId(), scan);
                open.put(deviceId, p);
            }
            return p;
        }
    }

    @Override
    public String toString() {
        return "javasound " + settings.driverId() + " " + table;
    }
}
