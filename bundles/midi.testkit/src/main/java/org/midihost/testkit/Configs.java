package org.midihost.testkit;

import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;
import org.osgi.util.converter.Converters;

/**
 * Configuration annotation instances for tests, as Declarative Services would hand them to a
 * component: built by the OSGi Converter from a map, the annotation's defaults for every element not
 * given.
 */
public final class Configs {
    private Configs() {
    }

    /**
     * @param <A> the configuration annotation type
     * @param type the configuration annotation (a component's nested {@code Config})
     * @param keysAndValues element name, value, element name, value, …; element names as in Java
     *        ({@code midihost_driver_id}) or as property names ({@code midihost.driver.id})
     * @return an instance with those elements set and the others at their defaults
     * @throws IllegalArgumentException if an element does not exist
     */
    public static <A> A of(Class<A> type, Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values do not pair up");
        }
        Map<String, Object> properties = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            String key = (String) keysAndValues[i];
            String property = key.indexOf('.') >= 0 ? key : propertyName(key);
            if (!hasElementFor(type, property)) {
                throw new IllegalArgumentException(type.getName() + " has no element " + key);
            }
            properties.put(property, keysAndValues[i + 1]);
        }
        return Converters.standardConverter().convert(properties).to(type);
    }

    private static boolean hasElementFor(Class<?> type, String property) {
        for (Method m : type.getDeclaredMethods()) {
            if (propertyName(m.getName()).equals(property)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The property name of an annotation element, Declarative Services' mapping: {@code $_$} is
     * {@code -}, {@code $$} is {@code $}, a lone {@code $} goes, {@code __} is {@code _}, a lone
     * {@code _} is {@code .}.
     *
     * @param element the element's method name
     * @return the property name
     */
    public static String propertyName(String element) {
        StringBuilder b = new StringBuilder(element.length());
        for (int i = 0; i < element.length(); i++) {
            char c = element.charAt(i);
            if (c == '$') {
                if (element.startsWith("$_$", i)) {
                    b.append('-');
                    i += 2;
                } else if (element.startsWith("$$", i)) {
                    b.append('$');
                    i++;
                }
            } else if (c == '_') {
                if (element.startsWith("__", i)) {
                    b.append('_');
                    i++;
                } else {
                    b.append('.');
                }
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
