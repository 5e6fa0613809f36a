package org.midihost.web;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.midihost.api.DeviceCaps;
import org.midihost.api.MidiException;
import org.midihost.api.MidiHost;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code GET /api/traffic?in=ENDPOINT&out=ENDPOINT…}: server-sent events of what arrives at the
 * named inputs and what clients send to the named outputs ({@link TrafficTap}): {@code midi} per
 * message, {@code rate} per device each second, {@code closed}/{@code reopened} when a device goes
 * and comes back, {@code dropped} when the browser read too slowly. Every endpoint is checked
 * before the stream starts: an unknown one is a 404, one that cannot be opened the host's error.
 * The stream runs on the request's thread; when the browser goes (a write fails, at the latest
 * at the next second's {@code rate}) the handles are closed.
 */
@Component(service = Servlet.class, property = { "osgi.http.whiteboard.servlet.name=midihost-traffic", "osgi.http.whiteboard.servlet.pattern=/api/traffic" })
public final class TrafficServlet extends ApiServlet {
    private static final long serialVersionUID = 1L;
    /** Traffic streams open at once at most (each holds a request thread and device handles). */
    static final int MAX_STREAMS = 16;

    private final transient MidiHost host;
    private final AtomicInteger streams = new AtomicInteger();
    /**
     * Counts {@link #destroy()}s: a stream ends when the count changes under it. Not a flag, because
     * the HTTP runtime may destroy and then init the same servlet again (Felix HTTP restarting for a
     * new port): streams opened after that must run, those opened before must end.
     */
    private final AtomicInteger destroyed = new AtomicInteger();

    /** @param host the host whose devices are watched */
    @Activate
    public TrafficServlet(@Reference MidiHost host) {
        this.host = host;
    }

    @Override
    public void destroy() {
        destroyed.incrementAndGet();
        super.destroy();
    }

    @Override
    protected void get(HttpServletRequest req, HttpServletResponse resp) throws ApiException, IOException {
        Set<String> ins = values(req, "in");
        Set<String> outs = values(req, "out");
        int generation = destroyed.get();
        if (ins.isEmpty() && outs.isEmpty()) {
            throw new ApiException(400, "name at least one device: ?in=ENDPOINT (an input) or ?out=ENDPOINT (an output)");
        }
        check(ins, host.inDevices().devices(), "input");
        refuseMapper(outs);
        check(outs, host.outDevices().devices(), "output");
        if (streams.incrementAndGet() > MAX_STREAMS) {
            streams.decrementAndGet();
            throw new ApiException(503, "too many traffic views open (" + MAX_STREAMS + "); close one");
        }
        try (TrafficTap tap = new TrafficTap(host)) {
            try {
                for (String in : ins) {
                    tap.openInput(in);
                }
                for (String out : outs) {
                    tap.spyOutput(out);
                }
            } catch (MidiException e) {
                throw HostErrors.of(e);
            }
            run(tap, new SseWriter(resp), generation);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            streams.decrementAndGet();
        }
    }

    private void run(TrafficTap tap, SseWriter sse, int generation) throws IOException, InterruptedException {
        long lastTick = System.nanoTime();
        while (destroyed.get() == generation) {
            long untilTick = TimeUnit.SECONDS.toNanos(1) - (System.nanoTime() - lastTick);
            List<String> frames = untilTick > 0 ? tap.take(untilTick, TimeUnit.NANOSECONDS) : List.of();
            long now = System.nanoTime();
            if (now - lastTick >= TimeUnit.SECONDS.toNanos(1)) {
                List<String> all = new ArrayList<>(frames);
                all.addAll(tap.tick((now - lastTick) / 1e9));
                frames = all;
                lastTick = now;
            }
            if (!frames.isEmpty()) {
                sse.write(frames);
            }
        }
    }

    private static Set<String> values(HttpServletRequest req, String name) throws ApiException {
        String[] v = req.getParameterValues(name);
        Set<String> out = new LinkedHashSet<>();
        if (v != null) {
            for (String s : v) {
                if (s.isBlank()) {
                    throw new ApiException(400, "?" + name + "= is empty: give an endpoint id such as loopback/0");
                }
                out.add(s.trim());
            }
        }
        return out;
    }

    /** The mapper picks an output at each open: there is nothing to spy on but the output it stands for. */
    private void refuseMapper(Set<String> outs) throws ApiException {
        String mapper;
        try {
            mapper = host.outCaps(MidiHost.MIDI_MAPPER).endpointId();
        } catch (MidiException e) {
            return; // no mapper now: its endpoint id is unknown, and check() says "no output"
        }
        if (outs.contains(mapper)) {
            String now = host.mapperOutput().map(c -> "; watch the output it stands for now, " + c.endpointId()).orElse("");
            throw new ApiException(400, mapper + " is the MIDI mapper, not a device: it cannot be watched" + now);
        }
    }

    private static void check(Set<String> endpoints, List<? extends DeviceCaps> devices, String what) throws ApiException {
        for (String e : endpoints) {
            if (devices.stream().noneMatch(d -> d.endpointId().equals(e))) {
                throw new ApiException(404, "no " + what + " has the endpoint id " + e + " now");
            }
        }
    }
}
