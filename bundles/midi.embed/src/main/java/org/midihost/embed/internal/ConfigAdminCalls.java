package org.midihost.embed.internal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * Configuration Admin, called from outside the framework. Its API package
 * ({@code org.osgi.service.cm}) lives in the ConfigAdmin bundle, not on the program's class path,
 * so the few calls start-up needs go through reflection on the service's own interface class.
 */
final class ConfigAdminCalls {
    private static final String CM = "org.osgi.service.cm.ConfigurationAdmin";
    /** Bind a configuration to whichever bundle asks for it first ({@code "?"}, ConfigAdmin 1.5+). */
    private static final String ANY_LOCATION = "?";

    private final BundleContext context;

    ConfigAdminCalls(BundleContext context) {
        this.context = context;
    }

    /** @return whether a Configuration Admin service is registered */
    boolean present() {
        return reference() != null;
    }

    /**
     * The service's reference, found without Felix's class-space check: the system bundle, whose
     * context this is, cannot see {@code org.osgi.service.cm}, so {@code getServiceReference}
     * would never return it.
     */
    private ServiceReference<?> reference() {
        try {
            ServiceReference<?>[] refs = context.getAllServiceReferences(CM, null);
            return refs == null || refs.length == 0 ? null : refs[0];
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new AssertionError(e); // no filter
        }
    }

    /**
     * Creates or replaces a configuration.
     *
     * @param pid a PID, or {@code factoryPid~name}
     * @param properties its properties
     * @throws IllegalStateException if there is no ConfigAdmin or it refuses
     */
    void update(String pid, Map<String, Object> properties) {
        call(admin -> {
            Class<?> cm = admin.getClass().getClassLoader().loadClass(CM);
            Object configuration;
            int tilde = pid.indexOf('~');
            if (tilde > 0) {
                Method m = cm.getMethod("getFactoryConfiguration", String.class, String.class, String.class);
                configuration = m.invoke(admin, pid.substring(0, tilde), pid.substring(tilde + 1), ANY_LOCATION);
            } else {
                Method m = cm.getMethod("getConfiguration", String.class, String.class);
                configuration = m.invoke(admin, pid, ANY_LOCATION);
            }
            Dictionary<String, Object> d = new Hashtable<>(properties);
            Method update = configuration.getClass().getClassLoader()
                    .loadClass("org.osgi.service.cm.Configuration").getMethod("update", Dictionary.class);
            update.invoke(configuration, d);
            return null;
        }, "configuration '" + pid + "'");
    }

    /**
     * @param property a property name
     * @return the values of that property over every configuration that has it
     */
    List<String> valuesOf(String property) {
        return call(admin -> {
            Class<?> cm = admin.getClass().getClassLoader().loadClass(CM);
            Object[] all = (Object[]) cm.getMethod("listConfigurations", String.class).invoke(admin,
                    "(" + property + "=*)");
            List<String> values = new ArrayList<>();
            if (all != null) {
                Method props = admin.getClass().getClassLoader().loadClass("org.osgi.service.cm.Configuration")
                        .getMethod("getProperties");
                for (Object c : all) {
                    Dictionary<?, ?> d = (Dictionary<?, ?>) props.invoke(c);
                    if (d != null && d.get(property) != null) {
                        values.add(String.valueOf(d.get(property)));
                    }
                }
            }
            return values;
        }, "listing configurations");
    }

    private interface Call<T> {
        T on(Object admin) throws ReflectiveOperationException;
    }

    private <T> T call(Call<T> c, String what) {
        ServiceReference<?> ref = reference();
        Object admin = ref == null ? null : context.getService(ref);
        if (admin == null) {
            throw new IllegalStateException(what + ": no Configuration Admin service");
        }
        try {
            return c.on(admin);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw new IllegalStateException(what + ": Configuration Admin refused it: " + cause, cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(what + ": cannot call Configuration Admin: " + e, e);
        } finally {
            context.ungetService(ref);
        }
    }
}
