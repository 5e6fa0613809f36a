package org.midihost.web.files;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.midihost.api.MidiException;
import org.midihost.api.MidiHost;
import org.midihost.api.MidiStream;
import org.midihost.api.OpenOptions;
import org.midihost.stream.smf.SmfPlayback;
import org.midihost.web.ApiException;
import org.midihost.web.EventHub;
import org.midihost.web.HostErrors;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files playing on outputs for the page ({@code POST /api/play}), each through the stream
 * bundle's {@link SmfPlayback} as {@code midi:play} plays them. One thread (the ticker) sends
 * every playback's progress every {@value #TICK_MILLIS} ms as event {@value #EVENT} of
 * {@code /api/events} (through the {@link EventHub}, keyed by playback, so that a slow page gets
 * the latest), and finishes a playback when its stream has played it (state {@code done}) or
 * closed under it ({@code error}); {@link #stop(String)} finishes it as {@code stopped}; each end
 * is sent once more. The last {@value #KEPT} ended playbacks are remembered for {@code GET /api/play}.
 */
@Component(service = Playbacks.class)
public final class Playbacks {
    private static final Logger LOG = LoggerFactory.getLogger(Playbacks.class);
    /** How often progress is reported: {@value} ms (the contract says at least every 250 ms). */
    static final long TICK_MILLIS = 200;
    /** The event of {@code /api/events} that carries a playback's {@link Status}: {@value}. */
    public static final String EVENT = "playback";
    /** How many ended playbacks are remembered: {@value}. */
    static final int KEPT = 16;

    /**
     * A playback as the API shows it.
     *
     * @param id {@code p1}, …
     * @param file the file's id
     * @param output the output's endpoint id
     * @param positionMs where it is, in milliseconds
     * @param durationMs the file's length
     * @param state {@code playing}, {@code done}, {@code stopped} or {@code error}
     * @param error why it ended in error, else {@code null} (left out)
     */
    public record Status(String id, String file, String output, long positionMs, long durationMs, String state, String error) {
    }

    /** One file playing or played. Its {@link #status} is replaced whole; {@link #ended} is set once. */
    private static final class Playing {
        final String id;
        final String file;
        final String output;
        final SmfPlayback player;
        volatile Status status;
        /** Set once, by whoever ends the playback first (ticker or stop), under {@link Playbacks#lock}. */
        boolean ended;

        Playing(String id, String file, String output, SmfPlayback player) {
            this.id = id;
            this.file = file;
            this.output = output;
            this.player = player;
            this.status = new Status(id, file, output, 0, player.durationMillis(), "playing", null);
        }

        Status status(long positionMs, String state, String error) {
            return new Status(id, file, output, positionMs, player.durationMillis(), state, error);
        }
    }

    private final MidiHost host;
    private final FileStore files;
    private final ScheduledExecutorService ticker;
    /** Where progress goes: the event hub's {@code send}, or a test's collector. Called with no lock held. */
    private final Consumer<Status> publish;
    /** Guards {@link #playbacks}, {@link #next} and each {@link Playing#ended}: request threads and the ticker. */
    private final Object lock = new Object();
    private final Map<String, Playing> playbacks = new LinkedHashMap<>();
    private int next = 1;

    /**
     * @param host the host whose outputs play
     * @param files the uploaded files
     * @param events the page's event stream
     */
    @Activate
    public Playbacks(@Reference MidiHost host, @Reference FileStore files, @Reference EventHub events) {
        this(host, files, s -> events.send(EVENT + ":" + s.id(), EVENT, s));
    }

    Playbacks(MidiHost host, FileStore files, Consumer<Status> publish) {
        this.host = host;
        this.files = files;
        this.publish = publish;
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "midihost-web-playback");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Stops every file still playing and the ticker. */
    @Deactivate
    void close() {
        ticker.shutdownNow();
        List<Playing> all;
        synchronized (lock) {
            all = new ArrayList<>(playbacks.values());
        }
        for (Playing p : all) {
            try {
                p.player.close();
            } catch (MidiException e) {
                LOG.debug("closing playback {}", p.id, e);
            }
        }
    }

    /**
     * Starts playing a file.
     *
     * @param fileId an uploaded file's id
     * @param output the output: an endpoint id ({@code synth/0}) or a device id ({@code 1}, {@code -1} for the mapper)
     * @return the playback, state {@code playing}
     * @throws ApiException 404 for an unknown file or output, 409 for an output in use, 400 for a bad argument
     */
    public Status start(String fileId, String output) throws ApiException {
        if (fileId == null || fileId.isBlank()) {
            throw new ApiException(400, "say which file to play: {\"file\":\"f1\",\"output\":\"synth/0\"}");
        }
        if (output == null || output.isBlank()) {
            throw new ApiException(400, "say which output plays the file: {\"file\":\"" + fileId + "\",\"output\":\"synth/0\"}");
        }
        FileStore.Stored file = files.get(fileId).orElseThrow(() -> new ApiException(404,
                "no file '" + fileId + "' (uploaded files are kept in memory, the last " + FileStore.MAX_FILES + " only)"));
        SmfPlayback player = new SmfPlayback(file.smf());
        MidiStream stream;
        try {
            stream = output.matches("-?[0-9]{1,9}") ? host.openStream(Integer.parseInt(output), player, OpenOptions.defaults())
                    : host.openStream(output, player, OpenOptions.defaults());
        } catch (MidiException e) {
            throw prefixed(e, "cannot open output '" + output + "'");
        }
        String endpoint = stream.caps().endpointId();
        Playing p;
        synchronized (lock) {
            p = new Playing("p" + next++, fileId, endpoint, player);
            playbacks.put(p.id, p);
            forgetOld();
        }
        try {
            player.start(stream);
        } catch (MidiException e) {
            synchronized (lock) {
                p.ended = true;
                p.status = p.status(0, "error", e.getMessage());
            }
            closeQuietly(p);
            throw prefixed(e, "cannot play on '" + output + "'");
        }
        return p.status;
    }

    /**
     * Stops a playback.
     *
     * @param id its id
     * @return its last status, state {@code stopped}
     * @throws ApiException 404 for an unknown id, 409 if it ended already
     */
    public Status stop(String id) throws ApiException {
        Playing p;
        synchronized (lock) {
            p = playbacks.get(id);
        }
        if (p == null) {
            throw new ApiException(404, "no playback '" + id + "'");
        }
        long at;
        try {
            at = p.player.positionMillis();
            p.player.stop();
        } catch (MidiException e) {
            at = p.status.positionMs(); // the output went: the ticker reports the error
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "interrupted while stopping playback '" + id + "'");
        }
        Status end;
        synchronized (lock) {
            if (p.ended) {
                throw new ApiException(409, "playback '" + id + "' has ended already (" + p.status.state() + ")");
            }
            p.ended = true;
            end = p.status(at, "stopped", null);
            p.status = end;
        }
        closeQuietly(p);
        publish(List.of(end));
        return end;
    }

    /**
     * @param id a playback's id
     * @return its status, if it is remembered
     */
    public Optional<Status> status(String id) {
        synchronized (lock) {
            Playing p = playbacks.get(id);
            return p == null ? Optional.empty() : Optional.of(p.status);
        }
    }

    /** @return every playback remembered, oldest first */
    public List<Status> list() {
        synchronized (lock) {
            return playbacks.values().stream().map(p -> p.status).toList();
        }
    }

    /** The ticker: each playing file's progress, and the end of those that ended. */
    private void tick() {
        try {
            List<Playing> playing;
            synchronized (lock) {
                playing = playbacks.values().stream().filter(p -> !p.ended).toList();
            }
            List<Status> report = new ArrayList<>();
            for (Playing p : playing) {
                Status s;
                boolean done = p.player.isDone();
                if (done && p.player.isOpen()) {
                    s = p.status(p.player.durationMillis(), "done", null);
                } else if (done || !p.player.isOpen()) {
                    s = p.status(p.status.positionMs(), "error", "the output " + p.output + " went away while playing");
                } else {
                    try {
                        s = p.status(p.player.positionMillis(), "playing", null);
                    } catch (MidiException e) {
                        s = p.status(p.status.positionMs(), "error", e.getMessage());
                    }
                }
                boolean end = !s.state().equals("playing");
                synchronized (lock) {
                    if (p.ended) {
                        continue; // stopped meanwhile: stop() reported it
                    }
                    p.ended = end;
                    p.status = s;
                }
                if (end) {
                    closeQuietly(p);
                }
                report.add(s);
            }
            publish(report);
        } catch (RuntimeException e) {
            LOG.warn("playback progress failed", e); // never kill the ticker
        }
    }

    /** Sends the statuses; no lock held. */
    private void publish(List<Status> statuses) {
        for (Status s : statuses) {
            try {
                publish.accept(s);
            } catch (RuntimeException e) {
                LOG.warn("sending playback progress failed", e);
            }
        }
    }

    /** @return the host's error as the API gives it ({@link HostErrors}), its message led by what was being done */
    static ApiException prefixed(MidiException e, String what) {
        ApiException a = HostErrors.of(e);
        return new ApiException(a.status(), what + ": " + a.getMessage());
    }

    private static void closeQuietly(Playing p) {
        try {
            p.player.close();
        } catch (MidiException e) {
            LOG.debug("closing playback {}", p.id, e); // its driver went: nothing left to close
        }
    }

    /** Drops the oldest ended playbacks beyond {@link #KEPT}. Holding {@link #lock}. */
    private void forgetOld() {
        long endedCount = playbacks.values().stream().filter(p -> p.ended).count();
        Iterator<Playing> it = playbacks.values().iterator();
        while (endedCount > KEPT && it.hasNext()) {
            if (it.next().ended) {
                it.remove();
                endedCount--;
            }
        }
    }
}
