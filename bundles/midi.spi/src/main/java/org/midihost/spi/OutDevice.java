package org.midihost.spi;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.midihost.api.DeviceCaps;
import org.midihost.api.Support;
import org.midihost.api.Technology;

/**
 * An output device as its driver describes it ({@code MODM_GETDEVCAPS}). The host adds the
 * endpoint id and makes the name unique.
 *
 * @param id the driver's own id for the device, stable across restarts and updates; non-empty,
 *        no whitespace; the endpoint id is {@code driverId/id}
 * @param name the product name; the host cuts it to 31 characters
 * @param technology what the device is
 * @param manufacturerId {@code wMid}
 * @param productId {@code wPid}
 * @param driverVersion {@code vDriverVersion}
 * @param voices voices of a synthesizer, 0 for a port
 * @param notes simultaneous notes of a synthesizer, 0 for a port
 * @param channelMask channels that respond, bit n for channel n + 1
 * @param support optional features; {@link Support#VOLUME} means the instances implement volume
 * @param multiClient whether several clients may open the device at once
 */
public record OutDevice(String id, String name, Technology technology, int manufacturerId, int productId,
        int driverVersion, int voices, int notes, int channelMask, Set<Support> support, boolean multiClient)
        implements DeviceDescription {

    /**
     * Checks the fields.
     *
     * @param id the driver's own id for the device, stable across restarts and updates; non-empty,
     *        no whitespace; the endpoint id is {@code driverId/id}
     * @param name the product name; the host cuts it to 31 characters
     * @param technology what the device is
     * @param manufacturerId {@code wMid}
     * @param productId {@code wPid}
     * @param driverVersion {@code vDriverVersion}
     * @param voices voices of a synthesizer, 0 for a port
     * @param notes simultaneous notes of a synthesizer, 0 for a port
     * @param channelMask channels that respond, bit n for channel n + 1
     * @param support optional features; {@link Support#VOLUME} means the instances implement volume
     * @param multiClient whether several clients may open the device at once
     */
    public OutDevice {
        DeviceIds.check(id);
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(technology, "technology");
        if (technology == Technology.MAPPER) {
            throw new IllegalArgumentException("only the host is the MIDI mapper");
        }
        support = Set.copyOf(support);
    }

    /**
     * A port: all 16 channels, no voices, no support flags, one client at a time.
     *
     * @param id the device id within the driver
     * @param name the product name
     * @return the description
     */
    public static OutDevice port(String id, String name) {
        return new OutDevice(id, name, Technology.PORT, 0, 0, 0x0100, 0, 0, 0xFFFF, EnumSet.noneOf(Support.class),
                false);
    }

    /**
     * @param multi whether several clients may open it at once
     * @return this description with that choice
     */
    public OutDevice withMultiClient(boolean multi) {
        return new OutDevice(id, name, technology, manufacturerId, productId, driverVersion, voices, notes,
                channelMask, support, multi);
    }

    /**
     * @param tech the technology
     * @param voiceCount voices
     * @param noteCount notes
     * @param supported support flags
     * @return this description as a synthesizer of that kind
     */
    public OutDevice asSynth(Technology tech, int voiceCount, int noteCount, Set<Support> supported) {
        return new OutDevice(id, name, tech, manufacturerId, productId, driverVersion, voiceCount, noteCount,
                channelMask, supported, multiClient);
    }

    /**
     * @param mid manufacturer id
     * @param pid product id
     * @param version driver version, major in the high byte
     * @return this description with those ids
     */
    public OutDevice withIds(int mid, int pid, int version) {
        return new OutDevice(id, name, technology, mid, pid, version, voices, notes, channelMask, support,
                multiClient);
    }

    /** @return the name cut to {@link DeviceCaps#MAX_NAME_LENGTH} characters */
    @Override
    public String shortName() {
        return DeviceIds.cut(name);
    }
}
