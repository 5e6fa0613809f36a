package org.midihost.driver.rawmidi;

import java.nio.file.Path;

/**
 * One direction of one byte-stream file as the driver lists it.
 *
 * @param id the device id within the driver: {@code "0"} for a configured port, the file name for
 *        a scanned one
 * @param name the product name shown to clients
 * @param path the file the bytes go to or come from
 */
record RawDevice(String id, String name, Path path) {
}
