package org.midihost.launcher;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.felix.gogo.jline.Shell;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Function;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.midihost.api.MidiHost;
import org.osgi.framework.BundleContext;

/**
 * The interactive console: Felix gogo.jline's shell on a JLine system terminal. The user gets line
 * editing, history (up-arrow, {@code ~/.gogo.history}), completion of command names and of the
 * {@code midi:} commands' device ids ({@link DeviceIdCompletion}), and gogo.jline's job control:
 * ^C interrupts the running command ({@code midi:monitor} ends) instead of stopping the host, ^Z
 * suspends it. The terminal's signals reach the JVM as native handlers that JLine installs while
 * the console is open, in place of the JVM's (which would run the shutdown hook); SIGTERM is not
 * a terminal signal and still stops the host. {@code exit} and ^D leave the console, and the
 * launcher then stops the framework. Built only in console mode: {@code -c}, scripts and headless
 * runs have no JLine terminal at all.
 */
final class Console implements AutoCloseable {
    /**
     * The profile {@code gosh --login} sources: gogo.jline looks for {@code etc/PROFILE} under
     * {@code gosh.home} (or the working directory), then for the resource {@code /PROFILE} of the
     * shell's class, here {@link ProfileShell}, in this bundle.
     */
    private static final String PROFILE = "org/midihost/launcher/console.gosh";

    private final Terminal terminal;
    private final Shell shell;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** The console's session once it runs: its {@code .reader} is the line reader gosh made. */
    private volatile CommandSession session;

    /**
     * Takes the terminal.
     *
     * @param context this bundle's context
     * @param processor Gogo's command processor
     * @throws IOException if the terminal cannot be opened
     */
    Console(BundleContext context, CommandProcessor processor) throws IOException {
        this.terminal = TerminalBuilder.builder()
                .name("midihost")
                .system(true)
                // ^C, ^Z, ^\ reach the terminal, not the JVM's handlers; ignored unless the shell
                // or the line reader handles them (the shell: interrupt or suspend the running job)
                .nativeSignals(true)
                .signalHandler(Terminal.SignalHandler.SIG_IGN)
                // a terminal JLine cannot drive (no stty): a plain one, without JLine's warning
                .dumb(true)
                .build();
        this.shell = new ProfileShell(ShellCommands.shellContext(context), processor);
    }

    /** gogo.jline's shell, whose profile resource is looked up in this bundle (by its class). */
    private static final class ProfileShell extends Shell {
        ProfileShell(Shell.Context context, CommandProcessor processor) {
            super(context, processor, PROFILE);
        }
    }

    /**
     * Shows the device table and runs the console until {@code exit} or end of input.
     *
     * @param processor Gogo's command processor
     * @param host the host, for the device ids to complete
     * @throws Exception what the shell throws (the terminal closed under it, …)
     */
    void run(CommandProcessor processor, MidiHost host) throws Exception {
        try (CommandSession session = processor.createSession(terminal.input(), terminal.output(), terminal.output())) {
            session.put(Shell.VAR_TERMINAL, terminal);
            session.put(".gosh_quiet", Boolean.TRUE);
            session.put(".gogo_profile", Shell.class.getResource("/gosh_profile").toURI().toString());
            // variables holding functions are commands, found before any scope's
            session.put("exit", (Function) (s, args) -> {
                shell.stop(); // the shell's loop ends after this command, as at end of input
                return null;
            });
            session.put("__device_ids", (Function) (s, args) -> {
                ParsedLine line = (ParsedLine) s.get(Shell.VAR_COMMAND_LINE);
                return line == null ? List.of() : DeviceIdCompletion.candidates(host, line.words(), line.wordIndex());
            });
            this.session = session;
            session.execute("midi:devices");
            shell.gosh(session, new String[] { "--login", "--noshutdown" });
        }
    }

    /**
     * Prints a line above the prompt and the line being edited, which are then drawn again.
     *
     * @param line the text, without a line separator
     */
    void printAbove(String line) {
        CommandSession s = session;
        if (s != null && s.get(Shell.VAR_READER) instanceof LineReader reader) {
            reader.printAbove(line);
        } else {
            terminal.writer().println(line);
            terminal.flush();
        }
    }

    /** Gives the terminal back as it was (attributes, signal handlers). Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                terminal.close();
            } catch (IOException e) {
                // the terminal went away: nothing to give back
            }
        }
    }
}
