package org.midihost.api;

/**
 * What output and input capabilities have in common: the fields of {@code MIDIOUTCAPS} and
 * {@code MIDIINCAPS} that both carry, plus midihost's stable endpoint id.
 */
public sealed interface DeviceCaps permits MidiOutCaps, MidiInCaps {
    /** Longest product name, in characters ({@code MAXPNAMELEN} - 1). */
    int MAX_NAME_LENGTH = 31;

    /** @return {@code wMid}, the manufacturer id (0 if unknown) */
    int manufacturerId();

    /** @return {@code wPid}, the product id (0 if unknown) */
    int productId();

    /** @return {@code vDriverVersion}: major version in the high byte, minor in the low byte */
    int driverVersion();

    /**
     * @return {@code szPname}: at most {@link #MAX_NAME_LENGTH} characters, unique among the
     *         host's devices of the same direction (the host suffixes duplicates)
     */
    String productName();

    /** @return the support flags, an unmodifiable set */
    java.util.Set<Support> support();

    /**
     * @return the stable endpoint id, {@code driverId/deviceId}: it survives renumbering and
     *         updates of the driver, unlike the dense device id
     */
    String endpointId();

    /** @return the id of the driver that has the device: the endpoint id up to its first '/' */
    default String driverId() {
        String e = endpointId();
        int slash = e.indexOf('/');
        return slash < 0 ? e : e.substring(0, slash);
    }
}
