package org.midihost.spi;

import org.osgi.annotation.versioning.ProviderType;

/** The host's port driver as a miniport sees it, WDM's {@code IPortMidi}. */
@ProviderType
public interface Port {
    /**
     * {@code IPortMidi::Notify}: the miniport's "interrupt": capture data is ready, or a render
     * stream has room again. Any thread; cheap; never blocks; may be called spuriously.
     *
     * @param group the group given with the stream, or {@code null} for every stream of the miniport
     */
    void notify(ServiceGroup group);

    /**
     * {@code IPortMidi::RegisterServiceGroup}: a service group of the miniport's own, registered
     * with this port. Notifying it asks the port to run the miniport's {@link Miniport#service()}
     * routine on the port's service thread, then to drain the capture streams; the miniport uses it
     * for work that is not tied to one stream (a shared hardware FIFO, a device scan). Call it from
     * {@link Miniport#init(Port)} or later; each call registers a new group.
     *
     * @return the group, to pass to {@link #notify(ServiceGroup)}
     * @since 1.2
     */
    ServiceGroup registerServiceGroup();
}
