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
}
