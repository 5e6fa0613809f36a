package org.midihost.web.files;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.midihost.api.MidiException;
import org.midihost.api.MidiHost;
import org.midihost.api.MidiIn;
import org.midihost.api.OpenOptions;
import org.midihost.stream.smf.SmfRecorder;
import org.midihost.stream.smf.SmfWriter;
import org.midihost.web.ApiException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inputs recorded for the page ({@code POST /api/record}) into type-1 Standard MIDI Files, each
 * through the stream bundle's {@link SmfRecorder} as {@code midi:record} records. Bounded: a
 * recording stops by itself after {@value #MAX_MILLIS} ms (10 minutes) or {@value #MAX_BYTES}
 * bytes of events (1 MiB), or when its input goes away, and its status says which. The last
 * {@value #KEPT} recordings are kept in memory, the oldest stopped one dropped first.
 */
@Component(service = Recordings.class)
public final class Recordings {
    private static final Logger LOG = LoggerFactory.getLogger(Recordings.class);
    /** The longest recording: {@value} ms (10 minutes). */
    public static final long MAX_MILLIS = 10 * 60 * 1000;
    /** The most event bytes a recording keeps: {@value} (1 MiB). */
    public static final long MAX_BYTES = 1 << 20;
    /** How many recordings are kept: {@value}. */
    static final int KEPT = 16;
    /** Ticks per quarter note of a recorded file, as {@code midi:record} (at 120 beats per minute a tick is 1/960 s). */
    static final int PPQ = 480;
    /** How often the bounds are checked: {@value} ms. */
    static final long CHECK_MILLIS = 250;

    /**
     * A recording as the API shows it.
     *
     * @param id {@code r1}, …
     * @param input the input's endpoint id
     * @param state {@code recording} or {@code stopped}
     * @param events the messages recorded
     * @param durationMs the time of the last message from the start (the file's length)
     * @param elapsedMs the time from the start to now, or to the stop
     * @param stoppedBecause {@code stopped by request}, {@code the 10 minute limit}, … ; {@code null} (left out) while recording
     * @param errors malformed messages left out
     * @param lost messages the input lost to overflow
     */
    public record Status(String id, String input, String state, int events, long durationMs, long elapsedMs, String stoppedBecause,
            int errors, long lost) {
    }

    /** One recording. Its fields after {@code recorder} are set under {@link Recordings#lock}. */
    private static final class Recording {
        final String id;
        final String input;
        final String name;
        final SmfRecorder recorder;
        final MidiIn in;
        String stoppedBecause;
        long elapsedMs;
        byte[] file;

        Recording(String id, String input, String name, SmfRecorder recorder, MidiIn in) {
            this.id = id;
            this.input = input;
            this.name = name;
            this.recorder = recorder;
            this.in = in;
        }

        Status status() {
            return new Status(id, input, stoppedBecause == null ? "recording" : "stopped", recorder.events(), recorder.lengthMillis(),
                    stoppedBecause == null ? recorder.elapsedMillis() : elapsedMs, stoppedBecause, recorder.errors(), recorder.lost());
        }
    }

    private final MidiHost host;
    /** The bounds of every recording: {@link #MAX_MILLIS} and {@link #MAX_BYTES} (smaller in tests). */
    private final long maxMillis;
    private final long maxBytes;
    private final ScheduledExecutorService checker;
    /** Guards {@link #recordings}, {@link #next} and each recording's stop: request threads and the checker. */
    private final Object lock = new Object();
    private final Map<String, Recording> recordings = new LinkedHashMap<>();
    private int next = 1;

    /** @param host the host whose inputs are recorded */
    @Activate
    public Recordings(@Reference MidiHost host) {
        this(host, MAX_MILLIS, MAX_BYTES);
    }

    Recordings(MidiHost host, long maxMillis, long maxBytes) {
        this.host = host;
        this.maxMillis = maxMillis;
        this.maxBytes = maxBytes;
        this.checker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "midihost-web-record");
            t.setDaemon(true);
            return t;
        });
        checker.scheduleWithFixedDelay(this::check, CHECK_MILLIS, CHECK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Stops every recording and closes its input. */
    @Deactivate
    void close() {
        checker.shutdownNow();
        List<Recording> all;
        synchronized (lock) {
            all = new ArrayList<>(recordings.values());
        }
        for (Recording r : all) {
            finish(r, "the web page stopped");
        }
    }

    /**
     * Starts recording an input.
     *
     * @param input an endpoint id ({@code loopback/0}) or a device id ({@code 0})
     * @return the recording, state {@code recording}
     * @throws ApiException 400 without an input; 404 for an unknown input, 409 for one in use
     */
    public Status start(String input) throws ApiException {
        if (input == null || input.isBlank()) {
            throw new ApiException(400, "say which input to record: {\"input\":\"loopback/0\"}");
        }
        SmfRecorder recorder = new SmfRecorder(PPQ, maxBytes);
        MidiIn in;
        try {
            in = input.matches("-?[0-9]{1,9}") ? host.openIn(Integer.parseInt(input), recorder, OpenOptions.defaults())
                    : host.openIn(input, recorder, OpenOptions.defaults());
        } catch (MidiException e) {
            throw Playbacks.prefixed(e, "cannot open input '" + input + "'");
        }
        try {
            recorder.start(in);
        } catch (MidiException e) {
            closeInput(in);
            throw Playbacks.prefixed(e, "cannot record input '" + input + "'");
        }
        String endpoint = in.caps().endpointId();
        String name = in.caps().productName();
        Recording r;
        synchronized (lock) {
            r = new Recording("r" + next++, endpoint, name, recorder, in);
            recordings.put(r.id, r);
            forgetOld();
            return r.status();
        }
    }

    /**
     * Stops a recording (if it has not stopped by itself) and keeps its file.
     *
     * @param id its id
     * @return its final status
     * @throws ApiException 404 for an unknown id
     */
    public Status stop(String id) throws ApiException {
        Recording r = find(id);
        finish(r, "stopped by request");
        synchronized (lock) {
            return r.status();
        }
    }

    /**
     * @param id a recording's id
     * @return its status
     * @throws ApiException 404 for an unknown id
     */
    public Status status(String id) throws ApiException {
        Recording r = find(id);
        synchronized (lock) {
            return r.status();
        }
    }

    /** @return every recording kept, oldest first */
    public List<Status> list() {
        synchronized (lock) {
            return recordings.values().stream().map(Recording::status).toList();
        }
    }

    /**
     * @param id a stopped recording's id
     * @return the Standard MIDI File (type 1) and a file name for it
     * @throws ApiException 404 for an unknown id; 409 while it records
     */
    public Download file(String id) throws ApiException {
        Recording r = find(id);
        synchronized (lock) {
            if (r.file == null) {
                throw new ApiException(409, "recording '" + id + "' is still running: stop it first (POST /api/record/" + id + "/stop)");
            }
            return new Download("midihost-" + r.input.replaceAll("[^A-Za-z0-9_.-]", "_") + "-" + id + ".mid", r.file);
        }
    }

    /**
     * A recorded file.
     *
     * @param name a file name for it
     * @param bytes the file
     */
    public record Download(String name, byte[] bytes) {
    }

    private Recording find(String id) throws ApiException {
        synchronized (lock) {
            Recording r = recordings.get(id);
            if (r == null) {
                throw new ApiException(404, "no recording '" + id + "' (the last " + KEPT + " are kept)");
            }
            return r;
        }
    }

    /** Stops a recording once: the first caller's reason stays. Closes the input outside the lock. */
    private void finish(Recording r, String why) {
        synchronized (lock) {
            if (r.stoppedBecause != null) {
                return;
            }
            r.recorder.stop();
            r.elapsedMs = r.recorder.elapsedMillis();
            r.stoppedBecause = why;
            r.file = new SmfWriter().toBytes(r.recorder.toSmf(r.name));
        }
        closeInput(r.in);
    }

    /** The checker: ends recordings past their bounds or whose input went. */
    private void check() {
        try {
            List<Recording> running;
            synchronized (lock) {
                running = recordings.values().stream().filter(r -> r.stoppedBecause == null).toList();
            }
            for (Recording r : running) {
                if (r.recorder.isClosed()) {
                    finish(r, "the input " + r.input + " went away");
                } else if (r.recorder.isFull()) {
                    finish(r, "the limit of " + maxBytes + " bytes of events");
                } else if (r.recorder.elapsedMillis() >= maxMillis) {
                    finish(r, "the limit of " + (maxMillis % 60_000 == 0 ? maxMillis / 60_000 + " minutes" : maxMillis + " ms"));
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("checking recordings failed", e); // never kill the checker
        }
    }

    private static void closeInput(MidiIn in) {
        try {
            if (in.isOpen()) {
                in.reset();
                in.close();
            }
        } catch (MidiException e) {
            LOG.debug("closing input {}", in, e); // its driver went: nothing left to close
        }
    }

    /** Drops the oldest stopped recordings beyond {@link #KEPT}. Holding {@link #lock}. */
    private void forgetOld() {
        long stopped = recordings.values().stream().filter(r -> r.stoppedBecause != null).count();
        Iterator<Recording> it = recordings.values().iterator();
        while (recordings.size() > KEPT && stopped > 0 && it.hasNext()) {
            if (it.next().stoppedBecause != null) {
                it.remove();
                stopped--;
            }
        }
    }
}
