package org.midihost.web;

import java.io.IOException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The base of every JSON API servlet: a subclass overrides the methods it answers
 * ({@link #get}, {@link #post}, {@link #delete}); the others give 405 as JSON. An
 * {@link ApiException} becomes {@code {"error":"…"}} with its status, any other exception a 500
 * with its message (and a log line). Security (token, cross-site, Host) is not here: the
 * {@link ApiFilter} on {@code /api/*} has done it before a handler runs.
 */
public abstract class ApiServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ApiServlet.class);

    @Override
    protected final void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        try {
            switch (req.getMethod()) {
                case "GET" -> get(req, resp);
                case "POST" -> post(req, resp);
                case "DELETE" -> delete(req, resp);
                default -> throw notAllowed(req);
            }
        } catch (ApiException e) {
            if (!resp.isCommitted()) {
                Json.error(resp, e.status(), e.getMessage());
            }
        } catch (IOException e) {
            throw e; // the client went away: nothing to answer
        } catch (RuntimeException e) {
            LOG.warn("{} {} failed", req.getMethod(), req.getRequestURI(), e);
            if (!resp.isCommitted()) {
                Json.error(resp, 500, "internal error: " + e);
            }
        }
    }

    /** GET; 405 unless overridden. */
    protected void get(HttpServletRequest req, HttpServletResponse resp) throws ApiException, IOException {
        throw notAllowed(req);
    }

    /** POST; 405 unless overridden. */
    protected void post(HttpServletRequest req, HttpServletResponse resp) throws ApiException, IOException {
        throw notAllowed(req);
    }

    /** DELETE; 405 unless overridden. */
    protected void delete(HttpServletRequest req, HttpServletResponse resp) throws ApiException, IOException {
        throw notAllowed(req);
    }

    /** @return the 405 for a method this servlet does not answer */
    protected static ApiException notAllowed(HttpServletRequest req) {
        return new ApiException(405, req.getMethod() + " is not allowed on " + req.getRequestURI());
    }

    /**
     * @return the path below the servlet's pattern ({@code /p1/stop} for {@code /api/play/*}),
     *         never {@code null} ({@code ""} when there is none)
     */
    protected static String subPath(HttpServletRequest req) {
        String p = req.getPathInfo();
        return p == null ? "" : p;
    }
}
