package org.midihost.spi;

import org.midihost.api.DeviceCaps;

/** Checks shared by the device descriptions. */
final class DeviceIds {
    private DeviceIds() {
    }

    static void check(String id) {
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("device id is empty");
        }
        for (int i = 0; i < id.length(); i++) {
            if (Character.isWhitespace(id.charAt(i))) {
                throw new IllegalArgumentException("device id has whitespace: '" + id + "'");
            }
        }
    }

    static String cut(String name) {
        String n = name.strip();
        return n.length() <= DeviceCaps.MAX_NAME_LENGTH ? n : n.substring(0, DeviceCaps.MAX_NAME_LENGTH).strip();
    }
}
