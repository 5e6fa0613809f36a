package org.midihost.embed;

import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.midihost.api.MidiHost;
import org.midihost.embed.internal.EmbeddedFramework;

/**
 * midihost inside a plain Java program: an embedded Apache Felix running the host, Declarative
 * Services, Configuration Admin, File Install and the stock drivers (loopback, javasound for the
 * operating system's ports, and the Gervill synth) in this JVM, with the {@link MidiHost} handed to the program.
 *
 * <pre>{@code
 * try (EmbeddedMidiHost embedded = EmbeddedMidiHost.start()) {
 *     MidiHost host = embedded.host();
 *     try (MidiOut out = host.openOut("loopback/0", MidiOutCallback.NONE, OpenOptions.direct())) {
 *         out.shortMsg(0x643C90);
 *     }
 * }
 * }</pre>
 *
 * <h2>What is on the program's class path</h2>
 * The one dependency {@code org.midihost:org.midihost.embed} brings three jars: this one, the client
 * API ({@code org.midihost.api}) and the Felix framework. The runtime bundles (SCR and the OSGi
 * libraries it needs, ConfigAdmin, File Install, slf4j, the SPI, the host, streams, routes and the
 * drivers) travel inside this jar as resources and are installed into the framework from there,
 * so none of their classes are visible to the program and none can clash with its libraries. The
 * framework exports the program's own {@code org.midihost.api} package (system packages extra, at
 * the version that jar's manifest gives) and the API bundle is not installed inside: there is one
 * copy of the API classes, and the {@link MidiHost}, caps records and callbacks the program sees
 * are its own types.
 *
 * <h2>The synthesizer</h2>
 * The synth driver renders with Gervill through a JDK package that {@code java.desktop} does not
 * export. Run the program with {@code --add-exports java.desktop/com.sun.media.sound=ALL-UNNAMED}
 * (or an {@code Add-Exports: java.desktop/com.sun.media.sound} line in an executable jar's
 * manifest) to have it; without it, start-up leaves the synth out and logs one warning naming the
 * flag, and the loopback and every other driver work as usual.
 *
 * <h2>Logging</h2>
 * Start-up and shutdown notices go to {@link System.Logger} (name {@code org.midihost.embed});
 * the bundles inside log through their own slf4j-simple to standard error, warnings and errors
 * only ({@code -Dorg.slf4j.simpleLogger.defaultLogLevel=info} shows more).
 *
 * <h2>Lifetime and threads</h2>
 * {@link #start} runs on a daemon thread of its own while the caller waits, and returns once the
 * host and every driver are up (and what the deploy folder holds is applied), or throws.
 * {@link #close()} stops the framework, waits for it (bounded, 20 s), and removes its storage
 * folder (a temporary directory); after it, no thread of the embedded framework is left. The
 * framework's threads are daemon threads, so a {@code main} that returns ends the JVM even with a
 * host still open; a shutdown hook then closes it (its handles get CLOSE, its storage folder is
 * removed). Do not close a host from one of its own callbacks: the stop waits for the threads that
 * deliver them. Several hosts may run in one JVM one after another or side by side;
 * {@link #running()} and {@link #shared()} let other code (such as the Java Sound provider
 * {@code org.midihost.javasound}) use the one the program started instead of starting a second.
 *
 * <p>This class is not meant for subclassing (it is final); all methods are thread-safe.
 */
