package org.midihost.shell;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.felix.service.command.Function;

/**
 * The arguments of one {@code midi:} command, parsed here rather than by Gogo. Gogo picks a
 * command method by coercing the arguments to its parameter types, so a missing or malformed
 * argument gives its "Cannot coerce …" text and never reaches the command; the commands therefore
 * take their arguments as {@code Object...} and parse them with this class by their {@link Usage},
 * so that every error names the bad value and shows the usage line, the same in Felix and Karaf.
 *
 * <p>Options may come anywhere, long ({@code --count 3}, {@code --count=3}) or short
 * ({@code -n 3}); {@code --} ends them. A number ({@code -1}, the MIDI mapper) is an operand, not an
 * option. {@code -h} or {@code --help} anywhere before {@code --} asks for the help, whatever else
 * is there. A Gogo closure ({@code { … }}) arrives as a {@link Function} operand.
 */
final class Arguments {
    private final Usage usage;
    private final boolean help;
    private final Map<Usage.Option, String> values = new HashMap<>();
    private final List<Object> operands = new ArrayList<>();
    private int next;

    private Arguments(Usage usage, boolean help) {
        this.usage = usage;
        this.help = help;
    }

    /**
     * @param usage what the command takes
     * @param args the arguments as Gogo passed them (tokens, strings, closures; may be {@code null})
     * @return the parsed arguments; check {@link #help()} first
     * @throws UsageException for an unknown option or an option without its value
     */
    static Arguments parse(Usage usage, Object... args) throws UsageException {
        Object[] all = args == null ? new Object[0] : args;
        for (Object a : all) {
            if (a instanceof CharSequence s && s.toString().equals("--")) {
                break;
            }
            if (a instanceof CharSequence s && Usage.HELP.is(s.toString())) {
                return new Arguments(usage, true);
            }
        }
        Arguments parsed = new Arguments(usage, false);
        boolean optionsEnded = false;
        for (int i = 0; i < all.length; i++) {
            Object a = all[i];
            if (!(a instanceof CharSequence) && a != null) {
                parsed.operands.add(a);
                continue;
            }
            String token = String.valueOf(a);
            if (optionsEnded || !looksLikeOption(token)) {
                parsed.operands.add(token);
                continue;
            }
            if (token.equals("--")) {
                optionsEnded = true;
                continue;
            }
            String name = token;
            String inline = null;
            int eq = token.indexOf('=');
            if (token.startsWith("--") && eq > 0) {
                name = token.substring(0, eq);
                inline = token.substring(eq + 1);
            }
            Usage.Option o = usage.option(name);
            if (o == null) {
                throw usage.error("unknown option '" + token + "'");
            }
            if (o.value() == null) {
                if (inline != null) {
                    throw usage.error(o.longName() + " takes no value");
                }
                parsed.values.put(o, "true");
            } else if (inline != null) {
                parsed.values.put(o, inline);
            } else if (i + 1 < all.length && !(all[i + 1] instanceof Function)) {
                // Gogo hands a number over as a number (3 as a Long, 0.5 as a Double): its text is the value
                parsed.values.put(o, String.valueOf(all[++i]));
            } else {
                throw usage.error(o.longName() + " needs a value " + o.value());
            }
        }
        return parsed;
    }

    /**
     * Parses a command's arguments, or prints its help if they ask for it.
     *
     * @param session the shell session, for the help's output
     * @param usage what the command takes
     * @param args the arguments as Gogo passed them
     * @return the parsed arguments, or {@code null} after printing the help: the command then returns
     * @throws UsageException for an unknown option or an option without its value
     */
    static Arguments orHelp(org.apache.felix.service.command.CommandSession session, Usage usage, Object... args)
            throws UsageException {
        Arguments a = parse(usage, args);
        if (a.help) {
            usage.print(session.getConsole());
            return null;
        }
        return a;
    }

    /** An option is a dash and a letter or a second dash: {@code -1} and {@code -0.5} are operands. */
    private static boolean looksLikeOption(String token) {
        return token.length() > 1 && token.charAt(0) == '-' && !Character.isDigit(token.charAt(1)) && token.charAt(1) != '.';
    }

    /** @return whether {@code -h} or {@code --help} was given: print {@link Usage#print} and do nothing else */
    boolean help() {
        return help;
    }

    /**
     * @param longName the option's long name
     * @return whether the flag was given
     */
    boolean flag(String longName) {
        return values.containsKey(option(longName));
    }

    /**
     * @param longName the option's long name
     * @param absent the value when the option is not given
     * @return the option's value as given
     */
    String value(String longName, String absent) {
        String v = values.get(option(longName));
        return v == null ? absent : v;
    }

    /**
     * @param longName the option's long name
     * @param absent the value when the option is not given
     * @return the option's value as a whole number {@code >= 0}
     * @throws UsageException when it is not one
     */
    int count(String longName, int absent) throws UsageException {
        Usage.Option o = option(longName);
        String v = values.get(o);
        if (v == null) {
            return absent;
        }
        try {
            int n = Integer.parseInt(v.strip());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // named below
        }
        throw usage.error(o.longName() + " '" + v + "' is not a whole number 0 or more");
    }

    /**
     * @param longName the option's long name
     * @param absent the value when the option is not given
     * @return the option's value as a finite number {@code >= 0}
     * @throws UsageException when it is not one
     */
    double seconds(String longName, double absent) throws UsageException {
        Usage.Option o = option(longName);
        String v = values.get(o);
        if (v == null) {
            return absent;
        }
        try {
            double d = Double.parseDouble(v.strip());
            if (d >= 0 && Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // named below
        }
        throw usage.error(o.longName() + " '" + v + "' is not a number of seconds 0 or more");
    }

    /**
     * @param name the operand's name in the usage line, {@code ID}
     * @return the next operand, as text
     * @throws UsageException when there is none, or it is a closure
     */
    String operand(String name) throws UsageException {
        if (next >= operands.size()) {
            throw usage.error("missing " + name);
        }
        Object o = operands.get(next++);
        if (o instanceof Function) {
            throw usage.error(name + " expected where a { closure } is");
        }
        return String.valueOf(o);
    }

    /** @return the next operand as text, or {@code null} if there is none or it is a closure */
    String optionalOperand() {
        if (next >= operands.size() || operands.get(next) instanceof Function) {
            return null;
        }
        return String.valueOf(operands.get(next++));
    }

    /**
     * @return every operand not taken yet, as text
     * @throws UsageException if one is a closure
     */
    List<String> rest() throws UsageException {
        List<String> rest = new ArrayList<>();
        while (next < operands.size()) {
            rest.add(operand("a value"));
        }
        return rest;
    }

    /** @return the next operand if it is a closure ({@code { … }}), else {@code null} */
    Function closure() {
        if (next < operands.size() && operands.get(next) instanceof Function f) {
            next++;
            return f;
        }
        return null;
    }

    /**
     * Checks that every operand was taken.
     *
     * @throws UsageException naming the first extra one
     */
    void end() throws UsageException {
        if (next < operands.size()) {
            Object o = operands.get(next);
            throw usage.error(o instanceof Function ? "unexpected { closure }" : "unexpected argument '" + o + "'");
        }
    }

    private Usage.Option option(String longName) {
        Usage.Option o = usage.option(longName);
        if (o == null) {
            throw new IllegalStateException(usage.command() + " has no option " + longName);
        }
        return o;
    }
}
