package org.midihost.host;

import org.midihost.api.MidiException;
import org.midihost.api.MmResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** How a driver's failure becomes a client's result code, and one log line. */
final class Faults {
    private static final Logger LOG = LoggerFactory.getLogger(Faults.class);

    private Faults() {
    }

    /**
     * Logs a driver's failure and turns it into the client's result: the driver's own
     * {@link MidiException} as it is, anything else as {@code MMSYSERR_ERROR}.
     */
    static MidiException driverFault(Device d, String call, Throwable t) {
        if (t instanceof MidiException me) {
            LOG.debug("{}: driver '{}' answered {} to {}", d.endpointId, d.driver.id, me.result(), call);
            return me;
        }
        // One line for whoever watches the log; the stack trace for whoever debugs the driver.
        LOG.error("{}: driver '{}' threw in {}: {}", d.endpointId, d.driver.id, call, t.toString());
        LOG.debug("{}: driver '{}' threw in {}", d.endpointId, d.driver.id, call, t);
        return new MidiException(MmResult.MMSYSERR_ERROR, "driver '" + d.driver.id + "' failed in " + call, t);
    }
}
