package org.midihost.bench;

import java.lang.reflect.Proxy;
import java.util.Map;
import org.midihost.driver.loopback.LoopbackDriver;

/**
 * Loopback configurations outside OSGi: what Declarative Services would hand the driver's
 * constructor, built as an annotation proxy whose unset elements answer their defaults.
 */
final class LoopbackConfigs {
    private LoopbackConfigs() {
    }

    /**
     * @param values element name to value, for instance {@code Map.of("cables", 1000)}
     * @return the configuration
     */
    static LoopbackDriver.Config of(Map<String, Object> values) {
        return (LoopbackDriver.Config) Proxy.newProxyInstance(LoopbackConfigs.class.getClassLoader(),
                new Class<?>[] {LoopbackDriver.Config.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "annotationType" -> LoopbackDriver.Config.class;
                    case "toString" -> "LoopbackConfig" + values;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> values.containsKey(method.getName()) ? values.get(method.getName())
                            : method.getDefaultValue();
                });
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
