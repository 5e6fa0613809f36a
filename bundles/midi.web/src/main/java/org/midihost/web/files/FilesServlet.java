package org.midihost.web.files;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
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
 * {@code POST /api/files}: an upload of a Standard MIDI File, the raw bytes as the body
 * ({@code Content-Type: audio/midi} or {@code application/octet-stream}, the name in
 * {@code X-Filename}, percent-encoded if it is not ASCII) → 201 with the file's id, format,
 * tracks and length; 413 beyond 1 MiB; 400 with the strict reader's message if it is not a valid
 * file. {@code GET /api/files}: the files kept ({@link FileStore}).
 */
@Component(service = Servlet.class, property = { "osgi.http.whiteboard.servlet.name=midihost-files", "osgi.http.whiteboard.servlet.pattern=/api/files" })
public final class FilesServlet extends ApiServlet {
    private static final long serialVersionUID = 1L;
    /** The body types an upload may have. */
    static final Set<String> TYPES = Set.of("audio/midi", "audio/x-midi", "audio/mid", "application/octet-stream");

    private final transient FileStore files;

    /** @param files where uploads are kept */
    @Activate
    public FilesServlet(@Reference FileStore files) {
        this.files = files;
    }

    @Override
    protected void get(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Json.write(resp, 200, files.list());
    }

    @Override
    protected void post(HttpServletRequest req, HttpServletResponse resp) throws ApiException, IOException {
        String type = req.getContentType() == null ? "" : req.getContentType().split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!TYPES.contains(type)) {
            throw new ApiException(415, "send the .mid file's bytes with Content-Type audio/midi or application/octet-stream, not "
                    + (type.isEmpty() ? "no Content-Type" : type));
        }
        String name = req.getHeader("X-Filename");
        if (name != null && name.indexOf('%') >= 0) {
            try {
                name = URLDecoder.decode(name.replace("+", "%2B"), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                // not percent-encoded after all: the name as it came
            }
        }
        FileStore.FileInfo info;
        try (InputStream in = req.getInputStream()) {
            info = files.add(name, req.getContentLengthLong(), in);
        } catch (ApiException e) {
            if (e.status() == 413) {
                resp.setHeader("Connection", "close"); // the rest of the body is not read
            }
            throw e;
        }
        Json.write(resp, 201, info);
    }
}
