package org.midihost.launcher;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The command line of {@code midihost.jar}:
 * <pre>
 * java -jar midihost.jar [--deploy DIR]                 console in a terminal, else headless
 * java -jar midihost.jar [--deploy DIR] -c "CMD; CMD"   run commands, exit with their status
 * java -jar midihost.jar [--deploy DIR] FILE.gosh       run a Gogo script the same way
 * </pre>
 *
 * @param mode what to do
 * @param commands the commands of {@code -c}, or {@code null}
 * @param script the script file, or {@code null}
 * @param deploy the hot-deploy folder ({@code ./deploy} by default)
 */
record Arguments(Mode mode, String commands, Path script, Path deploy) {
    /** The usage text, printed for {@code --help} and after a bad argument. */
    static final String USAGE = String.join(System.lineSeparator(),
            "usage: java -jar midihost.jar [--deploy DIR] [-c \"CMD; CMD...\" | FILE.gosh]",
            "  (no arguments)  start the host: a Gogo console in a terminal, headless otherwise (until SIGTERM)",
            "  -c CMDS         run shell commands, print their output, exit 0 or 1 with the error",
            "  FILE.gosh       run a Gogo script the same way",
            "  --deploy DIR    the hot-deploy folder for driver jars and .cfg files (default ./deploy)",
            "  -h, --help      this text");

    /** What the launcher does once the host is ready. */
    enum Mode {
        /** Run {@link Arguments#commands()}, then exit. */
        COMMANDS,
        /** Run {@link Arguments#script()}, then exit. */
        SCRIPT,
        /** Run until the framework stops: a console if there is a terminal. */
        RUN,
        /** Print {@link #USAGE} and exit 0. */
        HELP
    }

    /** Checks that what the mode needs is there. */
    Arguments {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(deploy, "deploy");
    }

    /**
     * @param args the command-line arguments
     * @return what they ask for
     * @throws IllegalArgumentException with a one-line reason, for arguments that make no sense
     */
    static Arguments parse(String[] args) {
        String commands = null;
        Path script = null;
        Path deploy = Path.of("deploy");
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "-c", "--command" -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException(a + " needs the commands to run");
                    }
                    if (commands != null) {
                        throw new IllegalArgumentException("-c given twice: put the commands in one, separated by ';'");
                    }
                    commands = args[++i];
                }
                case "--deploy" -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("--deploy needs a folder");
                    }
                    deploy = Path.of(args[++i]);
                }
                case "-h", "--help" -> help = true;
                default -> {
                    if (a.startsWith("-")) {
                        throw new IllegalArgumentException("unknown option " + a);
                    }
                    if (script != null) {
                        throw new IllegalArgumentException("one script at a time: " + script + " and " + a);
                    }
                    script = Path.of(a);
                }
            }
        }
        if (help) {
            return new Arguments(Mode.HELP, null, null, deploy);
        }
        if (commands != null && script != null) {
            throw new IllegalArgumentException("-c and a script file: give one of them");
        }
        Mode mode = commands != null ? Mode.COMMANDS : script != null ? Mode.SCRIPT : Mode.RUN;
        return new Arguments(mode, commands, script, deploy);
    }
}
