package org.midihost.web;

import java.io.IOException;
import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The whiteboard filter on {@code /api/*}: every API servlet, of this bundle's packages or
 * another's, is behind {@link ApiGuard}'s rules without code of its own. It also marks every API
 * answer {@code Cache-Control: no-store} and {@code X-Content-Type-Options: nosniff}. Its
 * configuration (PID {@code org.midihost.web}) is the token that requests from beyond this machine
 * must carry; a change applies to the next request, without a restart.
 */
@Component(service = Filter.class, configurationPid = ApiFilter.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = { "osgi.http.whiteboard.filter.name=midihost-api", "osgi.http.whiteboard.filter.pattern=/api/*", "osgi.http.whiteboard.filter.asyncSupported=true" })
@Designate(ocd = ApiFilter.Config.class)
public final class ApiFilter implements Filter {
    /** The configuration PID of the web page. */
    public static final String PID = "org.midihost.web";

    /** The web page's configuration. */
    @ObjectClassDefinition(name = "midihost web page", description = "Who may use the web page's API")
    public @interface Config {
        /**
         * @return the token that a request from another machine must carry ({@code Authorization:
         *         Bearer TOKEN}); empty: the page answers only on this machine
         */
        @AttributeDefinition(name = "token", description = "The token a request from another machine must carry "
                + "(Authorization: Bearer TOKEN, or #token=TOKEN in the page's address). Empty: only this machine.")
        String token() default "";
    }

    /** The token in force: replaced whole by {@link #modified}, read by request threads. */
    private volatile String token;

    /** @param config the configuration (defaults when there is none) */
    @Activate
    public ApiFilter(Config config) {
        this.token = config.token().trim();
    }

    /** @param config the new configuration */
    @Modified
    void modified(Config config) {
        this.token = config.token().trim();
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest req = (HttpServletRequest) request;
        HttpServletResponse resp = (HttpServletResponse) response;
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setHeader("Cache-Control", "no-store");
        ApiGuard.Refusal refusal = ApiGuard.check(incoming(req), token);
        if (refusal != null) {
            if (refusal.status() == 401) {
                resp.setHeader("WWW-Authenticate", "Bearer realm=\"midihost\"");
            }
            Json.error(resp, refusal.status(), refusal.message());
            return;
        }
        chain.doFilter(request, response);
    }

    private static ApiGuard.Incoming incoming(HttpServletRequest req) {
        String path = req.getRequestURI();
        String context = req.getContextPath();
        if (context != null && !context.isEmpty() && path.startsWith(context)) {
            path = path.substring(context.length());
        }
        boolean hasBody = req.getContentLengthLong() > 0 || req.getHeader("Transfer-Encoding") != null;
        return new ApiGuard.Incoming(req.getMethod(), path, req.getScheme(), req.getRemoteAddr(), req.getHeader("Host"),
                req.getHeader("Origin"), req.getHeader("Authorization"),
                // only a GET's query: getParameter on a POST would read (and use up) a form body
                "GET".equals(req.getMethod()) ? req.getParameter("token") : null,
                req.getHeader("Accept"), req.getContentType(), hasBody, req.getHeader("X-Midihost"));
    }
}
