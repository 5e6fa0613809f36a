package org.midihost.host.port;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.midihost.api.MidiException;
import org.midihost.spi.Miniport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bound miniports and their port drivers. The host binds each port driver as an ordinary
 * driver; this class only makes, keeps and stops them.
 */
public final class MiniportBindings {
    private static final Logger LOG = LoggerFactory.getLogger(MiniportBindings.class);

    /**
     * Guards {@link #ports} and {@link #closed}: held for map updates only, never while calling a
     * miniport (its init runs before, its port driver's stop after).
     */
    private final Object lock = new Object();
    private final Map<Miniport, PortDriver> ports = new IdentityHashMap<>();
    private boolean closed;

    /**
     * Initialises a miniport with a new port driver and starts the port's service thread.
     *
     * @param miniport the miniport
     * @param id its driver id, or {@code null} if it has none (its class name names it in logs)
     * @return the started port driver; {@code null} if the miniport is bound already, its init
     *         failed (logged) or the host is closing
     */
    public PortDriver bind(Miniport miniport, String id) {
        synchronized (lock) {
            if (closed || ports.containsKey(miniport)) {
                return null;
            }
        }
        PortDriver port = new PortDriver(miniport, id == null ? miniport.getClass().getName() : id);
        try {
            miniport.init(port);
        } catch (MidiException | RuntimeException e) {
            LOG.error("miniport '{}' failed to initialise ({}); it is left out", port.id(), e.toString());
            LOG.debug("miniport '{}' failed to initialise", port.id(), e);
            return null;
        }
        synchronized (lock) {
            if (closed) {
                return null;
            }
            ports.put(miniport, port);
        }
        port.start();
        return port;
    }

    /** @return the miniport's port driver, or {@code null} if it is not bound */
    public PortDriver get(Miniport miniport) {
        synchronized (lock) {
            return ports.get(miniport);
        }
    }

    /** @return the miniport's port driver, no longer kept here (the caller stops it), or {@code null} */
    public PortDriver remove(Miniport miniport) {
        synchronized (lock) {
            return ports.remove(miniport);
        }
    }

    /** Nothing binds after this; stops every port driver still kept. */
    public void close() {
        List<PortDriver> stopping;
        synchronized (lock) {
            closed = true;
            stopping = new ArrayList<>(ports.values());
            ports.clear();
        }
        for (PortDriver p : stopping) {
            p.stop();
        }
    }
}
