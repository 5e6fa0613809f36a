package org.midihost.api;

import java.util.Objects;

/**
 * A device given up on because a call inside its driver did not return within the host's bound:
 * the device has left the table, its handles got CLOSE, and the driver gets no further call; the
 * stuck call's caller gets its result when the driver returns.
 *
 * @param endpointId the endpoint id the device had
 * @param driverId its driver's id
 * @param millis how long the call has been inside the driver, in milliseconds, when asked
 * @since 1.2
 */
public record StuckCall(String endpointId, String driverId, long millis) {
    /**
     * Checks the fields.
     *
     * @param endpointId the endpoint id the device had
     * @param driverId its driver's id
     * @param millis how long the call has been inside the driver, in milliseconds, when asked
     */
    public StuckCall {
        Objects.requireNonNull(endpointId, "endpointId");
        Objects.requireNonNull(driverId, "driverId");
    }
}
