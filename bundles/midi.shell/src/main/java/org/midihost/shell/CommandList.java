package org.midihost.shell;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * {@code midi:midi}: the list of {@code midi:} commands, one line each: this bundle's own (the
 * fixed {@link Help#OVERVIEW}), then every other command registered in scope {@code midi} at this
 * moment by another bundle, such as the RTP-MIDI driver's {@code midi:sessions}, {@code midi:invite}
 * and {@code midi:end}. Such a command's line is the service property
 * {@value #SUMMARY}{@code <function>} when its bundle gives one. The shell depends on no such bundle:
 * it reads the service registry when the command runs.
 *
 * <p>Karaf's {@code help midi} lists a scope's commands by itself; plain Felix Gogo's
 * {@code help midi} shows the commands <em>named</em> {@code midi}, so this one's descriptor is the
 * list of the shell's own commands (a descriptor is a constant).
 */
@Component(service = CommandList.class, property = {
        "osgi.command.scope=midi",
        "osgi.command.function=midi" })
public final class CommandList {
    /** Service property prefix: {@code midihost.command.summary.sessions=...} is the line of {@code midi:sessions}. */
    public static final String SUMMARY = "midihost.command.summary.";
    /** Column of the descriptions in {@link Help#OVERVIEW}. */
    private static final int NAME_WIDTH = "midi:monitor   ".length();

    private final BundleContext context;

    /** @param context this bundle's context, to look up the commands of other bundles */
    @Activate
    public CommandList(BundleContext context) {
        this.context = context;
    }

    /**
     * Prints the list.
     *
     * @param session the shell session, for its output
     * @param args nothing, or {@code --help}
     * @throws UsageException for any other argument
     */
    @Descriptor(Help.OVERVIEW)
    public void midi(CommandSession session, @Descriptor("none") String... args) throws UsageException {
        Arguments a = Arguments.orHelp(session, Help.LIST_USAGE, args);
        if (a == null) {
            return;
        }
        a.end();
        PrintStream out = session.getConsole();
        out.println(Help.OVERVIEW);
        for (Map.Entry<String, String> e : others().entrySet()) {
            String name = "midi:" + e.getKey();
            out.println("   " + name + " ".repeat(Math.max(1, NAME_WIDTH - name.length())) + e.getValue());
        }
        out.flush();
    }

    /** The {@code midi:} commands of other bundles registered now, by function name, with their lines. */
    Map<String, String> others() {
        Map<String, String> found = new TreeMap<>();
        ServiceReference<?>[] refs;
        try {
            refs = context.getServiceReferences((String) null, "(osgi.command.scope=midi)");
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e); // a constant filter
        } catch (IllegalStateException e) {
            return found; // this bundle is stopping
        }
        if (refs == null) {
            return found;
        }
        for (ServiceReference<?> ref : refs) {
            if (ref.getBundle() == null || ref.getBundle().equals(context.getBundle())) {
                continue; // unregistered meanwhile, or ours: in the overview
            }
            for (String function : functions(ref.getProperty("osgi.command.function"))) {
                Object summary = ref.getProperty(SUMMARY + function);
                found.putIfAbsent(function, summary instanceof String s && !s.isBlank() ? s
                        : "(from " + ref.getBundle().getSymbolicName() + "; midi:" + function + " --help)");
            }
        }
        return found;
    }

    /** {@code osgi.command.function} is a String or a String[] (or a collection of them). */
    private static List<String> functions(Object property) {
        List<String> list = new ArrayList<>();
        if (property instanceof String s) {
            list.add(s);
        } else if (property instanceof String[] a) {
            list.addAll(List.of(a));
        } else if (property instanceof Iterable<?> i) {
            i.forEach(o -> list.add(String.valueOf(o)));
        }
        return list;
    }
}
