package org.midihost.driver.loopback;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

/** Config instances for tests: the annotation's defaults, with some elements overridden. */
final class Configs {
    private Configs() {
    }

    /** @return the defaults: what DS gives with no configuration */
    static LoopbackDriver.Config defaults() {
        return of(Map.of());
    }

    /**
     * @param keysAndValues element name, value, element name, value, …
     * @return a config with those elements set and the others at their defaults
     */
    static LoopbackDriver.Config with(Object... keysAndValues) {
        Map<String, Object> values = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            values.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return of(values);
    }

    private static LoopbackDriver.Config of(Map<String, Object> values) {
        for (String key : values.keySet()) {
            try {
                LoopbackDriver.Config.class.getMethod(key);
            } catch (NoSuchMethodException e) {
                throw new IllegalArgumentException("Config has no element " + key, e);
            }
        }
        return (LoopbackDriver.Config) Proxy.newProxyInstance(Configs.class.getClassLoader(),
                new Class<?>[] {LoopbackDriver.Config.class}, (proxy, method, args) -> answer(values, method));
    }

    private static Object answer(Map<String, Object> values, Method method) {
        switch (method.getName()) {
            case "annotationType":
                return LoopbackDriver.Config.class;
            case "toString":
                return "Config" + values;
            case "hashCode":
                return values.hashCode();
            case "equals":
                return false;
            default:
                return values.containsKey(method.getName()) ? values.get(method.getName()) : method.getDefaultValue();
        }
    }
}
