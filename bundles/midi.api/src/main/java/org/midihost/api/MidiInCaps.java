package org.midihost.api;

import java.util.Objects;
import java.util.Set;

/**
 * The capabilities of an input device ({@code MIDIINCAPS}), as {@link MidiHost#inCaps(int)} gives
 * them.
 *
 * @param manufacturerId {@code wMid}
 * @param productId {@code wPid}
 * @param driverVersion {@code vDriverVersion}, major in the high byte, minor in the low byte
 * @param productName {@code szPname}, at most 31 characters
 * @param support {@code dwSupport} (WinMM reserves it for inputs; usually empty)
 * @param endpointId the stable endpoint id, {@code driverId/deviceId}
 */
public record MidiInCaps(int manufacturerId, int productId, int driverVersion, String productName,
        Set<Support> support, String endpointId) implements DeviceCaps {

    /**
     * Checks the fields and copies {@code support} into an unmodifiable set.
     *
     * @param manufacturerId {@code wMid}
     * @param productId {@code wPid}
     * @param driverVersion {@code vDriverVersion}, major in the high byte, minor in the low byte
     * @param productName {@code szPname}, at most 31 characters
     * @param support {@code dwSupport} (WinMM reserves it for inputs; usually empty)
     * @param endpointId the stable endpoint id, {@code driverId/deviceId}
     */
    public MidiInCaps {
        Objects.requireNonNull(productName, "productName");
        Objects.requireNonNull(endpointId, "endpointId");
        if (productName.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("product name longer than " + MAX_NAME_LENGTH + ": " + productName);
        }
        support = Set.copyOf(support);
    }

    /**
     * @param name the new product name
     * @param endpoint the new endpoint id
     * @return these caps with another name and endpoint id
     */
    public MidiInCaps withName(String name, String endpoint) {
        return new MidiInCaps(manufacturerId, productId, driverVersion, name, support, endpoint);
    }
}
