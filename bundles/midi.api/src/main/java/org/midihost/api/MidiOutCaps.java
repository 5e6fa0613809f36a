package org.midihost.api;

import java.util.Objects;
import java.util.Set;

/**
 * The capabilities of an output device ({@code MIDIOUTCAPS}), as {@link MidiHost#outCaps(int)}
 * gives them.
 *
 * @param manufacturerId {@code wMid}
 * @param productId {@code wPid}
 * @param driverVersion {@code vDriverVersion}, major in the high byte, minor in the low byte
 * @param productName {@code szPname}, at most 31 characters
 * @param technology {@code wTechnology}
 * @param voices {@code wVoices}: voices of an internal synthesizer, 0 for a port
 * @param notes {@code wNotes}: simultaneous notes of an internal synthesizer, 0 for a port
 * @param channelMask {@code wChannelMask}: bit n set when channel n + 1 responds; 0xFFFF for a port
 * @param support {@code dwSupport}
 * @param endpointId the stable endpoint id, {@code driverId/deviceId}
 */
public record MidiOutCaps(int manufacturerId, int productId, int driverVersion, String productName,
        Technology technology, int voices, int notes, int channelMask, Set<Support> support, String endpointId)
        implements DeviceCaps {

    /**
     * Checks the fields and copies {@code support} into an unmodifiable set.
     *
     * @param manufacturerId {@code wMid}
     * @param productId {@code wPid}
     * @param driverVersion {@code vDriverVersion}, major in the high byte, minor in the low byte
     * @param productName {@code szPname}, at most 31 characters
     * @param technology {@code wTechnology}
     * @param voices {@code wVoices}: voices of an internal synthesizer, 0 for a port
     * @param notes {@code wNotes}: simultaneous notes of an internal synthesizer, 0 for a port
     * @param channelMask {@code wChannelMask}: bit n set when channel n + 1 responds; 0xFFFF for a port
     * @param support {@code dwSupport}
     * @param endpointId the stable endpoint id, {@code driverId/deviceId}
     */
    public MidiOutCaps {
        Objects.requireNonNull(productName, "productName");
        Objects.requireNonNull(technology, "technology");
        Objects.requireNonNull(endpointId, "endpointId");
        if (productName.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("product name longer than " + MAX_NAME_LENGTH + ": " + productName);
        }
        if (channelMask < 0 || channelMask > 0xFFFF) {
            throw new IllegalArgumentException("channel mask out of range: " + channelMask);
        }
        if (voices < 0 || notes < 0) {
            throw new IllegalArgumentException("negative voices or notes");
        }
        support = Set.copyOf(support);
    }

    /**
     * @param name the new product name
     * @param endpoint the new endpoint id
     * @return these caps with another name and endpoint id
     */
    public MidiOutCaps withName(String name, String endpoint) {
        return new MidiOutCaps(manufacturerId, productId, driverVersion, name, technology, voices, notes,
                channelMask, support, endpoint);
    }
}
