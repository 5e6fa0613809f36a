package org.midihost.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Hears about devices added, removed and changed ({@link MidiHost#addDeviceListener}). Called on
 * the thread that changed the device table, after the change is visible, never while the host
 * holds a lock; events of one change come together, in device id order. A listener that throws is
 * logged and keeps getting events.
 */
@ConsumerType
@FunctionalInterface
public interface DeviceListener {
    /**
     * @param event what happened
     */
    void deviceChanged(DeviceEvent event);
}
