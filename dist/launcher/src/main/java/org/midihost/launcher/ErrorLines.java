package org.midihost.launcher;

import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.log.FormatterLogger;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.log.LogService;

/**
 * The distribution's log: a {@link LogService} and {@link LoggerFactory} that prints errors and
 * warnings as one line each on standard error, naming the bundle and the reason, never a stack
 * trace (see {@link OneLineLogger}). File Install logs here when a dropped driver jar cannot be
 * installed or started; Declarative Services when a driver component fails to activate or to take
 * its configuration. One instance per using bundle, so that each line can name its bundle.
 */
@Component(service = { LogService.class, LoggerFactory.class }, scope = ServiceScope.BUNDLE)
public final class ErrorLines implements LogService {
    private final String user;

    /**
     * @param context the component context, for the bundle that uses this instance
     */
    @Activate
    public ErrorLines(ComponentContext context) {
        this.user = name(context.getUsingBundle());
    }

    private static String name(Bundle b) {
        return b == null ? "?" : b.getSymbolicName();
    }

    @Override
    public Logger getLogger(String name) {
        return new OneLineLogger(name, user, false);
    }

    @Override
    public Logger getLogger(Class<?> clazz) {
        return getLogger(clazz.getName());
    }

    @Override
    public <L extends Logger> L getLogger(String name, Class<L> loggerType) {
        return loggerType.cast(new OneLineLogger(name, user, loggerType == FormatterLogger.class));
    }

    @Override
    public <L extends Logger> L getLogger(Class<?> clazz, Class<L> loggerType) {
        return getLogger(clazz.getName(), loggerType);
    }

    @Override
    public <L extends Logger> L getLogger(Bundle bundle, String name, Class<L> loggerType) {
        return loggerType.cast(new OneLineLogger(name, name(bundle), loggerType == FormatterLogger.class));
    }

    @Override
    @Deprecated
    public void log(int level, String message) {
        log(null, level, message, null);
    }

    @Override
    @Deprecated
    public void log(int level, String message, Throwable exception) {
        log(null, level, message, exception);
    }

    @Override
    @Deprecated
    @SuppressWarnings("rawtypes")
    public void log(ServiceReference sr, int level, String message) {
        log(sr, level, message, null);
    }

    @Override
    @Deprecated
    @SuppressWarnings("rawtypes")
    public void log(ServiceReference sr, int level, String message, Throwable exception) {
        if (level == LOG_ERROR) {
            OneLineLogger.print("error", user, message, exception);
        } else if (level == LOG_WARNING) {
            OneLineLogger.print("warning", user, message, exception);
        }
    }
}
