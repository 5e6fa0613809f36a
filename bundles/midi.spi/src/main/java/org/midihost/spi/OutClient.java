package org.midihost.spi;

import org.midihost.api.MidiHeader;
import org.osgi.annotation.versioning.ProviderType;

/** The host's side of one client's open output device, given to the driver at open. */
@ProviderType
public interface OutClient {
    /**
     * {@code MOM_DONE}: the driver has finished with a header it got from
     * {@link OutInstance#longMsg}. Any thread; at most once per {@code longMsg}; a header not held
     * is ignored.
     *
     * @param header the header
     */
    void done(MidiHeader header);
}
