package org.midihost.driver.rawmidi;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

/** Config instances for tests: the annotation's defaults, with some elements overridden. */
final class Configs {
    private Configs() {
    }

    /**
     * @param keysAndValues element name, value, element name, value, …
     * @return a config with those elements set and the others at their defaults
     */
    static RawMidiDriver.Config with(Object... keysAndValues) {
        Map<String, Object> values = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            String key = (String) keysAndValues[i];
            try {
                RawMidiDriver.Config.class.getMethod(key);
            } catch (NoSuchMethodException e) {
                throw new IllegalArgumentException("Config has no element " + key, e);
            }
            values.put(key, keysAndValues[i + 1]);
        }
        return (RawMidiDriver.Config) Proxy.newProxyInstance(Configs.class.getClassLoader(),
                new Class<?>[] {RawMidiDriver.Config.class}, (proxy, method, args) -> answer(values, method));
    }

    /**
     * @param keysAndValues as for {@link #with}
     * @return the checked settings of that config
     */
    static Settings settings(Object... keysAndValues) {
        return Settings.of(with(keysAndValues));
    }

    private static Object answer(Map<String, Object> values, Method method) {
        switch (method.getName()) {
            case "annotationType":
                return RawMidiDriver.Config.class;
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
