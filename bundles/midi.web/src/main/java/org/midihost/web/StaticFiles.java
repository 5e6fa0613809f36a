package org.midihost.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * The page's static files: {@code web/} inside this bundle, served at {@code /} (the whiteboard's
 * default servlet, so every path that no other servlet takes), {@code index.html} for {@code /}.
 * GET and HEAD only. A path with a {@code ..}, {@code .} or empty segment, a backslash or a
 * control character, a directory, or a file that is not there gives 404: there is no listing and
 * nothing outside {@code web/} is reachable. Every answer carries the page's security headers: a
 * Content-Security-Policy that allows only this origin's scripts and styles (no inline ones),
 * {@code X-Frame-Options: DENY} and {@code X-Content-Type-Options: nosniff}.
 */
@Component(service = Servlet.class, property = { "osgi.http.whiteboard.servlet.name=midihost-page", "osgi.http.whiteboard.servlet.pattern=/" })
public final class StaticFiles extends HttpServlet {
    private static final long serialVersionUID = 1L;
    /** The folder inside the bundle. */
    static final String ROOT = "web";
    /** The page's Content-Security-Policy. */
    static final String CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'";
    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html;charset=utf-8"),
            Map.entry("css", "text/css;charset=utf-8"),
            Map.entry("js", "text/javascript;charset=utf-8"),
            Map.entry("mjs", "text/javascript;charset=utf-8"),
            Map.entry("json", "application/json;charset=utf-8"),
            Map.entry("txt", "text/plain;charset=utf-8"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("woff2", "font/woff2"),
            Map.entry("mid", "audio/midi"));

    private final transient Bundle bundle;

    /** @param context this bundle's context: the files are its entries */
    @Activate
    public StaticFiles(BundleContext context) {
        this.bundle = context.getBundle();
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setHeader("Content-Security-Policy", CSP);
        resp.setHeader("X-Frame-Options", "DENY");
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setHeader("Referrer-Policy", "no-referrer");
        String method = req.getMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            resp.setHeader("Allow", "GET, HEAD");
            text(resp, 405, method + " is not allowed on the page's files");
            return;
        }
        String path = entryPath(pathOf(req));
        URL url = path == null ? null : bundle.getEntry(path);
        if (url == null || bundle.getEntry(path + "/") != null) {
            text(resp, 404, "not found: " + req.getRequestURI());
            return;
        }
        byte[] body;
        try (InputStream in = url.openStream()) {
            body = in.readAllBytes();
        }
        resp.setStatus(200);
        resp.setContentType(contentType(path));
        resp.setHeader("Cache-Control", "no-cache");
        resp.setContentLength(body.length);
        if (method.equals("GET")) {
            try (OutputStream out = resp.getOutputStream()) {
                out.write(body);
            }
        }
    }

    /** @return the decoded path of the request below the context, {@code /} at least */
    private static String pathOf(HttpServletRequest req) {
        String servletPath = req.getServletPath() == null ? "" : req.getServletPath();
        String info = req.getPathInfo() == null ? "" : req.getPathInfo();
        String p = servletPath + info;
        return p.isEmpty() ? "/" : p;
    }

    /**
     * @param path the decoded request path, starting with {@code /}
     * @return the bundle entry under {@link #ROOT} for it, or {@code null} if the path is not one
     *         the page may serve
     */
    static String entryPath(String path) {
        if (path == null || !path.startsWith("/")) {
            return null;
        }
        if (path.equals("/")) {
            return ROOT + "/index.html";
        }
        if (path.endsWith("/")) {
            return null; // a directory: no listing
        }
        for (String segment : path.substring(1).split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return null;
            }
            for (int i = 0; i < segment.length(); i++) {
                char c = segment.charAt(i);
                if (c < 0x20 || c == 0x7F || c == '\\' || c == ':') {
                    return null;
                }
            }
        }
        return ROOT + path;
    }

    /** @return the Content-Type for an entry, by its extension; {@code application/octet-stream} if unknown */
    static String contentType(String path) {
        int dot = path.lastIndexOf('.');
        int slash = path.lastIndexOf('/');
        if (dot < 0 || dot < slash) {
            return "application/octet-stream";
        }
        return TYPES.getOrDefault(path.substring(dot + 1).toLowerCase(Locale.ROOT), "application/octet-stream");
    }

    private static void text(HttpServletResponse resp, int status, String message) throws IOException {
        byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
        resp.setStatus(status);
        resp.setContentType("text/plain;charset=utf-8");
        resp.setHeader("Cache-Control", "no-store");
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }
}
