package org.midihost.launcher;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import org.apache.felix.gogo.jline.Builtin;
import org.apache.felix.gogo.jline.Converters;
import org.apache.felix.gogo.jline.Posix;
import org.apache.felix.gogo.jline.Procedural;
import org.apache.felix.gogo.jline.Shell;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.Converter;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Felix gogo.jline's commands ({@code gogo:echo}, {@code each}, {@code history}, {@code complete},
 * {@code gosh}, …) and converters, registered as gogo.jline's own activator registers them, in
 * every mode. The activator itself never runs (its start level is never reached, see
 * {@code midihost.bndrun}): it would also build a system terminal and run a shell on it, in
 * {@code -c} and headless runs too, taking the terminal's signals (^C would no longer stop a
 * {@code -c} run) and printing a banner into the commands' output. The launcher runs the shell
 * itself, in console mode only ({@link Console}).
 */
@Component(service = ShellCommands.class)
public final class ShellCommands {
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();
    private final BundleContext context;

    /**
     * @param context this bundle's context, to register the commands with
     * @param processor Gogo's command processor, which Posix and the shell need
     */
    @Activate
    public ShellCommands(BundleContext context, @Reference CommandProcessor processor) {
        this.context = context;
        registrations.add(context.registerService(Converter.class, new Converters(context.getBundle(0).getBundleContext()), null));
        register(new Builtin(), functions(Builtin.class));
        register(new Procedural(), functions(Procedural.class));
        register(new Posix(processor), functions(Posix.class));
        register(new Shell(shellContext(context), processor), functions(Shell.class));
    }

    /** Unregisters the commands. */
    @Deactivate
    void deactivate() {
        for (ServiceRegistration<?> r : registrations) {
            try {
                r.unregister();
            } catch (IllegalStateException e) {
                // already gone with the bundle
            }
        }
        registrations.clear();
    }

    private void register(Object commands, String[] functions) {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(CommandProcessor.COMMAND_SCOPE, "gogo");
        props.put(CommandProcessor.COMMAND_FUNCTION, functions);
        registrations.add(context.registerService(commands.getClass().getName(), commands, props));
    }

    /**
     * The function names gogo.jline registers each class with: its package-private
     * {@code functions} field, read rather than copied so that they follow the library.
     */
    private static String[] functions(Class<?> type) {
        try {
            Field f = type.getDeclaredField("functions");
            f.setAccessible(true);
            return ((String[]) f.get(null)).clone();
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("gogo.jline's " + type.getSimpleName() + " has no function list: " + e, e);
        }
    }

    /**
     * What gogo.jline's shell asks of its host: framework properties ({@code gosh.home}, …), and
     * stopping the framework (only for {@code gosh} without {@code --noshutdown}).
     *
     * @param context a bundle context
     * @return the shell context
     */
    static Shell.Context shellContext(BundleContext context) {
        return new Shell.Context() {
            @Override
            public String getProperty(String name) {
                return context.getProperty(name);
            }

            @Override
            public void exit() throws BundleException {
                context.getBundle(0).stop();
            }
        };
    }
}
