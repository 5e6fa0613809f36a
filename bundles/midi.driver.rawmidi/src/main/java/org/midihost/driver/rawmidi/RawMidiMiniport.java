package org.midihost.driver.rawmidi;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.midihost.api.MidiException;
import org.midihost.api.MmResult;
import org.midihost.spi.InDevice;
import org.midihost.spi.Miniport;
import org.midihost.spi.MiniportStream;
import org.midihost.spi.OutDevice;
import org.midihost.spi.Port;
import org.midihost.spi.ServiceGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The miniport of one rawmidi driver instance: its devices are the byte-stream files that
 * {@link Settings#scan()} finds, looked at again every scan interval. When the set changes, the
 * open streams of devices that went fail with {@link MmResult#MMSYSERR_NODRIVER} and the listener
 * given at construction gets the new list of files (the component puts it in its service
 * properties, which makes the host list the devices again).
 *
 * <p>Threads: the host's calls may come from any thread; the scanner runs on one thread of its
 * own, and each open stream has one I/O thread.
 */
final class RawMidiMiniport implements Miniport {
    private static final Logger LOG = LoggerFactory.getLogger(RawMidiMiniport.class);

    private final Settings settings;
    private final Consumer<List<String>> onDevicesChanged;
    private final ScheduledExecutorService scanner;
    private volatile Port port;
    // Replaced whole by the scanner; readers take one snapshot per call.
    private volatile DeviceTable table;

    /*
     * Guards `streams` and `closed`. Taken by newStream (held while the file opens, which never
     * blocks for long: see DeviceFiles), by a stream's close (forget), by rescan to find the
     * streams of devices that went, and by close. Never held while calling a stream, the port or
     * the listener.
     */
    private final Object lock = new Object();
    private final Map<StreamKey, FileStream> streams = new HashMap<>();
    private boolean closed;
    // Only the scanner thread (or a test calling rescan() with the scanner stopped) writes it.
    private boolean scanErrorLogged;

    private record StreamKey(boolean capture, RawDevice device) {
    }

    /**
     * Looks at the file system once; scanning goes on only after {@link #startScanning()}.
     *
     * @param settings the checked configuration
     * @param onDevicesChanged called on the scanner thread with the files of the devices present
     *        whenever the set changes; one call at a time
     */
    RawMidiMiniport(Settings settings, Consumer<List<String>> onDevicesChanged) {
        this.settings = settings;
        this.onDevicesChanged = onDevicesChanged;
        this.table = scanOrKeep(DeviceTable.EMPTY);
        this.scanner = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rawmidi-scan " + settings.driverId());
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts looking at the file system every scan interval. */
    void startScanning() {
        scanner.scheduleWithFixedDelay(this::rescanLogged, settings.scanIntervalMillis(),
                settings.scanIntervalMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops the scanner and waits for a scan in progress (and its listener call) to finish. */
    void stopScanning() {
        scanner.shutdownNow();
        try {
            if (!scanner.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("rawmidi " + settings.driverId() + ": scanner did not stop");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops scanning and closes every open stream. Idempotent. */
    void close() {
        stopScanning();
        List<FileStream> open;
        synchronized (lock) {
            closed = true;
            open = new ArrayList<>(streams.values());
        }
        for (FileStream s : open) {
            s.close();
        }
    }

    private void rescanLogged() {
        try {
            rescan();
        } catch (RuntimeException e) {
            // The listener (the service registry, the host) threw; the next scan tries again.
            LOG.warn("rawmidi " + settings.driverId() + ": rescan failed", e);
        }
    }

    /**
     * Looks at the file system now. If the devices differ from the last scan: publishes the new
     * table (new opens see it at once), fails the open streams of devices that went, then tells
     * the listener.
     *
     * @return whether the device set changed
     */
    boolean rescan() {
        DeviceTable old = table;
        DeviceTable next = scanOrKeep(old);
        if (next.equals(old)) {
            return false;
        }
        table = next;
        List<FileStream> went = new ArrayList<>();
        synchronized (lock) {
            for (Map.Entry<StreamKey, FileStream> e : streams.entrySet()) {
                if (!next.contains(e.getKey().capture(), e.getKey().device())) {
                    went.add(e.getValue());
                }
            }
        }
        for (FileStream s : went) {
            s.gone();
        }
        LOG.info("rawmidi {}: devices {}", settings.driverId(), next.paths());
        onDevicesChanged.accept(next.paths());
        return true;
    }

    private DeviceTable scanOrKeep(DeviceTable old) {
        try {
            DeviceTable t = settings.scan();
            scanErrorLogged = false;
            return t;
        } catch (IOException e) {
            if (!scanErrorLogged) {
                scanErrorLogged = true;
                LOG.warn("rawmidi " + settings.driverId() + ": cannot scan "
                        + settings.scanDirectory() + ": " + e + "; keeping the devices found before");
            }
            return old;
        }
    }

    /** @return the files of the devices present at the last scan (the service property) */
    List<String> paths() {
        return table.paths();
    }

    @Override
    public void init(Port p) {
        this.port = p;
    }

    @Override
    public List<OutDevice> renderDevices() {
        return table.outDevices();
    }

    @Override
    public List<InDevice> captureDevices() {
        return table.inDevices();
    }

    /**
     * Opens the file of one device for one direction and starts its I/O thread. One stream per
     * device and direction at a time (the host shares it among the device's clients).
     *
     * @throws MidiException {@link MmResult#MMSYSERR_BADDEVICEID} for an index out of range,
     *         {@link MmResult#MMSYSERR_ALLOCATED} if that stream is already open or the device is
     *         busy, {@link MmResult#MMSYSERR_NODRIVER} if the file has gone or the driver is
     *         closed, {@link MmResult#MMSYSERR_ERROR} before {@link #init} or when the file
     *         cannot be opened (the message says why)
     */
    @Override
    public MiniportStream newStream(int index, boolean capture, ServiceGroup group) throws MidiException {
        Port p = port;
        if (p == null) {
            throw new MidiException(MmResult.MMSYSERR_ERROR, "rawmidi " + settings.driverId() + ": init not called");
        }
        List<RawDevice> devices = table.devices(capture);
        String side = capture ? "capture" : "render";
        if (index < 0 || index >= devices.size()) {
            throw new MidiException(MmResult.MMSYSERR_BADDEVICEID,
                    "rawmidi " + settings.driverId() + " " + side + " device " + index + ", have " + devices.size());
        }
        RawDevice device = devices.get(index);
        StreamKey key = new StreamKey(capture, device);
        String what = settings.driverId() + "/" + device.id() + " " + side + " " + device.path();
        FileStream stream;
        synchronized (lock) {
            if (closed) {
                throw new MidiException(MmResult.MMSYSERR_NODRIVER, what + ": driver is closed");
            }
            if (streams.containsKey(key)) {
                throw new MidiException(MmResult.MMSYSERR_ALLOCATED, what + ": stream already open");
            }
            FileChannel channel = DeviceFiles.open(device.path(), capture);
            Consumer<FileStream> forget = s -> forget(key, s);
            stream = capture ? new CaptureStream("rawmidi-in " + what, device, p, group, channel, forget)
                    : new RenderStream("rawmidi-out " + what, device, p, group, channel, forget);
            streams.put(key, stream);
        }
        stream.start();
        // rescan() publishes its table before it looks for streams of devices that went: either
        // it saw this stream, or this check sees its table.
        if (!table.contains(capture, device)) {
            stream.gone();
        }
        return stream;
    }

    private void forget(StreamKey key, FileStream stream) {
        synchronized (lock) {
            streams.remove(key, stream);
        }
    }

    /** @return the configured choice for every render device of this instance */
    @Override
    public boolean runningStatus(int index) {
        return settings.runningStatus();
    }

    @Override
    public String toString() {
        return "rawmidi " + settings.driverId() + " " + table;
    }
}
