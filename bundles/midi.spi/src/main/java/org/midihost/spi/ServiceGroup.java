package org.midihost.spi;

import org.osgi.annotation.versioning.ProviderType;

/**
 * WDM's service group: the host's handle for the streams it services together when notified.
 * Opaque to the miniport, which only passes it back to {@link Port#notify(ServiceGroup)}.
 */
@ProviderType
public interface ServiceGroup {
}
