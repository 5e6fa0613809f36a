package org.midihost.shell;

import java.io.PrintStream;
import java.util.List;

/**
 * What one {@code midi:} command takes: its usage line, its one-line description (the same text
 * as its {@code @Descriptor}, which Gogo's and Karaf's {@code help} show), its options and its
 * operands. {@link Arguments} parses by it; {@link #print(PrintStream)} is the command's
 * {@code --help}.
 *
 * @param command the command's full name, {@code midi:caps}
 * @param synopsis the usage line, {@code midi:caps [-i] ID}
 * @param description what the command does, one line
 * @param options the options, in the order {@code --help} lists them
 * @param operands the operands and what they mean, each {@code {"ID", "a device id or endpoint id"}}
 */
record Usage(String command, String synopsis, String description, List<Option> options, List<String[]> operands) {

    /**
     * One option.
     *
     * @param shortName e.g. {@code -n}, or {@code null}
     * @param longName e.g. {@code --count}
     * @param value the name of its value ({@code N}), or {@code null} for a flag
     * @param description what it means
     */
    record Option(String shortName, String longName, String value, String description) {
        boolean is(String token) {
            return token.equals(shortName) || token.equals(longName);
        }

        String names() {
            return (shortName == null ? "    " : shortName + ", ") + longName + (value == null ? "" : " " + value);
        }
    }

    /** {@code -h, --help}: every command has it. */
    static final Option HELP = new Option("-h", "--help", null, "print this help instead of running");

    /** @return the option that the token names (long or short), or {@code null} */
    Option option(String token) {
        if (HELP.is(token)) {
            return HELP;
        }
        for (Option o : options) {
            if (o.is(token)) {
                return o;
            }
        }
        return null;
    }

    /**
     * Prints the usage line, the description, the operands and the options.
     *
     * @param out where
     */
    void print(PrintStream out) {
        out.println("usage: " + synopsis);
        out.println(description);
        int width = HELP.names().length();
        for (Option o : options) {
            width = Math.max(width, o.names().length());
        }
        for (String[] operand : operands) {
            width = Math.max(width, operand[0].length());
        }
        for (String[] operand : operands) {
            out.println(String.format("  %-" + width + "s  %s", operand[0], operand[1]));
        }
        for (Option o : options) {
            out.println(String.format("  %-" + width + "s  %s", o.names(), o.description()));
        }
        out.println(String.format("  %-" + width + "s  %s", HELP.names(), HELP.description()));
        out.flush();
    }

    /**
     * @param problem what is wrong, naming the value
     * @return the exception to throw
     */
    UsageException error(String problem) {
        return new UsageException(this, problem);
    }
}
