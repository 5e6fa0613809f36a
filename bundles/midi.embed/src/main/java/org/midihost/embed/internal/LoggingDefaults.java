package org.midihost.embed.internal;

import java.io.InputStream;
import java.net.URL;

/**
 * The context class loader the embedded framework starts under, so that the slf4j-simple bundle
 * inside it finds midihost's logging defaults (warnings and errors only, one short line each).
 *
 * <p>slf4j-simple reads {@value #SIMPLELOGGER} through the thread's context class loader when the
 * first logger is made, and system properties before that file. This loader serves the file from
 * the embed jar under another name, so that the defaults reach only the framework's slf4j (the
 * threads it starts inherit this loader), never an slf4j-simple of the program's own; a program
 * still overrides them with {@code -Dorg.slf4j.simpleLogger.defaultLogLevel=info} and the like.
 * Everything else is delegated to the parent.
 */
public final class LoggingDefaults extends ClassLoader {
    private static final String SIMPLELOGGER = "simplelogger.properties";
    private static final String SERVED = "META-INF/midihost/simplelogger.properties";

    static {
        registerAsParallelCapable();
    }

    /** @param parent the loader everything else comes from (the program's context loader) */
    public LoggingDefaults(ClassLoader parent) {
        super("midihost-embed-logging", parent);
    }

    @Override
    public URL getResource(String name) {
        if (SIMPLELOGGER.equals(name)) {
            return LoggingDefaults.class.getClassLoader().getResource(SERVED);
        }
        return super.getResource(name);
    }

    @Override
    public InputStream getResourceAsStream(String name) {
        if (SIMPLELOGGER.equals(name)) {
            return LoggingDefaults.class.getClassLoader().getResourceAsStream(SERVED);
        }
        return super.getResourceAsStream(name);
    }
}
