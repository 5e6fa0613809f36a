package org.midihost.shell;

import java.io.PrintStream;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;

/**
 * {@code midi:midi}: the list of {@code midi:} commands, one line each. Karaf's
 * {@code help midi} lists a scope's commands by itself; plain Felix Gogo's {@code help midi} shows
 * the commands <em>named</em> {@code midi}, so this one's descriptor is that list.
 */
@Component(service = CommandList.class, property = {
        "osgi.command.scope=midi",
        "osgi.command.function=midi" })
public final class CommandList {
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
        out.flush();
    }
}
