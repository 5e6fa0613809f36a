package org.midihost.spi;

/**
 * What the output and input device descriptions share: the driver's own id for the device, its
 * name and ids, and whether it takes several clients at once. The host keeps one of these per
 * device, whichever direction it has.
 *
 * @since 1.2
 */
public sealed interface DeviceDescription permits OutDevice, InDevice {
    /** @return the driver's own id for the device, stable across restarts and updates */
    String id();

    /** @return the product name as the driver gives it */
    String name();

    /** @return {@code wMid} */
    int manufacturerId();

    /** @return {@code wPid} */
    int productId();

    /** @return {@code vDriverVersion}, major in the high byte */
    int driverVersion();

    /** @return whether several clients may open the device at once */
    boolean multiClient();

    /** @return the name cut to {@link org.midihost.api.DeviceCaps#MAX_NAME_LENGTH} characters */
    String shortName();
}
