package org.midihost.web.files;

import com.google.gson.JsonObject;
import java.io.IOException;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.midihost.web.ApiException;
import org.midihost.web.ApiServlet;
import org.midihost.web.Json;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code POST /api/play} {@code {"file":"f1","output":"synth/0"}} → 201 with the playback
 * ({@code {"id":"p1",…}}); {@code POST /api/play/p1/stop} → 204; {@code GET /api/play} and
 * {@code GET /api/play/p1}: the playbacks' status, as the {@code playback} events carry it
 * ({@link Playbacks}).
 */
@Component(service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.name=midihost-play",
        "osgi.http.whiteboard.servlet.pattern=/api/play",
        "osgi.http.whiteboard.servlet.pattern=/api/play/*" })
public final class PlayServlet extends ApiServlet {
    private static final long serialVersionUID = 1L;

    private final transient Playbacks playbacks;

    /** @param playbacks the files playing */
    @Activate
    public PlayServlet(@Reference Playbacks playbacks) {
        this.playbacks = playbacks;
    }

    @Override
    protected void get(HttpServletRequest req, HttpServletResponse resp) throws ApiException, IOException {
        String[] path = Paths.segments(req);
        if (path.length == 0) {
            Json.write(resp, 200, playbacks.list());
        } else if (path.length == 1) {
            Json.write(resp, 200, playbacks.status(path[0]).orElseThrow(() -> new ApiException(404, "no playback '" + path[0] + "'")));
        } else {
            throw Paths.notFound(req);
        }
    }

    @Override
    protected void post(HttpServletRequest req, HttpServletResponse resp) throws ApiException, IOException {
        String[] path = Paths.segments(req);
        if (path.length == 0) {
            JsonObject body = Json.read(req);
            Paths.onlyKeys(body, "file", "output");
            Playbacks.Status s = playbacks.start(Paths.string(body, "file"), Paths.string(body, "output"));
            resp.setHeader("Location", "/api/play/" + s.id());
            Json.write(resp, 201, s);
        } else if (path.length == 2 && path[1].equals("stop")) {
            playbacks.stop(path[0]);
            resp.setStatus(204);
        } else {
            throw Paths.notFound(req);
        }
    }
}
