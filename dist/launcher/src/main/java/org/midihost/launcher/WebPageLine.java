package org.midihost.launcher;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.ServiceReference;

/**
 * The line that says where the web page is ({@code web page: http://127.0.0.1:8080/}), or why it
 * is off ({@code web page off: …}), printed after "ready" and again whenever the HTTP server comes,
 * goes or moves (an {@code org.apache.felix.http.cfg} dropped into the deploy folder). It reads
 * the {@code osgi.http.endpoint} property of the whiteboard's {@code HttpServiceRuntime} service,
 * by name, so the launcher needs no HTTP package. Felix HTTP's own log is off in the distribution
 * (its failure to bind is a stack trace): this line is the one report of a port that is taken.
 */
final class WebPageLine implements ServiceListener {
    /** The whiteboard runtime's service name (OSGi HTTP Whiteboard 1.1). */
    static final String RUNTIME = "org.osgi.service.http.runtime.HttpServiceRuntime";
    static final String ENDPOINT = "osgi.http.endpoint";
    /** The bundle that serves the page in this distribution. */
    static final String HTTP_BUNDLE = "org.apache.felix.http.jetty";

    private final BundleContext context;
    private final Consumer<String> out;
    /** The last line printed, so that a service modification that changes nothing prints nothing. Guarded by this. */
    private String last;

    /**
     * @param context the launcher's bundle context
     * @param out where a line goes
     */
    WebPageLine(BundleContext context, Consumer<String> out) {
        this.context = context;
        this.out = out;
    }

    /** Prints the line for now and follows the runtime service from here on. */
    void start() {
        try {
            context.addServiceListener(this, "(objectClass=" + RUNTIME + ")");
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e); // a constant, valid filter
        }
        print(line());
    }

    /** Stops following the runtime service. */
    void stop() {
        context.removeServiceListener(this);
    }

    @Override
    public void serviceChanged(ServiceEvent event) {
        print(line());
    }

    private void print(String line) {
        if (line == null) {
            return;
        }
        synchronized (this) {
            if (line.equals(last)) {
                return;
            }
            last = line;
        }
        out.accept(line);
    }

    /** @return the line for now; {@code null} when the distribution has no HTTP server at all */
    String line() {
        ServiceReference<?>[] refs;
        try {
            refs = context.getAllServiceReferences(RUNTIME, null);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        if (refs != null) {
            for (ServiceReference<?> r : refs) {
                String text = describe(endpoints(r.getProperty(ENDPOINT)),
                        isWildcard(property("org.apache.felix.http.host", "0.0.0.0")));
                if (text != null) {
                    return "web page: " + text;
                }
            }
        }
        Bundle http = null;
        for (Bundle b : context.getBundles()) {
            if (HTTP_BUNDLE.equals(b.getSymbolicName())) {
                http = b;
            }
        }
        if (http == null) {
            return null;
        }
        String host = property("org.apache.felix.http.host", "0.0.0.0");
        String port = property("org.osgi.service.http.port", "8080");
        if (http.getState() != Bundle.ACTIVE) {
            return "web page off: " + HTTP_BUNDLE + " is not active";
        }
        return "web page off: cannot listen on " + host + ":" + port + whyNot(host, port)
                + "; choose another port with -Dorg.osgi.service.http.port=PORT or an org.apache.felix.http.cfg in the deploy folder";
    }

    private String property(String name, String otherwise) {
        String v = context.getProperty(name);
        return v == null || v.isBlank() ? otherwise : v.trim();
    }

    /** @return ": REASON" from trying to bind the address ourselves (closed at once), or "" */
    static String whyNot(String host, String port) {
        int p;
        try {
            p = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            return ": '" + port + "' is not a port number";
        }
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(host, p));
            return "";
        } catch (IOException | IllegalArgumentException | SecurityException e) {
            String m = e.getMessage();
            return ": " + (m == null ? e.getClass().getSimpleName() : m.toLowerCase(java.util.Locale.ROOT));
        }
    }

    /** @return whether a bind address means every address of this machine */
    static boolean isWildcard(String host) {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]") || host.equals("*");
    }

    /** @return the URLs of an {@code osgi.http.endpoint} value (a String, String[] or Collection) */
    static List<String> endpoints(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof String s && !s.isBlank()) {
            out.add(s);
        } else if (value instanceof String[] a) {
            out.addAll(Arrays.asList(a));
        } else if (value instanceof Collection<?> c) {
            c.forEach(e -> out.add(String.valueOf(e)));
        }
        return out;
    }

    /**
     * The URL to open on this machine first (127.0.0.1 or localhost when the server listens
     * there, else its first IPv4 address), then, when it listens on every address, the IPv4 ones
     * other machines can use: Felix HTTP lists one URL per interface address for 0.0.0.0, IPv6 and
     * link-local ones among them.
     *
     * @param urls the endpoint URLs
     * @param everyAddress whether the server listens on every address (then 127.0.0.1 is one,
     *        though Felix HTTP does not list it)
     * @return the text after "web page: ", or {@code null} if there is none
     */
    static String describe(List<String> urls, boolean everyAddress) {
        if (urls.isEmpty()) {
            return null;
        }
        String local = null;
        if (everyAddress) {
            try {
                int port = java.net.URI.create(urls.get(0)).getPort();
                local = "http://127.0.0.1:" + (port < 0 ? 80 : port) + "/";
            } catch (IllegalArgumentException e) {
                // not a URL: the list is shown as it is
            }
        }
        List<String> others = new ArrayList<>();
        for (String u : urls) {
            if (u.contains("://127.0.0.1:") || u.contains("://localhost:")) {
                if (local == null) {
                    local = u;
                }
            } else if (!u.contains("://[") && !u.contains("://169.254.")) {
                others.add(u);
            }
        }
        if (local == null) {
            local = others.isEmpty() ? urls.get(0) : others.remove(0);
        }
        return others.isEmpty() ? local : local + " (from other machines: " + String.join(", ", others) + ")";
    }
}
