package org.midihost.spi;

import java.util.Objects;

/**
 * An input device as its driver describes it ({@code MIDM_GETDEVCAPS}).
 *
 * @param id the driver's own id for the device, stable; non-empty, no whitespace
 * @param name the product name; the host cuts it to 31 characters
 * @param manufacturerId {@code wMid}
 * @param productId {@code wPid}
 * @param driverVersion {@code vDriverVersion}
 * @param multiClient whether several clients may open the device at once
 */
public record InDevice(String id, String name, int manufacturerId, int productId, int driverVersion,
        boolean multiClient) implements DeviceDescription {

    /**
     * Checks the fields.
     *
     * @param id the driver's own id for the device, stable; non-empty, no whitespace
     * @param name the product name; the host cuts it to 31 characters
     * @param manufacturerId {@code wMid}
     * @param productId {@code wPid}
     * @param driverVersion {@code vDriverVersion}
     * @param multiClient whether several clients may open the device at once
     */
    public InDevice {
        DeviceIds.check(id);
        Objects.requireNonNull(name, "name");
    }

    /**
     * A port, one client at a time.
     *
     * @param id the device id within the driver
     * @param name the product name
     * @return the description
     */
    public static InDevice port(String id, String name) {
        return new InDevice(id, name, 0, 0, 0x0100, false);
    }

    /**
     * @param multi whether several clients may open it at once
     * @return this description with that choice
     */
    public InDevice withMultiClient(boolean multi) {
        return new InDevice(id, name, manufacturerId, productId, driverVersion, multi);
    }

    /** @return the name cut to 31 characters */
    @Override
    public String shortName() {
        return DeviceIds.cut(name);
    }
}
