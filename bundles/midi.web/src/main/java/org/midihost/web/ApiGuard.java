package org.midihost.web;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Set;

/**
 * The API's security rules, as a pure function of what a request carries (so that each rule can
 * be tested alone; {@link ApiFilter} applies them to every request under {@code /api/}):
 * <ol>
 * <li>From loopback, the {@code Host} header must name loopback ({@code localhost},
 * {@code 127.0.0.1}, {@code [::1]}, any port): otherwise a page of another site whose name was
 * re-pointed to 127.0.0.1 (DNS rebinding) could read the API. 403.</li>
 * <li>From any other address, a token is needed: {@code Authorization: Bearer TOKEN}, or, for an
 * EventSource GET ({@code Accept: text/event-stream}) only, {@code ?token=TOKEN}. No token
 * configured: 403; a missing or wrong one: 401.</li>
 * <li>POST, PUT, PATCH and DELETE need {@code X-Midihost: 1} (a header a cross-site form cannot
 * send, and that makes a cross-site fetch ask a CORS preflight we never answer) and, when an
 * {@code Origin} is present, that origin must be the one the request was sent to. 403.</li>
 * <li>A request body must be {@code application/json}, except on the paths that take raw bytes
 * ({@link #RAW_BODY_PATHS}, whose servlets check their own types). 415.</li>
 * </ol>
 */
final class ApiGuard {
    /** The API paths whose POST body is not JSON (a Standard MIDI File upload). */
    static final Set<String> RAW_BODY_PATHS = Set.of("/api/files");
    static final String NO_TOKEN = "set a token in org.midihost.web to use the page beyond this machine";
    static final String CROSS_SITE = "cross-site request refused";

    /** What the rules look at in a request. Header values are {@code null} when absent. */
    record Incoming(String method, String path, String scheme, String remoteAddr, String host, String origin,
            String authorization, String queryToken, String accept, String contentType, boolean hasBody,
            String xMidihost) {
    }

    /** A refused request: the status and the message for {@code {"error":…}}. */
    record Refusal(int status, String message) {
    }

    private ApiGuard() {
    }

    /**
     * @param r the request
     * @param token the configured token; {@code null} or empty when none is configured
     * @return why the request is refused, or {@code null} if it may go on
     */
    static Refusal check(Incoming r, String token) {
        if (isLoopback(r.remoteAddr())) {
            String hostName = hostName(r.host());
            if (hostName == null || !isLoopbackName(hostName)) {
                return new Refusal(403, "the Host header " + (r.host() == null ? "is missing" : "'" + r.host() + "' is not this machine")
                        + ": from loopback, use localhost, 127.0.0.1 or [::1] (refused against DNS rebinding)");
            }
        } else {
            if (token == null || token.isEmpty()) {
                return new Refusal(403, NO_TOKEN);
            }
            String given = bearer(r.authorization());
            if (given == null && "GET".equals(r.method()) && r.accept() != null
                    && r.accept().toLowerCase(Locale.ROOT).contains("text/event-stream")) {
                given = r.queryToken();
            }
            if (given == null) {
                return new Refusal(401, "a token is needed from " + r.remoteAddr() + ": send Authorization: Bearer TOKEN");
            }
            if (!MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
                return new Refusal(401, "wrong token");
            }
        }
        if (changesState(r.method())) {
            if (!"1".equals(r.xMidihost())) {
                return new Refusal(403, CROSS_SITE + ": the header X-Midihost: 1 is missing");
            }
            if (r.origin() != null && !sameOrigin(r.origin(), r.scheme(), r.host())) {
                return new Refusal(403, CROSS_SITE + ": Origin " + r.origin() + " is not " + r.scheme() + "://" + r.host());
            }
            if (r.hasBody() && !RAW_BODY_PATHS.contains(r.path()) && !Json.isJson(r.contentType())) {
                return new Refusal(415, "the body must be JSON (Content-Type: application/json), not "
                        + (r.contentType() == null ? "no Content-Type" : r.contentType()));
            }
        }
        return null;
    }

    static boolean changesState(String method) {
        return switch (method) {
            case "POST", "PUT", "PATCH", "DELETE" -> true;
            default -> false;
        };
    }

    /** @return whether an IP address literal (as {@code getRemoteAddr} gives it) is a loopback address */
    static boolean isLoopback(String addr) {
        if (addr == null || addr.isEmpty()) {
            return false;
        }
        String a = addr.startsWith("[") && addr.endsWith("]") ? addr.substring(1, addr.length() - 1) : addr;
        // only literals: never a name look-up
        if (!a.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':' || c == '%')) {
            return false;
        }
        try {
            return InetAddress.getByName(a).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static boolean isLoopbackName(String hostName) {
        String h = hostName.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.equals("127.0.0.1") || h.equals("[::1]");
    }

    /** @return the host part of a Host header ({@code [::1]} keeps its brackets), or {@code null} if malformed */
    static String hostName(String host) {
        if (host == null || host.isEmpty()) {
            return null;
        }
        String h = host.trim();
        if (h.startsWith("[")) {
            int close = h.indexOf(']');
            if (close < 0) {
                return null;
            }
            String rest = h.substring(close + 1);
            if (!rest.isEmpty() && !rest.matches(":\\d{1,5}")) {
                return null;
            }
            return h.substring(0, close + 1);
        }
        int colon = h.indexOf(':');
        if (colon >= 0) {
            if (!h.substring(colon).matches(":\\d{1,5}")) {
                return null;
            }
            return h.substring(0, colon);
        }
        return h;
    }

    /** @return the token of an {@code Authorization: Bearer TOKEN} header, or {@code null} */
    static String bearer(String authorization) {
        if (authorization == null) {
            return null;
        }
        String a = authorization.trim();
        if (a.length() > 7 && a.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String t = a.substring(7).trim();
            return t.isEmpty() ? null : t;
        }
        return null;
    }

    /**
     * @return whether an Origin header names {@code scheme://host} (the Host header's value, whose
     *         port may be left out when it is the scheme's default)
     */
    static boolean sameOrigin(String origin, String scheme, String host) {
        if (host == null || scheme == null) {
            return false;
        }
        try {
            URI o = new URI(origin);
            URI target = new URI(scheme + "://" + host);
            return o.getScheme() != null && o.getScheme().equalsIgnoreCase(target.getScheme()) && o.getHost() != null
                    && o.getHost().equalsIgnoreCase(target.getHost()) && port(o) == port(target)
                    && (o.getPath() == null || o.getPath().isEmpty());
        } catch (URISyntaxException e) {
            return false; // "null" and anything else that is not an origin
        }
    }

    private static int port(URI u) {
        if (u.getPort() >= 0) {
            return u.getPort();
        }
        return "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }
}
