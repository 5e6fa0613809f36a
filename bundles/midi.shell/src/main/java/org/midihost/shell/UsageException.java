package org.midihost.shell;

/**
 * A {@code midi:} command was given a missing, unknown or malformed argument. Its message is one
 * line: the command, what is wrong with which value, and the command's usage line, e.g.
 * {@code midi:monitor: --count 'x' is not a whole number; usage: midi:monitor [-o] ID [--count N] …}.
 * Thrown instead of letting Gogo try to coerce the arguments, so that the user sees the bad value
 * rather than "Cannot coerce …".
 */
public final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(Usage usage, String problem) {
        super(usage.command() + ": " + problem + "; usage: " + usage.synopsis());
    }
}
