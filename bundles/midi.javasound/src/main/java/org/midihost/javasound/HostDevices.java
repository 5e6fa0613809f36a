package org.midihost.javasound;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sound.midi.MidiDevice;
import org.midihost.api.MidiHost;
import org.midihost.api.MidiInCaps;
import org.midihost.api.MidiOutCaps;
import org.midihost.embed.EmbeddedMidiHost;

/**
 * The provider's shared state: which host to use, and the one {@link MidihostInfo} per device.
 * Lock-free on purpose: nothing here holds a lock while it calls the host (whose drivers may call
 * back into Java Sound, and so into this class, on any thread).
 */
final class HostDevices {
    static final System.Logger LOG = System.getLogger("org.midihost.javasound");
    private static final MidiDevice.Info[] NONE = new MidiDevice.Info[0];

    /** The infos ever listed, by {@code "out:" + endpointId} / {@code "in:" + endpointId}; never removed. */
    private static final ConcurrentMap<String, MidihostInfo> INFOS = new ConcurrentHashMap<>();
    /**
     * Whether this provider may still start a host. It starts at most one per JVM, and none once
     * the program has shown that it runs hosts of its own (it started one), so that a host the
     * program closed is not silently replaced (nor one begun while the program's host stops).
     */
    private static final AtomicBoolean MAY_START = new AtomicBoolean(true);

    private HostDevices() {
    }

    /** @return the devices of the running host (starting one if none ran yet), or none */
    static MidiDevice.Info[] list() {
        MidiHost host = hostForListing();
        if (host == null) {
            return NONE;
        }
        List<MidiOutCaps> outs;
        List<MidiInCaps> ins;
        try {
            outs = host.outDevices().devices();
            ins = host.inDevices().devices();
        } catch (RuntimeException e) {
            return NONE; // the host is stopping under us
        }
        List<MidiDevice.Info> infos = new ArrayList<>(outs.size() + ins.size());
        for (MidiOutCaps c : outs) {
            infos.add(INFOS.computeIfAbsent("out:" + c.endpointId(),
                    k -> new MidihostInfo(c.productName(), c.endpointId(), true, c.driverVersion())));
        }
        for (MidiInCaps c : ins) {
            infos.add(INFOS.computeIfAbsent("in:" + c.endpointId(),
                    k -> new MidihostInfo(c.productName(), c.endpointId(), false, c.driverVersion())));
        }
        return infos.toArray(NONE);
    }

    /**
     * The host to list: the running one; none while one is starting (on any thread, this one
     * included: a driver activated by the start may be asking); else one started now, once.
     */
    private static MidiHost hostForListing() {
        Optional<EmbeddedMidiHost> running = EmbeddedMidiHost.running();
        if (running.isPresent()) {
            MAY_START.set(false); // the program runs hosts itself, or we started this one
            return hostOf(running.get());
        }
        if (EmbeddedMidiHost.isStarting() || !MAY_START.compareAndSet(true, false)) {
            return null;
        }
        try {
            return hostOf(EmbeddedMidiHost.shared());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "midihost: the Java Sound provider lists no midihost devices: " + e.getMessage());
            return null;
        }
    }

    /** @return the running host to open a device on, or {@code null}; never starts one */
    static MidiHost hostForOpen() {
        return EmbeddedMidiHost.running().map(HostDevices::hostOf).orElse(null);
    }

    private static MidiHost hostOf(EmbeddedMidiHost e) {
        try {
            return e.host();
        } catch (IllegalStateException closed) {
            return null;
        }
    }
}
