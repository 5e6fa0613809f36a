package org.midihost.api;

import java.util.Objects;

/**
 * A device appeared, went away or changed.
 *
 * @param type what happened
 * @param caps the device's caps ({@link MidiOutCaps} for an output, {@link MidiInCaps} for an
 *        input); for {@link Type#REMOVED}, the caps it had
 * @param deviceId its device id in the new table, or -1 for {@link Type#REMOVED}
 * @param generation the generation of the table that has the change
 */
public record DeviceEvent(Type type, DeviceCaps caps, int deviceId, long generation) {
    /** What happened to a device. */
    public enum Type {
        /** It appeared (a driver came, or a driver added a device). */
        ADDED,
        /** It went away: its handles got CLOSE. */
        REMOVED,
        /** Its caps changed (it keeps its endpoint id and its open handles). */
        CHANGED
    }

    /**
     * Checks that nothing is {@code null}.
     *
     * @param type what happened
     * @param caps the device's caps ({@link MidiOutCaps} for an output, {@link MidiInCaps} for an
     *        input); for {@link Type#REMOVED}, the caps it had
     * @param deviceId its device id in the new table, or -1 for {@link Type#REMOVED}
     * @param generation the generation of the table that has the change
     */
    public DeviceEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(caps, "caps");
    }

    /** @return whether the device is an output */
    public boolean isOutput() {
        return caps instanceof MidiOutCaps;
    }

    @Override
    public String toString() {
        return type + " " + (isOutput() ? "out " : "in ") + deviceId + " " + caps.endpointId() + " \""
                + caps.productName() + "\"";
    }
}
