package org.midihost.bench;

import java.util.Map;
import org.midihost.driver.loopback.LoopbackDriver;
import org.osgi.util.converter.Converters;

/**
 * Loopback configurations outside OSGi: what Declarative Services would hand the driver's
 * constructor, built by the OSGi Converter (unset elements answer their defaults).
 */
final class LoopbackConfigs {
    private LoopbackConfigs() {
    }

    /**
     * @param values element name to value, for instance {@code Map.of("cables", 1000)}
     * @return the configuration
     */
    static LoopbackDriver.Config of(Map<String, Object> values) {
        return Converters.standardConverter().convert(values).to(LoopbackDriver.Config.class);
    }

    /**
     * @param cables the number of cables
     * @return a loopback driver with that many cables, id {@code loopback}
     */
    static LoopbackDriver driver(int cables) {
        return new LoopbackDriver(of(Map.of("cables", cables)));
    }

    /** @return the service properties the host needs for a driver with this id */
    static Map<String, Object> props(String id) {
        return Map.of(org.midihost.spi.MidiDriver.ID, id);
    }
}