public final class EmbeddedMidiHost implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("org.midihost.embed");
    /** How long {@link #close()} waits for the framework to stop. */
    static final Duration STOP_BOUND = Duration.ofSeconds(20);
    /** The open hosts, oldest first. */
    private static final List<EmbeddedMidiHost> OPEN = new CopyOnWriteArrayList<>();
    /** Starts in progress, on any thread. */
    private static final AtomicInteger STARTING = new AtomicInteger();
    /** Set on the thread that runs a start: tells a re-entrant {@link #shared()} from a waiting one. */
    private static final ThreadLocal<Boolean> STARTING_HERE = ThreadLocal.withInitial(() -> false);
    /**
     * Guards the start of the shared host ({@link #shared()}): one thread starts it, others wait
     * for that start. Never held by {@link #start(EmbeddedOptions)} itself, nor by {@link #close()}.
     */
    private static final Object SHARED_LOCK = new Object();

    private final EmbeddedFramework framework;
    private final EmbeddedOptions options;
    /**
     * Guards {@link #closed} and the stop in {@link #close()}, so that a second close waits for
     * the first. Taken by {@link #close()} only; {@link #host()} reads the volatile flag.
     */
    private final Object closeLock = new Object();
    private volatile boolean closed;
    /** Closes this host when the JVM exits without {@link #close()} (the framework's threads are daemons). */
    private final Thread shutdownHook = new Thread(this::close, "midihost-embed-shutdown");

    private EmbeddedMidiHost(EmbeddedFramework framework, EmbeddedOptions options) {
        this.framework = framework;
        this.options = options;
    }

    /** @return options with every default: no deploy folder, no configuration, no extra driver, 30 s to start */
    public static EmbeddedOptions options() {
        return EmbeddedOptions.DEFAULTS;
    }

    /**
     * Starts a host with the default options ({@link #options()}).
     *
     * @return the running host; close it when done
     * @throws IllegalStateException if it does not come up within the bound; the message names what is missing
     */
    public static EmbeddedMidiHost start() {
        return start(options());
    }

    /**
     * Starts a host: the embedded framework, the configurations, the stock drivers and the extra
     * ones, and with a deploy folder File Install on it. Returns once the {@link MidiHost} service
     * is registered, every driver has registered its devices with it, and what the deploy folder
     * held at start is installed and configured; the device table has then settled.
     *
     * @param options the options, not {@code null}
     * @return the running host; close it when done
     * @throws IllegalArgumentException if {@code options} is {@code null}, or an extra driver or the
     *         deploy folder cannot be used (naming it)
     * @throws IllegalStateException if the host or a driver does not come up within
     *         {@link EmbeddedOptions#startTimeout()} (naming what is missing: a bundle that did not
     *         start, the MidiHost service, a driver the host has not bound, a file of the deploy
     *         folder not taken), or the framework cannot start; the framework is stopped again
     */
    public static EmbeddedMidiHost start(EmbeddedOptions options) {
        if (options == null) {
            throw new IllegalArgumentException("options: null");
        }
        STARTING.incrementAndGet();
        try {
            EmbeddedMidiHost h = new EmbeddedMidiHost(startOnDaemonThread(options), options);
            OPEN.add(h);
            Runtime.getRuntime().addShutdownHook(h.shutdownHook);
            return h;
        } finally {
            STARTING.decrementAndGet();
        }
    }

    /**
     * Runs the start on a daemon thread of its own and waits for it. Threads inherit daemon status
     * from the thread that makes them, and some that the framework and its bundles make during
     * start-up (Felix's event dispatcher, for one) do not set it: made from the program's
     * {@code main}, they would keep the JVM alive after {@code main} returns while a host is open
     * (the Java Sound provider's shared host, which the program never sees to close).
     */
    private static EmbeddedFramework startOnDaemonThread(EmbeddedOptions options) {
        Object[] result = new Object[1];
        Thread t = new Thread(() -> {
            STARTING_HERE.set(true);
            try {
                result[0] = EmbeddedFramework.start(options, LOG);
            } catch (Throwable e) {
                result[0] = e;
            }
        }, "midihost-embed-start");
        t.setDaemon(true);
        t.setContextClassLoader(Thread.currentThread().getContextClassLoader());
        t.start();
        boolean interrupted = false;
        while (true) {
            try {
                t.join(); // the start is bounded by its own timeout
                break;
            } catch (InterruptedException e) {
                interrupted = true; // finish the start, so that no half-started framework is left behind
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Object r = result[0];
        if (r instanceof RuntimeException e) {
            throw e;
        }
        if (r instanceof Error e) {
            throw e;
        }
        if (r instanceof Throwable e) {
            throw new IllegalStateException(e);
        }
        return (EmbeddedFramework) r;
    }

    /**
     * The host the program runs now, if any: the oldest one started and not yet closed. Never
     * blocks and never starts one.
     *
     * @return the running host, or empty
     */
    public static Optional<EmbeddedMidiHost> running() {
        for (EmbeddedMidiHost h : OPEN) {
            if (!h.closed) {
                return Optional.of(h);
            }
        }
        return Optional.empty();
    }

    /**
     * Whether a host is being started now, on any thread (a {@link #start} that has not returned).
     * Code that runs while the host starts, possibly on the starting thread itself (a driver that
     * asks Java Sound for its devices, and so the Java Sound provider), uses it to stay out of
     * the start instead of waiting for it. Never blocks.
     *
     * @return whether a start is in progress
     */
    public static boolean isStarting() {
        return STARTING.get() > 0;
    }

    /**
     * The running host ({@link #running()}), or else one started now with options from system
     * properties ({@link EmbeddedOptions#fromSystemProperties()}). Like every host, one started here
     * is closed by a shutdown hook when the JVM exits, unless the program closes it first. Concurrent callers
     * get the same host: one starts it, the others wait for that start.
     *
     * <p>Code that a start may be waiting for (a driver's activation, on whatever thread) must not
     * call this while {@link #isStarting()}: it would wait for the start that waits for it, until
     * the start's bound. The Java Sound provider checks {@link #isStarting()} first.
     *
     * @return the running host
     * @throws IllegalStateException if called on the thread that runs a start (from inside the
     *         start, for instance a driver's activation), or if the host does not come up
     * @throws IllegalArgumentException if a system property holds a bad option (naming it)
     */
    public static EmbeddedMidiHost shared() {
        if (STARTING_HERE.get()) {
            throw new IllegalStateException("EmbeddedMidiHost.shared() called while this thread starts a host");
        }
        Optional<EmbeddedMidiHost> r = running();
        if (r.isPresent()) {
            return r.get();
        }
        synchronized (SHARED_LOCK) {
            r = running();
            if (r.isPresent()) {
                return r.get();
            }
            return start(EmbeddedOptions.fromSystemProperties());
        }
    }

    /**
     * @return the host service, typed with the program's own {@code org.midihost.api}
     * @throws IllegalStateException after {@link #close()}
     */
    public MidiHost host() {
        if (closed) {
            throw new IllegalStateException("this EmbeddedMidiHost is closed");
        }
        return framework.host();
    }

    /** @return the options it was started with */
    public EmbeddedOptions startOptions() {
        return options;
    }

    /** @return the deploy folder File Install watches, if it was given one */
    public Optional<Path> deployFolder() {
        return options.deploy();
    }

    /**
     * @return the symbolic names of the carried bundles left out in this JVM: {@code
     *         org.midihost.driver.synth} when the JVM lacks the synth's flag, else none
     */
    public List<String> leftOut() {
        return framework.leftOut();
    }

    /** @return the framework's storage folder (for tests: it is gone after close) */
    Path storage() {
        return framework.storage();
    }

    /** @return whether {@link #close()} has been called */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Stops the host: every open handle gets CLOSE as its driver goes, the framework stops (waited
     * for, at most 20 s; a framework that takes longer is logged), and its storage folder is removed.
     * Idempotent: a second call returns at once, or waits for a close in progress.
     */
    @Override
    public void close() {
        synchronized (closeLock) {
            if (closed) {
                return;
            }
            closed = true;
            OPEN.remove(this);
            if (Thread.currentThread() != shutdownHook) {
                try {
                    Runtime.getRuntime().removeShutdownHook(shutdownHook);
                } catch (IllegalStateException e) {
                    // the JVM is exiting: the hook runs, and finds this host closed
                }
            }
            framework.stop(STOP_BOUND, LOG);
        }
        LOG.log(Level.DEBUG, "midihost: embedded framework stopped");
    }

    @Override
    public String toString() {
        return "EmbeddedMidiHost[" + (closed ? "closed" : "running") + ", " + options + "]";
    }
}
