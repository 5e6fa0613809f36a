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
 * {@code POST /api/record} {@code {"input":"loopback/0"}} → 201 {@code {"id":"r1",…}};
 * {@code POST /api/record/r1/stop} → 200 {@code {"id":"r1","events":N,"durationMs":N,…}};
 * {@code GET /api/record/r1.mid} → the file ({@code audio/midi}, as an attachment);
 * {@code GET /api/record} and {@code GET /api/record/r1}: the recordings' status ({@link Recordings}).
 */
@Component(service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.name=midihost-record",
        "osgi.http.whiteboard.servlet.pattern=/api/record",
        "osgi.http.whiteboard.servlet.pattern=/api/record/*" })
public final class RecordServlet extends ApiServlet {
    private static final long serialVersionUID = 1L;

    private final transient Recordings recordings;

    /** @param recordings the recordings */
    @Activate
    public RecordServlet(@Reference Recordings recordings) {
        this.recordings = recordings;
    }

    @Override
    protected void get(HttpServletRequest req, HttpServletResponse resp) throws ApiException, IOException {
        String[] path = Paths.segments(req);
        if (path.length == 0) {
            Json.write(resp, 200, recordings.list());
        } else if (path.length == 1 && path[0].endsWith(".mid")) {
            Recordings.Download d = recordings.file(path[0].substring(0, path[0].length() - 4));
            resp.setStatus(200);
            resp.setContentType("audio/midi");
            resp.setHeader("Content-Disposition", "attachment; filename=\"" + d.name() + "\"");
            resp.setContentLength(d.bytes().length);
            resp.getOutputStream().write(d.bytes());
        } else if (path.length == 1) {
            Json.write(resp, 200, recordings.status(path[0]));
        } else {
            throw Paths.notFound(req);
        }
    }

    @Override
    protected void post(HttpServletRequest req, HttpServletResponse resp) throws ApiException, IOException {
        String[] path = Paths.segments(req);
        if (path.length == 0) {
            JsonObject body = Json.read(req);
            Paths.onlyKeys(body, "input");
            Recordings.Status s = recordings.start(Paths.string(body, "input"));
            resp.setHeader("Location", "/api/record/" + s.id());
            Json.write(resp, 201, s);
        } else if (path.length == 2 && path[1].equals("stop")) {
            Json.write(resp, 200, recordings.stop(path[0]));
        } else {
            throw Paths.notFound(req);
        }
    }
}
