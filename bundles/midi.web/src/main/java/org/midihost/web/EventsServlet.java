package org.midihost.web;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code GET /api/events}: server-sent events for the page: {@code devices} and {@code drivers}
 * (and {@code routes}, {@code playback} from the components that publish them) on connect and on
 * every change, a {@code :} comment every {@link #KEEP_ALIVE_SECONDS} s. The stream runs on the
 * request's thread until the browser goes (a write fails) or the component stops; what it
 * writes comes from its {@link EventHub.Mailbox}, so publishers never wait for it.
 */
@Component(service = Servlet.class, property = { "osgi.http.whiteboard.servlet.name=midihost-events", "osgi.http.whiteboard.servlet.pattern=/api/events" })
public final class EventsServlet extends ApiServlet {
    private static final long serialVersionUID = 1L;
    /** The keep-alive comment's period. */
    static final long KEEP_ALIVE_SECONDS = 15;

    private final transient EventHub hub;
    /**
     * Counts {@link #destroy()}s: a stream ends when the count changes under it. Not a flag, because
     * the HTTP runtime may destroy and then init the same servlet again (Felix HTTP restarting for a
     * new port): streams opened after that must run, those opened before must end.
     */
    private final AtomicInteger destroyed = new AtomicInteger();

    /** @param hub the events */
    @Activate
    public EventsServlet(@Reference EventHub hub) {
        this.hub = hub;
    }

    @Override
    public void destroy() {
        destroyed.incrementAndGet();
        super.destroy();
    }

    @Override
    protected void get(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        int generation = destroyed.get();
        EventHub.Mailbox box = hub.subscribe();
        try {
            SseWriter sse = new SseWriter(resp);
            while (destroyed.get() == generation) {
                // wake every second to notice a deactivation; the comment only every KEEP_ALIVE_SECONDS
                long quietSince = System.nanoTime();
                List<String> frames = List.of();
                while (frames.isEmpty() && destroyed.get() == generation
                        && System.nanoTime() - quietSince < TimeUnit.SECONDS.toNanos(KEEP_ALIVE_SECONDS)) {
                    frames = box.take(1, TimeUnit.SECONDS);
                }
                if (frames.isEmpty()) {
                    sse.comment();
                } else {
                    sse.write(frames);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            hub.unsubscribe(box);
        }
    }
}
