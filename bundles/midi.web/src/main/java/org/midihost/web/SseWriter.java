package org.midihost.web;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import javax.servlet.http.HttpServletResponse;

/**
 * Writes a server-sent event stream ({@code text/event-stream}) on a response: the headers, then
 * {@code event: NAME / data: JSON} frames and {@code :} keep-alive comments, each flushed. Used by
 * one thread, the request's; an {@link IOException} means the browser went away.
 */
final class SseWriter {
    private final OutputStream out;
    private final HttpServletResponse resp;

    /**
     * Starts the stream: 200, the SSE headers, and a first comment so that the browser's
     * EventSource opens at once.
     */
    SseWriter(HttpServletResponse resp) throws IOException {
        this.resp = resp;
        resp.setStatus(200);
        resp.setContentType("text/event-stream;charset=utf-8");
        resp.setHeader("Cache-Control", "no-store");
        resp.setHeader("X-Accel-Buffering", "no"); // a proxy in front must not hold events back
        this.out = resp.getOutputStream();
        comment();
    }

    /**
     * @param event the event name
     * @param json its data, one line of JSON
     * @return the frame as SSE text
     */
    static String frame(String event, String json) {
        if (json.indexOf('\n') >= 0 || json.indexOf('\r') >= 0 || event.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("an SSE frame's name and data are one line each");
        }
        return "event: " + event + "\ndata: " + json + "\n\n";
    }

    /** Writes frames (as {@link #frame} made them) and flushes. */
    void write(Iterable<String> frames) throws IOException {
        for (String f : frames) {
            out.write(f.getBytes(StandardCharsets.UTF_8));
        }
        resp.flushBuffer();
    }

    /** Writes one frame and flushes. */
    void write(String frame) throws IOException {
        out.write(frame.getBytes(StandardCharsets.UTF_8));
        resp.flushBuffer();
    }

    /** Writes the keep-alive comment line {@code :} and flushes. */
    void comment() throws IOException {
        out.write(":\n\n".getBytes(StandardCharsets.UTF_8));
        resp.flushBuffer();
    }
}
