package org.midihost.api;

/**
 * A driver service as the host sees it: bound (its devices are in the table), waiting (another
 * driver holds its driver id: it takes over when that one goes), or refused (no valid driver id,
 * or it failed to list its devices: a change of its service properties tries again).
 *
 * @param driverId the driver id it asks for, or {@code ""} if it has none
 * @param serviceId its OSGi service id ({@code service.id}), or -1 if unknown
 * @param bundleId the id of the bundle that registered it ({@code service.bundleid}), or -1
 * @param status where it stands
 * @param heldBy for a waiting driver, the service id of the driver that holds its id; else -1
 * @since 1.2
 */
public record DriverState(String driverId, long serviceId, long bundleId, Status status, long heldBy) {
    /** Where a driver stands. */
    public enum Status {
        /** Its devices are in the table. */
        BOUND,
        /** Another driver holds its driver id. */
        WAITING,
        /** Not taken: no valid driver id, or its device listing failed. */
        REFUSED
    }
}
