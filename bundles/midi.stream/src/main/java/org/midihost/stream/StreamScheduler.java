package org.midihost.stream;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.midihost.api.MidiException;
import org.midihost.api.MidiHeader;
import org.midihost.api.MidiOut;
import org.midihost.api.MidiScheduler;
import org.midihost.api.MidiStream;
import org.midihost.api.MmResult;
import org.midihost.api.StreamCallback;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link MidiScheduler} service: one {@link Clock} thread for every stream and every
 * time-stamped send, and one thread for the streams' callbacks (so that a slow callback never
 * delays the music). The host's {@code MidiHost.openStream} comes here.
 *
 * <p>Configuration PID {@value MidiScheduler#PID}, optional: per-output latency offsets and the
 * spin stretch. A change restarts the component: open streams are closed (their clients get
 * CLOSE) and scheduled messages not yet sent are dropped.
 */
@Component(service = MidiScheduler.class, configurationPid = MidiScheduler.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = StreamScheduler.Config.class)
public final class StreamScheduler implements MidiScheduler {
    private static final Logger LOG = LoggerFactory.getLogger(StreamScheduler.class);

    /** The scheduler's configuration (metatype). */
    @ObjectClassDefinition(id = MidiScheduler.PID, name = "midihost scheduler",
            description = "Plays MIDI streams and time-stamped messages on one clock thread.")
    public @interface Config {
        /** @return per-output latency offsets, {@code ENDPOINT=MILLISECONDS} */
        @AttributeDefinition(name = "Latency offsets", required = false,
                description = "ENDPOINT=MILLISECONDS, e.g. synth/0=12.5: added to the time of every message "
                        + "scheduled to that output and every stream event played on it (±10000 ms).")
        String[] latency() default {};

        /** @return how long before an event the clock stops sleeping and spins, in microseconds */
        @AttributeDefinition(name = "Spin", description = "Microseconds before each event that the clock "
                + "spins instead of sleeping (0..20000): more is more precise and costs more CPU.",
                min = "0", max = "20000")
        int spin() default DEFAULT_SPIN_MICROS;
    }

    /** The default spin stretch, in microseconds. */
    public static final int DEFAULT_SPIN_MICROS = 1000;

    private final Clock clock;
    private final ExecutorService callbacks;
    private final LatencyOffsets offsets;
    /** The open streams, to close them when the scheduler stops. A concurrent set: no lock. */
    private final Set<Stream> streams = ConcurrentHashMap.newKeySet();

    /**
     * @param config the configuration
     * @throws IllegalArgumentException for a malformed latency entry or a spin out of range (the
     *         message names the value)
     */
    @Activate
    public StreamScheduler(Config config) {
        int spin = config.spin();
        if (spin < 0 || spin > 20_000) {
            throw new IllegalArgumentException("spin " + spin + " µs is outside 0..20000");
        }
        this.offsets = LatencyOffsets.parse(config.latency());
        this.clock = new Clock("midihost-scheduler", TimeUnit.MICROSECONDS.toNanos(spin));
        this.callbacks = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "midihost-stream-callbacks");
            t.setDaemon(true);
            return t;
        });
    }

    /** Closes every stream (CLOSE to its client), drops what is scheduled, stops the threads. */
    @Deactivate
    public void close() {
        for (Stream s : streams) {
            try {
                s.stop();
                s.close();
            } catch (MidiException e) {
                LOG.debug("closing {} on scheduler stop: {}", s, e.getMessage());
            }
        }
        clock.stop();
        callbacks.shutdown();
        try {
            callbacks.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void shortMsgAt(MidiOut out, long nanoTime, int message) throws MidiException {
        checkOut(out);
        int status = message & 0xFF;
        if (status < 0x80 || status == 0xF0 || status == 0xF7) {
            throw new MidiException(MmResult.MMSYSERR_INVALPARAM,
                    String.format("0x%06X is not a short message (no status byte)", message));
        }
        clock.add(nanoTime + latencyNanos(out.caps().endpointId()), new Scheduled(out, message, null));
    }

    @Override
    public void longMsgAt(MidiOut out, long nanoTime, MidiHeader header) throws MidiException {
        checkOut(out);
        if (header == null) {
            throw new MidiException(MmResult.MMSYSERR_INVALPARAM, "header is null");
        }
        if (!header.isPrepared()) {
            throw new MidiException(MmResult.MIDIERR_UNPREPARED, "the header is not prepared");
        }
        clock.add(nanoTime + latencyNanos(out.caps().endpointId()), new Scheduled(out, 0, header));
    }

    private static void checkOut(MidiOut out) throws MidiException {
        if (out == null) {
            throw new MidiException(MmResult.MMSYSERR_INVALPARAM, "output handle is null");
        }
        if (!out.isOpen()) {
            throw new MidiException(MmResult.MMSYSERR_INVALHANDLE, "the output handle is closed");
        }
    }

    @Override
    public int cancel(MidiOut out) {
        return clock.remove(j -> j instanceof Scheduled s && s.out == out);
    }

    @Override
    public long latencyNanos(String endpointId) {
        return offsets.nanos(endpointId);
    }

    @Override
    public MidiStream openStream(OutOpener opener, StreamCallback callback) throws MidiException {
        if (opener == null) {
            throw new MidiException(MmResult.MMSYSERR_INVALPARAM, "opener is null");
        }
        Stream s = Stream.open(this, opener, callback);
        streams.add(s);
        return s;
    }

    Clock clock() {
        return clock;
    }

    ExecutorService callbacks() {
        return callbacks;
    }

    void closed(Stream s) {
        streams.remove(s);
    }

    /** A message scheduled on a handle. */
    private record Scheduled(MidiOut out, int message, MidiHeader header) implements Clock.Job {
        @Override
        public long run(long now) {
            if (!out.isOpen()) {
                LOG.debug("scheduled message dropped: {} was closed", out);
                return Clock.NEVER;
            }
            try {
                if (header == null) {
                    out.shortMsg(message);
                } else {
                    out.longMsg(header);
                }
            } catch (MidiException e) {
                LOG.warn("scheduled message to {} not sent: {}", out.caps().endpointId(), e.getMessage());
            }
            return Clock.NEVER;
        }
    }

    @Override
    public String toString() {
        return "StreamScheduler[offsets " + offsets + "]";
    }
}
