package org.midihost.launcher;

import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.log.LogService;

/**
 * A {@link LogService} that prints errors and warnings as one line each on standard error, with
 * the bundle that logged them and the reason, never a stack trace: File Install, for one, logs
 * here when a dropped driver jar cannot be installed or started. Information and debug messages
 * are dropped. One instance per using bundle, so that each line can name its bundle.
 */
@Component(service = LogService.class, scope = ServiceScope.BUNDLE)
public final class ErrorLines implements LogService {
    private final String bundle;

    /**
     * @param context the component context, for the bundle that uses this instance
     */
    @Activate
    public ErrorLines(ComponentContext context) {
        Bundle user = context.getUsingBundle();
        this.bundle = user == null ? "?" : user.getSymbolicName();
    }

    @Override
    public void log(int level, String message) {
        log(null, level, message, null);
    }

    @Override
    public void log(int level, String message, Throwable exception) {
        log(null, level, message, exception);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public void log(ServiceReference sr, int level, String message) {
        log(sr, level, message, null);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public void log(ServiceReference sr, int level, String message, Throwable exception) {
        if (level > LOG_WARNING) {
            return;
        }
        StringBuilder line = new StringBuilder(level == LOG_ERROR ? "error: " : "warning: ").append(bundle).append(": ");
        line.append(message == null ? "" : message.lines().findFirst().orElse(""));
        if (exception != null) {
            line.append(": ").append(CommandLine.oneLine(exception));
        }
        Streams.ERR.println(line);
    }
}
