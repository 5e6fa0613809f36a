package org.midihost.launcher;

import java.util.Arrays;
import java.util.IllegalFormatException;
import org.osgi.service.log.FormatterLogger;
import org.osgi.service.log.LoggerConsumer;

/**
 * A Log 1.4 {@link org.osgi.service.log.Logger} (and {@link FormatterLogger}) that prints warnings
 * and errors as one line on standard error: level, bundle, message, and the reason of a trailing
 * exception argument, never its stack trace. Trace, debug, info and audit are dropped: the
 * launcher prints what a user watching the host needs, and Declarative Services (the main user)
 * reports a driver component that fails to activate or to take its configuration as an error.
 */
final class OneLineLogger implements FormatterLogger {
    private final String name;
    private final String bundle;
    private final boolean printf;

    /**
     * @param name the logger name
     * @param bundle the symbolic name of the bundle the messages are about
     * @param printf whether messages are {@link String#format} patterns rather than {@code {}} ones
     */
    OneLineLogger(String name, String bundle, boolean printf) {
        this.name = name;
        this.bundle = bundle;
        this.printf = printf;
    }

    /**
     * Prints one line.
     *
     * @param level "error" or "warning"
     * @param bundle the bundle the message is about
     * @param message the message text, already formatted
     * @param reason an exception whose one-line message is appended, or {@code null}
     */
    static void print(String level, String bundle, String message, Throwable reason) {
        String first = message == null ? "" : message.lines().findFirst().orElse("");
        if (followUp(first)) {
            return;
        }
        StringBuilder line = new StringBuilder(level).append(": ").append(bundle).append(": ");
        line.append(first);
        if (reason != null) {
            line.append(": ").append(CommandLine.oneLine(reason));
        }
        String text = line.toString();
        // A component that fails to activate is tried again on every request for its service (the
        // host's bind among them): the same failure, with another instance number, each time.
        String key = text.replaceAll("\\(\\d+\\)", "()").replaceAll("\\.\\d{12}", "");
        if (PRINTED.size() < 10_000 && !PRINTED.add(key)) {
            return;
        }
        Streams.ERR.println(text);
    }

    /** Lines already printed, without instance numbers and build stamps: each is printed once. */
    private static final java.util.Set<String> PRINTED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * SCR's follow-ups of a component that failed to activate, seen from the bundle that wanted
     * its service: they repeat the failure already printed and name no new cause.
     */
    static boolean followUp(String message) {
        return message.startsWith("Service factory returned null")
                || message.contains("Could not get service from ref")
                || (message.contains("DependencyManager") && message.contains("Service not available from service registry"));
    }

    private void emit(String level, String format, Object... args) {
        Throwable reason = null;
        Object[] values = args;
        if (args.length > 0 && args[args.length - 1] instanceof Throwable t) {
            reason = t;
            values = Arrays.copyOf(args, args.length - 1);
        }
        print(level, bundle, format(format, values), reason);
    }

    private String format(String format, Object[] values) {
        if (format == null || values.length == 0) {
            return format;
        }
        if (printf) {
            try {
                return String.format(format, values);
            } catch (IllegalFormatException e) {
                return format + " " + Arrays.toString(values);
            }
        }
        StringBuilder sb = new StringBuilder();
        int from = 0;
        int next = 0;
        int at;
        while (next < values.length && (at = format.indexOf("{}", from)) >= 0) {
            sb.append(format, from, at).append(values[next++]);
            from = at + 2;
        }
        return sb.append(format.substring(from)).toString();
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public boolean isTraceEnabled() {
        return false;
    }

    @Override
    public void trace(String message) {
    }

    @Override
    public void trace(String format, Object arg) {
    }

    @Override
    public void trace(String format, Object arg1, Object arg2) {
    }

    @Override
    public void trace(String format, Object... arguments) {
    }

    @Override
    public <E extends Exception> void trace(LoggerConsumer<E> consumer) throws E {
    }

    @Override
    public boolean isDebugEnabled() {
        return false;
    }

    @Override
    public void debug(String message) {
    }

    @Override
    public void debug(String format, Object arg) {
    }

    @Override
    public void debug(String format, Object arg1, Object arg2) {
    }

    @Override
    public void debug(String format, Object... arguments) {
    }

    @Override
    public <E extends Exception> void debug(LoggerConsumer<E> consumer) throws E {
    }

    @Override
    public boolean isInfoEnabled() {
        return false;
    }

    @Override
    public void info(String message) {
    }

    @Override
    public void info(String format, Object arg) {
    }

    @Override
    public void info(String format, Object arg1, Object arg2) {
    }

    @Override
    public void info(String format, Object... arguments) {
    }

    @Override
    public <E extends Exception> void info(LoggerConsumer<E> consumer) throws E {
    }

    @Override
    public boolean isWarnEnabled() {
        return true;
    }

    @Override
    public void warn(String message) {
        emit("warning", message);
    }

    @Override
    public void warn(String format, Object arg) {
        emit("warning", format, arg);
    }

    @Override
    public void warn(String format, Object arg1, Object arg2) {
        emit("warning", format, arg1, arg2);
    }

    @Override
    public void warn(String format, Object... arguments) {
        emit("warning", format, arguments);
    }

    @Override
    public <E extends Exception> void warn(LoggerConsumer<E> consumer) throws E {
        consumer.accept(this);
    }

    @Override
    public boolean isErrorEnabled() {
        return true;
    }

    @Override
    public void error(String message) {
        emit("error", message);
    }

    @Override
    public void error(String format, Object arg) {
        emit("error", format, arg);
    }

    @Override
    public void error(String format, Object arg1, Object arg2) {
        emit("error", format, arg1, arg2);
    }

    @Override
    public void error(String format, Object... arguments) {
        emit("error", format, arguments);
    }

    @Override
    public <E extends Exception> void error(LoggerConsumer<E> consumer) throws E {
        consumer.accept(this);
    }

    @Override
    public void audit(String message) {
    }

    @Override
    public void audit(String format, Object arg) {
    }

    @Override
    public void audit(String format, Object arg1, Object arg2) {
    }

    @Override
    public void audit(String format, Object... arguments) {
    }
}
